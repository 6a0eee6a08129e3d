import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RUN_TIMEOUT_MS, runNode } from '../support/node-programs.js';

// The built command, as users run it: worker threads need the compiled worker.js (`npm test` builds first).
const bin = path.join(import.meta.dirname, '..', '..', 'dist', 'codemods', 'cli', 'bin.js');
const directory = mkdtempSync(path.join(tmpdir(), 'untangle-bin-'));
const CONVERTIBLE = 'async function load() {\n  return 1;\n}\n\nexport function next() {\n  return load().then((value) => value + 1);\n}\n';
const LEFT_ALONE = 'export function name(db) {\n  return db.get(1).then((row) => row.name);\n}\n';
const FILES = 120;

for (let index = 0; index < FILES; index += 1) {
  writeFileSync(path.join(directory, `f${String(index).padStart(3, '0')}.js`), index % 2 === 0 ? CONVERTIBLE : LEFT_ALONE);
}

// Each test starts the command up to three times; on a loaded two-core machine that takes far longer than locally.
const TEST_TIMEOUT_MS = 3 * RUN_TIMEOUT_MS;

async function untangle(...argv: string[]): Promise<{ stdout: string; summary: Record<string, unknown> }> {
  const run = await runNode(bin, directory, argv);
  expect(run.status, run.stderr).not.toBe(null);
  const summary = JSON.parse(run.stdout) as Record<string, unknown>;
  return { stdout: run.stdout, summary: { ...summary, seconds: 0 } };
}

const examples = mkdtempSync(path.join(tmpdir(), 'untangle-examples-'));
cpSync(path.join(import.meta.dirname, '..', '..', 'examples'), examples, { recursive: true });

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
  rmSync(examples, { recursive: true, force: true });
});

describe('the built untangle command', () => {
  it('is built', () => {
    expect(existsSync(bin), 'run `npm run build` before these tests').toBe(true);
  });

  it('finds the same with worker threads as in one thread, in the same order', { timeout: TEST_TIMEOUT_MS }, async () => {
    const parallel = await untangle('promise-to-async', '.', '--dry', '--json', '--cpus', '2');
    const single = await untangle('promise-to-async', '.', '--dry', '--json', '--cpus', '1');
    expect(parallel.summary).toEqual(single.summary);
    expect(parallel.summary).toMatchObject({ files: FILES, unchanged: FILES / 2 });
    expect((parallel.summary.changed as string[])[0]).toBe('f000.js');
    expect((parallel.summary.leftAlone as unknown[]).length).toBe(FILES / 2);
  });

  it('writes every changed file from the workers', { timeout: TEST_TIMEOUT_MS }, async () => {
    await untangle('promise-to-async', '.', '--json', '--cpus', '2');
    expect(readFileSync(path.join(directory, 'f000.js'), 'utf8')).toContain('export async function next() {');
    expect(readFileSync(path.join(directory, 'f119.js'), 'utf8')).toBe(LEFT_ALONE);
    expect((await untangle('promise-to-async', '.', '--check', '--json', '--cpus', '2')).summary.changed).toEqual([]);
  });

  it('migrates a copy of examples/ with callback-to-async: --check exits 1 before and 0 after', { timeout: TEST_TIMEOUT_MS }, async () => {
    const before = await runNode(bin, examples, ['callback-to-async', '.', '--check', '--force', '--json']);
    expect(before.status).toBe(1);
    expect((JSON.parse(before.stdout) as { changed: string[] }).changed.length).toBeGreaterThan(0);
    const migrated = await runNode(bin, examples, ['callback-to-async', '.', '--force', '--json']);
    expect(migrated.status, migrated.stderr).toBe(0);
    const after = await runNode(bin, examples, ['callback-to-async', '.', '--check', '--force', '--json']);
    expect(after.status).toBe(0);
    expect((JSON.parse(after.stdout) as { changed: string[] }).changed).toEqual([]);
  });
});
