import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeRun, runNode } from '../support/node-programs.js';

// bench/sweep.js as `npm run bench:sweep` runs it, on its generated files and a few fixtures instead of the corpus.
// It loads the built plugin and runs the built command (`npm test` builds first).
const root = path.join(import.meta.dirname, '..', '..');
const sweep = path.join(root, 'bench', 'sweep.js');
const fixtures = path.join(root, 'tests', 'fixtures', 'bench-smoke', 'sweep');
// Seconds locally; the sweep starts ESLint and the command twice, which on a loaded two-core CI machine takes far longer.
const TIMEOUT_MS = 90_000;

interface Outcome {
  readonly outcome: string;
  readonly where?: string;
  readonly idempotent?: boolean;
  readonly problems?: readonly string[];
}

interface Generated {
  readonly file: string;
  readonly broken: boolean;
  readonly lint: Outcome;
  readonly migrate: Outcome | null;
  readonly untouched: boolean | null;
  readonly ok: boolean;
}

interface Sweep {
  readonly ok: boolean;
  readonly problems: readonly unknown[];
  readonly lint: { inputs: Record<string, number>; migrated: Record<string, number> };
  readonly migrate: Record<string, unknown>;
  readonly generated: readonly Generated[];
  readonly files: readonly { file: string; origin: string; lint: Outcome; migrate: Outcome | null }[];
}

const directory = mkdtempSync(path.join(tmpdir(), 'untangle-sweep-test-'));
const jsonFile = path.join(directory, 'sweep.json');
let run: NodeRun;
let result: Sweep;

beforeAll(async () => {
  expect(existsSync(path.join(root, 'dist', 'codemods', 'cli', 'bin.js')), 'run `npm run build` before these tests').toBe(true);
  run = await runNode(sweep, root, ['--no-corpus', '--huge-mb', '0.05', fixtures, '--json', jsonFile], { timeout: TIMEOUT_MS });
  expect(run.status, run.stderr).toBe(0);
  result = JSON.parse(readFileSync(jsonFile, 'utf8')) as Sweep;
}, TIMEOUT_MS);

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const generated = (file: string): Generated => {
  const entry = result.generated.find((candidate) => candidate.file === file);
  if (entry === undefined) throw new Error(`no generated file ${file} in the sweep's result`);
  return entry;
};

describe('bench/sweep.js', () => {
  it('finds no crash, refuses every broken file and leaves it byte for byte, and a second run changes nothing', () => {
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.lint.inputs).toMatchObject({ files: 32, parseErrors: 10, expectedParseErrors: 10, crashes: 0 });
    expect(result.lint.migrated).toMatchObject({ files: 15, parseErrors: 0, crashes: 0 });
    expect(result.migrate).toMatchObject({ files: 32, changed: 15, didNotParse: 3, binaryOrNotUtf8: 5, tooDeep: 4, broken: 8, brokenUntouched: 8, crashes: 0, badOutput: 0, nonIdempotent: 0 });
    expect(run.stdout).toContain('| untangle callback-to-async | 32 | 15 | 3 | 5 |');
    expect(run.stdout).toContain('OK: no crash');
  });

  it('reports each broken file as not parsing, binary or not UTF-8, untouched', () => {
    const broken = result.generated.filter((entry) => entry.broken).map((entry) => [entry.file, entry.migrate?.outcome, entry.untouched, entry.lint.outcome]);
    expect(broken).toEqual([
      ['syntax-error.js', 'did not parse', true, 'parse error'],
      ['unterminated-template.js', 'did not parse', true, 'parse error'],
      ['unterminated-string.js', 'did not parse', true, 'parse error'],
      ['binary-nul.js', 'binary', true, 'parse error'],
      ['binary-random.js', 'binary', true, 'parse error'],
      ['random-no-nul.js', 'not UTF-8', true, 'parse error'],
      ['utf16.js', 'binary', true, 'parse error'],
      // Latin-1 bytes in a comment: ESLint reads them as U+FFFD, which it can lint, but no migration may write back
      ['invalid-utf8.js', 'not UTF-8', true, 'linted'],
    ]);
  });

  it('migrates the odd but valid files, keeping their BOM, shebang and line endings, and lints them before and after', () => {
    for (const file of ['bom.js', 'crlf.js', 'mixed-eol.js', 'shebang.js', 'huge.js', 'decorators.ts', 'component.tsx', 'component.jsx', 'esm.mjs', 'commonjs.cjs', 'typed.mts']) {
      expect(generated(file), file).toMatchObject({ ok: true, lint: { outcome: 'linted' }, migrate: { outcome: 'changed', idempotent: true, problems: [] } });
    }
    expect(generated('empty.js')).toMatchObject({ ok: true, migrate: { outcome: 'unchanged' }, untouched: true });
    expect(generated('whitespace.js')).toMatchObject({ ok: true, migrate: { outcome: 'unchanged' }, untouched: true });
    // past the parsers' or printers' stack (the command runs so few files in one thread): a per-file failure that
    // names the library, never a crash of the run
    for (const file of ['deep-callbacks.js', 'deeper-callbacks.js', 'deep-parens.js', 'deep-arrays.js']) {
      expect(generated(file), file).toMatchObject({ ok: true, migrate: { outcome: 'too deep' }, untouched: true });
    }
    expect(generated('deeper-callbacks.js').migrate).toMatchObject({ where: 'parser' });
    expect(generated('deep-callbacks.js').lint.outcome).toBe('linted');
    expect(generated('deeper-callbacks.js').lint.outcome).toBe('too deep');
  });

  it('sweeps the paths it is given beside the generated files, each copy under its own relative path', () => {
    const given = result.files.filter((file) => file.origin === 'given').map((file) => [path.relative(fixtures, file.file), file.lint.outcome, file.migrate?.outcome]);
    expect(given).toEqual([
      [path.join('a', 'index.ts'), 'linted', 'changed'],
      [path.join('b', 'index.ts'), 'linted', 'unchanged'],
      ['chain.mjs', 'linted', 'changed'],
      ['convert.cjs', 'linted', 'changed'],
      ['left-alone.js', 'linted', 'unchanged'],
    ]);
  });
});
