import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTransform } from '../../codemods/index.js';
import transform, { SKIP_REASONS } from '../../codemods/promise-to-async.js';
import { describeCodemodFixtures } from '../support/codemod-fixtures.js';

describeCodemodFixtures('promise-to-async', transform, SKIP_REASONS);

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
