import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

describe('promise-to-async on files it cannot read', () => {
  it('leaves files without chains unparsed and unchanged', async () => {
    const result = await runTransform(transform, { path: 'a.js', source: 'this is not JavaScript at all' });
    expect(result).toEqual({ output: undefined, reports: [] });
  });

  it('throws a parse error for a broken file with a chain, so the runner reports it and writes nothing', async () => {
    await expect(runTransform(transform, { path: 'a.js', source: 'function (x { return p.then(f) }' })).rejects.toThrow(SyntaxError);
  });
});
