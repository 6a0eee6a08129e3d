import { describe, expect, it } from 'vitest';
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
  ])('converts a callback function in %s', async (_name, source, expected) => {
    const path = source.includes('<div>') ? 'view.jsx' : 'lib.js';
    const result = await runTransform(transform, { path, source });
    expect(result.reports).toEqual([]);
    expect(result.output).toContain(expected);
  });

  it('does not treat a Promise executor as a callback function', async () => {
    const source = 'const fs = require("fs");\nfunction read(file) {\n  return new Promise((resolve, reject) => {\n    if (!file) return reject(new Error("no file"));\n    resolve(file);\n  });\n}\nmodule.exports = { read };';
    const result = await runTransform(transform, { path: 'lib.js', source });
    expect(result).toEqual({ output: undefined, reports: [] });
  });
});
