import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Transform } from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { runTransform } from '../../codemods/index.js';

/**
 * The fixture checks every codemod gets. Pairs `<case>.input.<ext>` / `<case>.output.<ext>` under
 * `tests/codemods/fixtures/<codemod>/` are compared exactly; no `.output` file means the transform must leave the
 * file alone. `<case>.reports.txt` holds the exact report lines (none when it is absent), and `<case>.options.json`
 * the codemod options for the case. Every output is run again and must come back unchanged (idempotence), every skip
 * reason must appear in some fixture's reports, and the codemod's page in docs/codemods must list each one verbatim.
 */
export function describeCodemodFixtures(codemod: string, transform: Transform, reasons: Readonly<Record<string, string>>): void {
  const fixtureDir = path.join(import.meta.dirname, '..', 'codemods', 'fixtures', codemod);
  const cases = readdirSync(fixtureDir)
    .filter((name) => name.includes('.input.'))
    .sort();
  const caseFile = (inputName: string, suffix: string): string => path.join(fixtureDir, inputName.slice(0, inputName.indexOf('.input.')) + suffix);
  const optionsFor = (inputName: string): Record<string, unknown> => {
    const file = caseFile(inputName, '.options.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  };
  const expectedReports = (inputName: string): string[] => {
    const file = caseFile(inputName, '.reports.txt');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((line) => line !== '') : [];
  };

  describe(`${codemod} fixtures`, () => {
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
      expect(Object.values(reasons).filter((reason) => !reported.has(reason))).toEqual([]);
    });
  });

  describe(`${codemod} documentation`, () => {
    it('lists every skip reason verbatim, so users can grep their reports for it', () => {
      const docs = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'codemods', `${codemod}.md`), 'utf8');
      expect(Object.values(reasons).filter((reason) => !docs.includes(`| \`${reason}\` |`))).toEqual([]);
    });
  });
}
