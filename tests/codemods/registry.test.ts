import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Transform } from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { type CodemodDefinition, CODEMODS, findCodemod, loadTransforms, parserForPath, runTransform, validateCodemodOptions } from '../../codemods/index.js';

const sample: CodemodDefinition = {
  name: 'sample',
  summary: 'a codemod used only by this test',
  options: {
    api: { type: 'string', description: 'public API style', default: 'dual', choices: ['dual', 'promise'] },
    comments: { type: 'boolean', description: 'leave comments at skipped sites', default: true },
  },
};

describe('the codemod registry', () => {
  it('is frozen and finds codemods by name', () => {
    expect(Object.isFrozen(CODEMODS)).toBe(true);
    expect(findCodemod('no-such-codemod')).toBeUndefined();
  });

  // Each transform's page has a table of its options: `| \`name\` | \`choice\`, \`choice\` | \`default\` | meaning |`.
  it.each(CODEMODS.filter((codemod) => codemod.stages === undefined).map((codemod) => [codemod.name, codemod] as const))('documents every option of %s with its choices and default', (name, codemod) => {
    const page = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'codemods', `${name}.md`), 'utf8');
    for (const [option, definition] of Object.entries(codemod.options)) {
      const row = page.split('\n').find((line) => line.startsWith(`| \`${option}\` |`));
      expect(row, `docs/codemods/${name}.md has a row for ${option}`).toBeDefined();
      const [, choices = '', fallback = ''] = (row ?? '').split(' | ');
      for (const choice of definition.choices ?? []) expect(choices, `${option} lists ${choice}`).toContain(`\`${choice}\``);
      if (definition.choices !== undefined) expect(fallback).toBe(`\`${String(definition.default)}\``);
    }
  });

  it('validates codemod options against their definition', () => {
    expect(validateCodemodOptions(sample, { api: 'promise', comments: false })).toEqual([]);
    expect(validateCodemodOptions(sample, { api: 'callbacks' })).toEqual(['--api must be one of dual, promise']);
    expect(validateCodemodOptions(sample, { comments: 'yes' })).toEqual(['--comments takes a boolean']);
    expect(validateCodemodOptions(sample, { colour: 'red' })).toEqual(['unknown option --colour for sample']);
  });

  it.each([
    ['a.js', 'babel'],
    ['a.cjs', 'babel'],
    ['a.mjs', 'babel'],
    ['a.jsx', 'tsx'],
    ['a.tsx', 'tsx'],
    ['a.ts', 'ts'],
    ['a.mts', 'ts'],
    ['dir/a.CTS', 'ts'],
  ])('picks the parser for %s by extension', (file, parser) => {
    expect(parserForPath(file)).toBe(parser);
  });
});

describe('runTransform', () => {
  const renameFoo: Transform = (file, api) => {
    const root = api.jscodeshift(file.source);
    let renamed = 0;
    root.find(api.jscodeshift.Identifier, { name: 'foo' }).forEach((path) => {
      path.node.name = 'bar';
      renamed += 1;
    });
    root.find(api.jscodeshift.Identifier, { name: 'skipMe' }).forEach(() => {
      api.report('left as is (named skipMe)');
    });
    return renamed === 0 ? undefined : root.toSource();
  };

  it('returns the new source and the reports', async () => {
    const result = await runTransform(renameFoo, { path: 'a.ts', source: 'const foo: number = skipMe;\n' });
    expect(result).toEqual({ output: 'const bar: number = skipMe;\n', reports: ['left as is (named skipMe)'] });
  });

  it('returns no output when nothing changed', async () => {
    expect((await runTransform(renameFoo, { path: 'a.jsx', source: 'const el = <div />;\n' })).output).toBeUndefined();
  });

  it('parses each file with the parser its extension calls for', async () => {
    // Generic arrow syntax that the tsx parser rejects must parse as .ts; JSX must parse as .jsx.
    await expect(runTransform(renameFoo, { path: 'a.ts', source: 'const foo = <T,>(x: T) => x;\n' })).resolves.toMatchObject({
      output: 'const bar = <T,>(x: T) => x;\n',
    });
    await expect(runTransform(renameFoo, { path: 'a.jsx', source: 'const foo = <b>{1}</b>;\n' })).resolves.toMatchObject({
      output: 'const bar = <b>{1}</b>;\n',
    });
  });
});

describe('loadTransforms', () => {
  const first: Transform = () => undefined;
  const second: Transform = () => undefined;
  const one: CodemodDefinition = { name: 'first', summary: 'one', options: {}, load: () => Promise.resolve({ default: first }) };
  const two: CodemodDefinition = { name: 'second', summary: 'two', options: {}, load: () => Promise.resolve({ default: second }) };
  const both: CodemodDefinition = { name: 'both', summary: 'preset', options: {}, stages: ['second', 'first'] };
  const broken: CodemodDefinition = { name: 'broken', summary: 'preset', options: {}, stages: ['first', 'missing'] };
  const registry = [one, two, both, broken];

  it("loads a codemod's own transform, and a preset's stages in their order", async () => {
    expect(await loadTransforms(one, registry)).toEqual([first]);
    expect(await loadTransforms(both, registry)).toEqual([second, first]);
  });

  it('names a stage that is not registered', async () => {
    await expect(loadTransforms(broken, registry)).rejects.toThrow('broken names an unknown stage missing');
  });
});
