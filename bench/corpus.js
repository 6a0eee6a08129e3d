// The lint corpus shared by the benchmark scripts: popular npm packages fetched at run time by
// ../shared/corpus/fetch-lint-corpus.sh into ${LINT_CORPUS_DIR:-$TMPDIR/async-lint-corpus} (never committed).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');

/** The corpus's file list, fetching the corpus first when it is missing. */
export function corpusFiles() {
  const dir = process.env.LINT_CORPUS_DIR ?? path.join(tmpdir(), 'async-lint-corpus');
  const list = path.join(dir, 'files.txt');
  if (!existsSync(list)) {
    const script = path.join(root, '..', 'shared', 'corpus', 'fetch-lint-corpus.sh');
    console.log(`fetching the lint corpus with ${script} ...`);
    execFileSync('bash', [script, dir], { stdio: 'inherit' });
  }
  return readFileSync(list, 'utf8').split('\n').filter(Boolean);
}

/** Config every setup starts from: corpus JavaScript is mostly CommonJS; its own directives name absent rules. */
export const BASE_CONFIG = [
  { files: ['**/*.{js,cjs,mjs}'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } },
  // The corpus's own directives name rules that are not loaded here (and ESLint 10 rejects eslint-env comments).
  { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
];
