// The benchmark corpus: popular npm packages pinned in corpus-packages.json (name, version, sha512 of the registry
// tarball), fetched at run time with `npm pack` into ${LINT_CORPUS_DIR:-$TMPDIR/async-lint-corpus} and never
// committed. `sources: "js"` packages are callback-era JavaScript: every *.js/*.cjs/*.mjs file minus bundled or
// minified code. `sources: "ts"` packages publish their TypeScript sources: their src/ (without .d.ts) is the TS part,
// linted with type information through the tsconfig written beside it (dependencies are not installed, so their
// types resolve to `any`: the same for every setup that is compared).
//
//   node bench/corpus.js            # fetch what is missing and print the corpus's size
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const projectRoot = path.join(import.meta.dirname, '..');
export const PACKAGES = JSON.parse(readFileSync(path.join(import.meta.dirname, 'corpus-packages.json'), 'utf8'));
export const CORPUS_DIR = process.env.LINT_CORPUS_DIR ?? path.join(tmpdir(), 'async-lint-corpus');
const READY_MARK = '.lint-corpus-ready';
export const TSCONFIG_NAME = 'tsconfig.untangle-bench.json';

const JS_FILE = /\.[cm]?js$/;
const TS_FILE = /\.tsx?$/;
// Bundled dependencies and built or minified copies are not code anyone writes (or lints).
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'browser-version', 'vendor']);

const sha512 = (file) => `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;

/** Fetches (sha512-checked) and unpacks one package unless it is already there; returns its directory. */
function ensurePackage({ name, version, integrity }) {
  const id = `${name}@${version}`;
  const dir = path.join(CORPUS_DIR, 'src', id);
  const mark = path.join(dir, READY_MARK);
  if (existsSync(mark) && readFileSync(mark, 'utf8').trim() === integrity) return dir;
  const tarballs = path.join(CORPUS_DIR, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  const tarball = path.join(tarballs, `${name.replace('/', '-')}-${version}.tgz`);
  if (!existsSync(tarball) || sha512(tarball) !== integrity) {
    console.error(`fetching ${id}`);
    const scratch = mkdtempSync(path.join(tarballs, '.pack-'));
    try {
      const env = { ...process.env, npm_config_cache: path.join(CORPUS_DIR, 'npm-cache'), npm_config_update_notifier: 'false' };
      execFileSync('npm', ['pack', id, '--silent'], { cwd: scratch, env, stdio: ['ignore', 'ignore', 'inherit'] });
      const [packed] = readdirSync(scratch).filter((file) => file.endsWith('.tgz'));
      if (packed === undefined) throw new Error(`npm pack ${id} wrote no tarball`);
      if (sha512(path.join(scratch, packed)) !== integrity) throw new Error(`integrity mismatch for ${id}`);
      renameSync(path.join(scratch, packed), tarball);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', dir, '--strip-components=1', '--no-same-owner']);
  writeFileSync(mark, `${integrity}\n`);
  return dir;
}

function sourceFiles(dir, accept) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) found.push(...sourceFiles(full, accept));
    } else if (entry.isFile() && accept(entry.name)) {
      found.push(full);
    }
  }
  return found.sort();
}

const isLintedJs = (name) => JS_FILE.test(name) && !name.endsWith('.min.js');
const isTypeScriptSource = (name) => TS_FILE.test(name) && !/\.d\.[cm]?ts$/.test(name);

/** A tsconfig that type-checks the package's src/ with Node's types from this project. */
function writeTsconfig(dir) {
  const tsconfig = {
    compilerOptions: {
      target: 'es2022',
      lib: ['es2022', 'dom'],
      module: 'node16',
      moduleResolution: 'node16',
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      experimentalDecorators: true,
      typeRoots: [path.join(projectRoot, 'node_modules', '@types')],
      types: ['node'],
    },
    include: ['src/**/*.ts', 'src/**/*.tsx'],
  };
  writeFileSync(path.join(dir, TSCONFIG_NAME), `${JSON.stringify(tsconfig, null, 2)}\n`);
}

let loaded;
/** Every package fetched and listed once per process: { js: [files], ts: [files], tsconfigs: [paths], stats }. */
export function loadCorpus() {
  if (loaded !== undefined) return loaded;
  const corpus = { js: [], ts: [], tsconfigs: [], stats: [] };
  for (const pkg of PACKAGES) {
    const dir = ensurePackage(pkg);
    const files = pkg.sources === 'ts' ? sourceFiles(path.join(dir, 'src'), isTypeScriptSource) : sourceFiles(dir, isLintedJs);
    if (pkg.sources === 'ts') {
      writeTsconfig(dir);
      corpus.tsconfigs.push(path.join(dir, TSCONFIG_NAME));
    }
    corpus[pkg.sources].push(...files);
    const lines = files.reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').length - 1, 0);
    corpus.stats.push({ id: `${pkg.name}@${pkg.version}`, sources: pkg.sources, files: files.length, lines });
  }
  writeFileSync(path.join(CORPUS_DIR, 'files.txt'), `${corpus.js.join('\n')}\n`);
  writeFileSync(path.join(CORPUS_DIR, 'files-ts.txt'), `${corpus.ts.join('\n')}\n`);
  loaded = corpus;
  return corpus;
}

/** The JavaScript part's files (absolute paths). */
export const corpusFiles = () => loadCorpus().js;
/** The TypeScript part's files (absolute paths). */
export const typescriptCorpusFiles = () => loadCorpus().ts;

/** Config every setup starts from: corpus JavaScript is mostly CommonJS; its own directives name absent rules. */
export const BASE_CONFIG = [
  { files: ['**/*.{js,cjs}'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } },
  { files: ['**/*.mjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
  // The corpus's own directives name rules that are not loaded here (and ESLint 10 rejects eslint-env comments).
  { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
];

/** Totals of a list of per-package stats. */
export function totals(stats) {
  return stats.reduce((sum, { files, lines }) => ({ files: sum.files + files, lines: sum.lines + lines }), { files: 0, lines: 0 });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { stats } = loadCorpus();
  for (const row of stats) console.log(`${row.id.padEnd(28)} ${row.sources}  ${String(row.files).padStart(5)} files ${String(row.lines).padStart(8)} lines`);
  for (const part of ['js', 'ts']) {
    const { files, lines } = totals(stats.filter((row) => row.sources === part));
    console.log(`${part} part: ${files} files, ${lines} lines`);
  }
  console.log(`in ${CORPUS_DIR}`);
}
