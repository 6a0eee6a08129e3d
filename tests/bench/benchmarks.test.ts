import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RUN_TIMEOUT_MS, runNode } from '../support/node-programs.js';

// Smoke runs of the benchmark scripts on a handful of files written for them (tests/fixtures/bench-smoke/corpus), so
// the scripts cannot rot between the manual runs on the fetched corpus. Timings are not checked: only that every
// setup ran, what each found, and what the migration would change.
const root = path.join(import.meta.dirname, '..', '..');
const corpus = path.join(root, 'tests', 'fixtures', 'bench-smoke', 'corpus');
const scratch = mkdtempSync(path.join(tmpdir(), 'untangle-bench-smoke-'));
const TEST_TIMEOUT_MS = 4 * RUN_TIMEOUT_MS;

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const RECOMMENDED_FINDINGS = {
  'untangle/handle-callback-error': 1,
  'untangle/max-callback-depth': 1,
  'untangle/no-async-in-sync-callback': 1,
  'untangle/no-floating-promise': 1,
  'untangle/no-sync-in-async': 1,
  'untangle/no-zalgo': 1,
};

interface LintRow {
  setup: string;
  ratio: number;
  findings: Record<string, number>;
  crashes: string[];
  parseErrors: number;
}
interface MigrateRow {
  command: string;
  cpus: number;
  ratio: number;
  summary?: { files: number; changed: number; failed: number };
}

describe('bench/lint.js', () => {
  it(
    'runs every setup, JavaScript and typed, and counts each rule’s findings',
    async () => {
      const json = path.join(scratch, 'lint.json');
      const files = ['store.js', 'pyramid.js', 'jobs.mjs', 'queue.ts'].map((file) => path.join(corpus, file));
      const run = await runNode(path.join(root, 'bench', 'lint.js'), root, ['--runs', '1', '--json', json, '--tsconfig', path.join(corpus, 'tsconfig.json'), ...files]);
      expect(run.status, run.stderr).toBe(0);
      const { parts } = JSON.parse(readFileSync(json, 'utf8')) as { parts: { title: string; files: number; rows: LintRow[] }[] };
      expect(parts.map((part) => [part.title, part.files])).toEqual([
        ['Given JavaScript files', 3],
        ['Given TypeScript files (typed)', 1],
      ]);
      const findings = Object.fromEntries(parts.flatMap((part) => part.rows.map((row) => [row.setup, row.findings])));
      expect(findings).toEqual({
        'parse floor (no rules)': {},
        'traversal floor (no-debugger)': {},
        'untangle recommended': RECOMMENDED_FINDINGS,
        // strict adds prefer-promise-api everywhere: each fs and timer call with a callback
        'untangle strict': { ...RECOMMENDED_FINDINGS, 'untangle/prefer-promise-api': 9 },
        'peers: promise recommended + n': {
          'n/callback-return': 1,
          'n/handle-callback-err': 1,
          'n/no-sync': 1,
          'n/prefer-promises/fs': 8,
          'promise/no-nesting': 1,
        },
        'typed traversal floor (no-debugger)': {},
        'untangle recommended-type-checked': { 'untangle/no-async-in-sync-callback': 1, 'untangle/no-floating-promise': 1 },
        'typescript-eslint no-floating-promises + no-misused-promises': {
          '@typescript-eslint/no-floating-promises': 1,
          '@typescript-eslint/no-misused-promises': 1,
        },
      });
      for (const row of parts.flatMap((part) => part.rows)) {
        expect(row.crashes, row.setup).toEqual([]);
        expect(row.parseErrors, row.setup).toBe(0);
        expect(row.ratio, row.setup).toBeGreaterThan(0);
      }
      const floors = parts.map((part) => part.rows.find((row) => row.setup.includes('traversal floor'))?.ratio);
      expect(floors).toEqual([1, 1]);
    },
    TEST_TIMEOUT_MS,
  );

  it('refuses TypeScript files without a tsconfig', async () => {
    const run = await runNode(path.join(root, 'bench', 'lint.js'), root, ['--runs', '1', path.join(corpus, 'queue.ts')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('TypeScript files need --tsconfig');
  });
});

describe('bench/migrate.js', () => {
  it(
    'times untangle and the jscodeshift baselines on the same copied files, and at twice the input',
    async () => {
      const json = path.join(scratch, 'migrate.json');
      const run = await runNode(path.join(root, 'bench', 'migrate.js'), root, ['--files-from', corpus, '--runs', '1', '--cpus', '1', '--scales', '1,2', '--json', json]);
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(readFileSync(json, 'utf8')) as {
        files: number;
        speed: MigrateRow[];
        scaling: { scale: number; files: number; rows: MigrateRow[] }[];
      };
      expect(result.files).toBe(3);
      expect(result.speed.map((row) => [row.command, row.cpus, row.summary])).toEqual([
        ['jscodeshift identity', 1, undefined],
        ['jscodeshift parse-only', 1, undefined],
        ['jscodeshift parse-and-print', 1, undefined],
        // store.js and pyramid.js convert; jobs.mjs's chains would turn synchronous throws into rejections.
        ['untangle callback-to-async', 1, { files: 3, changed: 2, failed: 0 }],
        ['untangle callback-to-promise', 1, { files: 3, changed: 2, failed: 0 }],
        ['untangle promise-to-async', 1, { files: 3, changed: 0, failed: 0 }],
      ]);
      expect(result.speed.find((row) => row.command === 'jscodeshift parse-only')?.ratio).toBe(1);
      expect(result.scaling.map((entry) => [entry.scale, entry.files, entry.rows.map((row) => row.command)])).toEqual([
        [1, 3, ['jscodeshift parse-only', 'untangle callback-to-async']],
        [2, 6, ['jscodeshift parse-only', 'untangle callback-to-async']],
      ]);
      expect(result.scaling[1]?.rows[1]?.summary).toEqual({ files: 6, changed: 4, failed: 0 });
    },
    TEST_TIMEOUT_MS,
  );
});
