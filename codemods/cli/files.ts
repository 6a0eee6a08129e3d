import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** What `untangle` migrates unless told otherwise. */
export const DEFAULT_EXTENSIONS: readonly string[] = Object.freeze(['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts']);

/** Directories never entered: dependencies and version control. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

export interface FileQuery {
  readonly extensions: readonly string[];
  /** Globs (`**`, `*`, `?`) matched against paths relative to `cwd`; a pattern without `/` matches any segment. */
  readonly ignorePatterns: readonly string[];
  readonly cwd: string;
}

/**
 * The files a run covers, sorted: the named files and every file below the named directories with one of the
 * extensions (declaration files aside, symbolic links inside directories not followed), minus `node_modules`, the
 * ignore patterns and what `.gitignore` excludes.
 */
export function selectFiles(paths: readonly string[], query: FileQuery): string[] {
  const extensions = new Set(query.extensions.map((extension) => extension.replace(/^\./, '')));
  const wanted = (file: string): boolean => extensions.has(path.extname(file).slice(1)) && !file.endsWith('.d.ts');
  const found = new Set<string>();
  const visit = (entry: string): void => {
    const stats = statSync(entry, { throwIfNoEntry: false });
    if (stats === undefined) throw new Error(`no such file or directory: ${path.relative(query.cwd, entry) || entry}`);
    if (stats.isFile()) {
      if (wanted(entry)) found.add(entry);
      return;
    }
    if (!stats.isDirectory()) return;
    for (const name of readdirSync(entry)) if (!ALWAYS_SKIPPED.has(name)) visitChild(path.join(entry, name));
  };
  const visitChild = (entry: string): void => {
    // entries are not followed through symbolic links: a link to a parent directory would never end
    const stats = lstatSync(entry, { throwIfNoEntry: false });
    if (stats?.isDirectory() === true) visit(entry);
    else if (stats?.isFile() === true && wanted(entry)) found.add(entry);
  };
  for (const entry of paths) visit(path.resolve(query.cwd, entry));
  const patterns = query.ignorePatterns.map(globToRegExp);
  const kept = [...found].filter((file) => {
    const relative = path.relative(query.cwd, file).split(path.sep).join('/');
    return !patterns.some((pattern) => pattern.test(relative));
  });
  const gitIgnored = ignoredByGit(kept, query.cwd);
  return kept.filter((file) => !gitIgnored.has(file)).sort();
}

/** A glob as a regular expression over `/`-separated relative paths. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const character = glob.charAt(index);
    if (character === '*' && glob.charAt(index + 1) === '*') {
      source += '.*';
      index += glob.charAt(index + 2) === '/' ? 2 : 1;
    } else if (character === '*') {
      source += '[^/]*';
    } else if (character === '?') {
      source += '[^/]';
    } else {
      source += character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  const anchored = glob.includes('/') ? `^${source.replace(/^\//, '')}` : `(^|/)${source}`;
  return new RegExp(`${anchored}(/|$)`);
}

/** The files `.gitignore` (and the repository's other exclude files) leave out; none outside a repository. */
function ignoredByGit(files: readonly string[], cwd: string): Set<string> {
  if (files.length === 0) return new Set();
  try {
    const output = execFileSync('git', ['check-ignore', '--stdin', '-z'], { cwd, input: files.join('\0'), encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
    return new Set(output.split('\0').filter(Boolean).map((file) => path.resolve(cwd, file)));
  } catch {
    return new Set(); // exit 1: nothing ignored; 128: not a repository (or no git): nothing to honour
  }
}
