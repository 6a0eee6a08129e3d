import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from '../support/node-programs.js';

// The built transforms run with plain jscodeshift exactly as their docs say (`jscodeshift -t dist/codemods/NAME.js
// --parser=tsx <dir>`): with jscodeshift's default Babel compile of the transform, and with `--no-babel`.
// `npm test` builds dist/ first.
const root = path.join(import.meta.dirname, '..', '..');
const jscodeshiftBin = path.join(path.dirname(createRequire(import.meta.url).resolve('jscodeshift/package.json')), 'bin', 'jscodeshift.js');
const fixtures = path.join(root, 'tests', 'codemods', 'fixtures');
const workDir = mkdtempSync(path.join(tmpdir(), 'untangle-plain-jscodeshift-'));
// Two processes, each compiling the transform with Babel on a loaded CI machine.
const TIMEOUT_MS = 90_000;

/** Fixture pairs per codemod: one ES module, one CommonJS file and one TypeScript file between them. */
const CASES = [
  { codemod: 'callback-to-promise', inputs: ['esm-pyramid.input.mjs', 'node-core-twins.input.cjs', 'typescript.input.ts'] },
  { codemod: 'promise-to-async', inputs: ['returned-chains.input.js', 'commonjs.input.cjs', 'typed-catch.input.ts'] },
] as const;

const outputName = (input: string): string => input.replace('.input.', '.output.');

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe.each(CASES)('$codemod with plain jscodeshift', ({ codemod, inputs }) => {
  it.each([
    ['the default Babel compile', []],
    ['--no-babel', ['--no-babel']],
  ])('rewrites a directory exactly like the fixtures, with %s', async (label, flags) => {
    const directory = path.join(workDir, `${codemod}-${flags.length === 0 ? 'babel' : 'no-babel'}`);
    mkdirSync(directory, { recursive: true });
    for (const input of inputs) copyFileSync(path.join(fixtures, codemod, input), path.join(directory, input));
    const transform = path.join(root, 'dist', 'codemods', `${codemod}.js`);
    const run = await runNode(jscodeshiftBin, directory, [...flags, '-t', transform, '--parser=tsx', '.'], { timeout: TIMEOUT_MS });
    // jscodeshift colours its summary where it guesses a terminal (CI=true does)
    expect(stripVTControlCharacters(run.stdout), label).toMatch(new RegExp(`^0 errors$[\\s\\S]*^${String(inputs.length)} ok$`, 'm'));
    for (const input of inputs) {
      expect(readFileSync(path.join(directory, input), 'utf8'), input).toBe(readFileSync(path.join(fixtures, codemod, outputName(input)), 'utf8'));
    }
  }, TIMEOUT_MS);
});
