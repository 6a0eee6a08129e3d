import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTransform } from '../../codemods/index.js';
import transform, { SKIP_REASONS } from '../../codemods/callback-to-promise.js';
import { describeCodemodFixtures } from '../support/codemod-fixtures.js';

describeCodemodFixtures('callback-to-promise', transform, SKIP_REASONS);

describe('callback-to-promise on files it cannot read', () => {
  it('leaves files without callback code unparsed and unchanged', async () => {
    const result = await runTransform(transform, { path: 'a.js', source: 'this is not JavaScript at all' });
    expect(result).toEqual({ output: undefined, reports: [] });
  });

  it('throws a parse error for a broken file with callback code, so the runner reports it and writes nothing', async () => {
    await expect(runTransform(transform, { path: 'a.js', source: 'function load(file, callback { fs.readFile(file, callback) }' })).rejects.toThrow(SyntaxError);
  });
});

describe('callback-to-promise on odd but valid code', () => {
  it.each([
    ['a class method', 'const fs = require("fs");\nclass Store {\n  load(file, cb) {\n    fs.readFile(file, cb);\n  }\n}\nmodule.exports = Store;', 'return promiseOrCallback(cb, () => {\n      return fsp.readFile(file);\n    });'],
    ['an object method', 'const fs = require("fs");\nmodule.exports = {\n  load(file, cb) {\n    fs.readFile(file, cb);\n  },\n};', 'return promiseOrCallback(cb, () => {'],
    ['an arrow with an expression body', 'const fs = require("fs");\nexports.load = (file, cb) => fs.readFile(file, cb);', 'exports.load = (file, cb) => {\n  return promiseOrCallback(cb, () => {\n    return fsp.readFile(file);\n  });\n};'],
    ['JSX around it', 'import fs from "node:fs";\nexport function load(file, cb) {\n  fs.readFile(file, cb);\n}\nexport const view = <div>{load.name}</div>;', 'export const view = <div>{load.name}</div>;'],
    ['a generator beside it', 'const fs = require("fs");\nfunction* ids() { yield 1; }\nfunction load(file, cb) { fs.readFile(file, cb); }\nmodule.exports = { ids, load };', 'function* ids() { yield 1; }'],
    [
      'a decorated TypeScript method beside private ones and a static block',
      'import { readFile } from "node:fs";\nfunction dec(target: unknown, key: string): void {}\nexport class Store<T> {\n  #cache = new Map<string, T>();\n  @dec\n  load(file: string, cb: (err: Error | null, value?: string) => void) {\n    readFile(file, "utf8", (err, text) => {\n      if (err) return cb(err);\n      cb(null, text satisfies string);\n    });\n  }\n  static { void 0; }\n}',
      '  @dec\n  load(file: string, cb: (err: Error | null, value?: string) => void) {\n    return promiseOrCallback(cb, () => {\n      return fsp.readFile(file, "utf8").then((text) => {\n        return text satisfies string;\n      });\n    });\n  }',
    ],
    ['optional chaining in the callback', 'const fs = require("fs");\nexports.size = (file, cb) => fs.readFile(file, (err, data) => (err ? cb(err) : cb(null, data?.length ?? 0)));', 'return data?.length ?? 0;'],
  ])('converts a callback function in %s', async (_name, source, expected) => {
    const file = source.includes('<div>') ? 'view.jsx' : source.includes('@dec') ? 'store.ts' : 'lib.js';
    const result = await runTransform(transform, { path: file, source });
    expect(result.reports).toEqual([]);
    expect(result.output).toContain(expected);
  });

  it('does not treat a Promise executor as a callback function', async () => {
    const source = 'const fs = require("fs");\nfunction read(file) {\n  return new Promise((resolve, reject) => {\n    if (!file) return reject(new Error("no file"));\n    resolve(file);\n  });\n}\nmodule.exports = { read };';
    const result = await runTransform(transform, { path: 'lib.js', source });
    expect(result).toEqual({ output: undefined, reports: [] });
  });
});

describe('callback-to-promise across the modules of a run', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'untangle-modules-'));
  const library = path.join(directory, 'lib.cjs');
  const librarySource = [
    "const fs = require('node:fs');",
    '',
    'function load(file, callback) {',
    "  fs.readFile(file, 'utf8', (err, text) => {",
    '    if (err) return callback(err);',
    '    callback(null, text.trim());',
    '  });',
    '}',
    '',
    'function stays(file, callback) {',
    '  if (!file) return callback(new Error("no file"));',
    '  fs.readFile(file, callback);',
    '}',
    '',
    'module.exports = { load, stays };',
    '',
  ].join('\n');
  const consumer = path.join(directory, 'main.cjs');
  const consumerSource = [
    "const lib = require('./lib');",
    "const { load } = require('./lib.cjs');",
    '',
    "lib.load('a.txt', (err, text) => {",
    '  if (err) throw err;',
    '  console.log(text);',
    '});',
    "load('b.txt', function (err, text) {",
    '  if (err) throw err;',
    '  console.log(text);',
    '});',
    "lib.stays('c.txt', (err, text) => {",
    '  if (err) throw err;',
    '  console.log(text);',
    '});',
    '',
  ].join('\n');
  const esmConsumer = path.join(directory, 'main.mjs');
  const esmSource = "import lib from './lib.cjs';\n\nlib.load('a.txt', (err, text) => {\n  if (err) throw err;\n  console.log(text);\n});\n";
  writeFileSync(library, librarySource);
  writeFileSync(consumer, consumerSource);
  writeFileSync(esmConsumer, esmSource);
  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('rewrites calls of a function that another module of the run converts, and only those', async () => {
    const result = await runTransform(transform, { path: consumer, source: consumerSource }, { runFiles: [library, consumer] });
    expect(result.output).toContain("lib.load('a.txt').then((text) => {\n  console.log(text);\n});");
    expect(result.output).toContain("load('b.txt').then(function (text) {\n  console.log(text);\n});");
    expect(result.output).toContain("lib.stays('c.txt', (err, text) => {");
    const esm = await runTransform(transform, { path: esmConsumer, source: esmSource }, { runFiles: [library, esmConsumer] });
    expect(esm.output).toContain("lib.load('a.txt').then((text) => {");
  });

  it('leaves calls into a module outside the run alone until that module has the promise API', async () => {
    expect((await runTransform(transform, { path: consumer, source: consumerSource })).output).toBeUndefined();
    expect((await runTransform(transform, { path: consumer, source: consumerSource }, { runFiles: [consumer] })).output).toBeUndefined();
    const migrated = await runTransform(transform, { path: library, source: librarySource });
    writeFileSync(library, migrated.output ?? '');
    try {
      // an earlier run gave `load` its dual API: plain jscodeshift, with no run, may now rewrite the callers
      const later = await runTransform(transform, { path: consumer, source: consumerSource });
      expect(later.output).toContain("lib.load('a.txt').then((text) => {");
      expect(later.output).toContain("lib.stays('c.txt', (err, text) => {");
    } finally {
      writeFileSync(library, librarySource);
    }
  });
});
