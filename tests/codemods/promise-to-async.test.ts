import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTransform } from '../../codemods/index.js';
import transform, { SKIP_REASONS } from '../../codemods/promise-to-async.js';

// Fixture pairs `<case>.input.<ext>` / `<case>.output.<ext>` are compared exactly; no `.output` file means the
// transform must leave the file alone. `<case>.reports.txt` holds the exact report lines (none when it is absent),
// and `<case>.options.json` the codemod options for the case.
const fixtureDir = path.join(import.meta.dirname, 'fixtures', 'promise-to-async');
const cases = readdirSync(fixtureDir)
  .filter((name) => name.includes('.input.'))
  .sort();

function caseFile(inputName: string, suffix: string): string {
  return path.join(fixtureDir, inputName.slice(0, inputName.indexOf('.input.')) + suffix);
}

function optionsFor(inputName: string): Record<string, unknown> {
  const file = caseFile(inputName, '.options.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}

function expectedReports(inputName: string): string[] {
  const file = caseFile(inputName, '.reports.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((line) => line !== '') : [];
}

describe('promise-to-async fixtures', () => {
  it.each(cases)('%s', async (inputName) => {
    const inputPath = path.join(fixtureDir, inputName);
    const outputPath = inputPath.replace('.input.', '.output.');
    const options = optionsFor(inputName);
    const result = await runTransform(transform, { path: inputPath, source: readFileSync(inputPath, 'utf8') }, options);
    expect(result.reports).toEqual(expectedReports(inputName));
    if (!existsSync(outputPath)) {
      expect(result.output).toBeUndefined();
      return;
    }
    const expected = readFileSync(outputPath, 'utf8');
    expect(result.output).toBe(expected);
    const again = await runTransform(transform, { path: outputPath, source: expected }, options);
    expect(again.output).toBeUndefined(); // idempotent
  });

  it('has a left-alone fixture for every skip reason', () => {
    const reported = new Set(
      readdirSync(fixtureDir)
        .filter((name) => name.endsWith('.reports.txt'))
        .flatMap((name) => readFileSync(path.join(fixtureDir, name), 'utf8').split('\n'))
        .map((line) => /left as is \((.*)\)$/.exec(line)?.[1])
        .filter((reason) => reason !== undefined),
    );
    expect([...Object.values(SKIP_REASONS)].filter((reason) => !reported.has(reason))).toEqual([]);
  });
});

describe('promise-to-async documentation', () => {
  it('lists every skip reason verbatim, so users can grep their reports for it', () => {
    const docs = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'codemods', 'promise-to-async.md'), 'utf8');
    expect(Object.values(SKIP_REASONS).filter((reason) => !docs.includes(`| \`${reason}\` |`))).toEqual([]);
  });
});

describe('promise-to-async on files it cannot read', () => {
  it('leaves files without chains unparsed and unchanged', async () => {
    const result = await runTransform(transform, { path: 'a.js', source: 'this is not JavaScript at all' });
    expect(result).toEqual({ output: undefined, reports: [] });
  });

  it('throws a parse error for a broken file with a chain, so the runner reports it and writes nothing', async () => {
    await expect(runTransform(transform, { path: 'a.js', source: 'function (x { return p.then(f) }' })).rejects.toThrow(SyntaxError);
  });
});

describe('promise-to-async with type information', () => {
  const project = mkdtempSync(path.join(tmpdir(), 'untangle-types-'));
  const source = [
    '/** A thenable whose `then` queues a command, as test runners do: awaiting it is not the same. */',
    'export class Command<T> {',
    '  constructor(private readonly value: T) {}',
    '  then<S>(next: (value: T) => S): Command<S> {',
    '    return new Command(next(this.value));',
    '  }',
    '}',
    '',
    'export function queued(): Command<number> {',
    '  return new Command(1);',
    '}',
    '',
    'export async function real(): Promise<number> {',
    '  return 1;',
    '}',
    '',
    'export function fromCommand() {',
    '  return queued().then((value) => value + 1);',
    '}',
    '',
    'export function fromPromise() {',
    '  return real().then((value) => value + 1);',
    '}',
    '',
  ].join('\n');
  const file = path.join(project, 'src', 'index.ts');

  it('leaves chains on thenables that are not standard promises alone, and converts real ones', async () => {
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022'] }, include: ['src'] }));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, source);
    try {
      const result = await runTransform(transform, { path: file, source });
      expect(result.reports).toEqual(['line 18: left as is (receiver is not a promise)']);
      expect(result.output).toContain('export async function fromPromise() {\n  const value = await real();\n  return value + 1;\n}');
      expect(result.output).toContain('return queued().then((value) => value + 1);');
      // the same text outside any project: syntax alone decides, and both chains look like promises
      const untyped = await runTransform(transform, { path: 'elsewhere.ts', source });
      expect(untyped.reports).toEqual(['line 18: left as is (a synchronous throw would become a rejection)']);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
