import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface WorkingTree {
  /** False outside a git repository (or without git): nothing can be checked or restored with git. */
  readonly repository: boolean;
  /** Files among those asked about with uncommitted changes, untracked ones included. */
  readonly dirty: readonly string[];
}

/** Which of `files` have changes git does not hold yet: a migration over them could not be reviewed or undone. */
export function workingTree(files: readonly string[], cwd: string): WorkingTree {
  let top: string;
  try {
    top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return { repository: false, dirty: [] };
  }
  if (files.length === 0) return { repository: true, dirty: [] };
  const output = execFileSync('git', ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...files], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // entries are "XY path\0", renames add "\0from"; the path is relative to the repository's top
  const dirty = output
    .split('\0')
    .filter((entry) => /^.. /.test(entry))
    .map((entry) => path.resolve(top, entry.slice(3)));
  return { repository: true, dirty: [...new Set(dirty)].sort() };
}
