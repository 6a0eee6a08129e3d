import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type NodeRun, RUN_TIMEOUT_MS, printedLines, runNode } from '../support/node-programs.js';
import { runTransform, type TransformResult } from '../../codemods/index.js';
import transform from '../../codemods/promise-to-async.js';

// Every program under tests/programs/promise-to-async is run with node before and after the migration and must
// print the same. Its header line `// expect-left-alone: N` says how many sites the codemod must leave alone.
const programsDir = path.join(import.meta.dirname, '..', 'programs', 'promise-to-async');
const programs = readdirSync(programsDir)
  .filter((name) => /\.[cm]?js$/.test(name))
  .sort();
const workDir = mkdtempSync(path.join(tmpdir(), 'untangle-promise-to-async-'));
// A copy of our package.json next to the programs gives `.js` files the same module type as in the repository.
copyFileSync(path.join(import.meta.dirname, '..', '..', 'package.json'), path.join(workDir, 'package.json'));

/** A chain method call, however the printer breaks the line before it. */
const CHAIN_CALL = /\.\s*(?:then|catch|finally)\s*\(/;

interface Program {
  readonly file: string;
  readonly source: string;
  readonly leftAlone: number;
}

function readProgram(name: string): Program {
  const file = path.join(programsDir, name);
  const source = readFileSync(file, 'utf8');
  const header = /^\/\/ expect-left-alone: (\d+)$/m.exec(source);
  if (header?.[1] === undefined) throw new Error(`${name} lacks its "// expect-left-alone: N" header line`);
  return { file, source, leftAlone: Number(header[1]) };
}

/** Writes `source` as `<kind>/<name>` under the work directory and runs it with the Node running the tests. */
function runProgram(kind: 'original' | 'converted', name: string, source: string): Promise<NodeRun> {
  const dir = path.join(workDir, kind);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return runNode(file, dir);
}

function memo<T>(compute: (name: string) => T): (name: string) => T {
  const cache = new Map<string, T>();
  return (name) => {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    const value = compute(name);
    cache.set(name, value);
    return value;
  };
}

const original = memo((name) => runProgram('original', name, readProgram(name).source));
const converted = memo(async (name): Promise<TransformResult> => {
  const program = readProgram(name);
  return runTransform(transform, { path: program.file, source: program.source }, {});
});

async function convertedSource(name: string): Promise<string> {
  const { output } = await converted(name);
  if (output === undefined) throw new Error(`promise-to-async changed nothing in ${name}`);
  return output;
}

/** The lines of `source` that still call then, catch or finally, numbered, for a readable failure. */
function chainCallLines(source: string): string[] {
  return source.split('\n').flatMap((line, index) => (CHAIN_CALL.test(line) ? [`${String(index + 1)}: ${line.trim()}`] : []));
}

describe('promise-to-async keeps the behaviour of executable programs', () => {
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('has at least ten programs, ES modules and CommonJS among them', () => {
    expect(programs.length).toBeGreaterThanOrEqual(10);
    expect(programs.some((name) => name.endsWith('.mjs'))).toBe(true);
    expect(programs.some((name) => name.endsWith('.cjs'))).toBe(true);
  });

  describe.each(programs)('%s', (name) => {
    it(
      'runs cleanly as written and prints at least three lines',
      async () => {
        const run = await original(name);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(printedLines(run).length).toBeGreaterThanOrEqual(3);
      },
      RUN_TIMEOUT_MS,
    );

    it('converts every chain but the sites its header says to leave alone', async () => {
      const { leftAlone } = readProgram(name);
      const result = await converted(name);
      expect(result.output).toBeDefined();
      expect(result.reports).toHaveLength(leftAlone);
      if (leftAlone === 0) {
        const output = await convertedSource(name);
        expect(chainCallLines(output)).toEqual([]);
        expect(CHAIN_CALL.test(output)).toBe(false);
      }
    });

    it(
      'prints the same and exits the same once converted',
      async () => {
        const run = await runProgram('converted', name, await convertedSource(name));
        const before = await original(name);
        expect(run.stdout).toBe(before.stdout);
        expect(run.status).toBe(before.status);
      },
      RUN_TIMEOUT_MS,
    );

    it('is left unchanged by a second run', async () => {
      const again = await runTransform(transform, { path: readProgram(name).file, source: await convertedSource(name) }, {});
      expect(again.output).toBeUndefined();
    });
  });

  it(
    'prints at least 50 behaviours over all programs',
    async () => {
      const runs = await Promise.all(programs.map((name) => original(name)));
      const total = runs.reduce((sum, run) => sum + printedLines(run).length, 0);
      expect(total).toBeGreaterThanOrEqual(50);
    },
    RUN_TIMEOUT_MS * 2,
  );
});
