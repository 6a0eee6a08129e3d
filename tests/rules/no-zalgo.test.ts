import rule from '../../rules/no-zalgo.js';
import { cjsTester, jsTester, tsTester } from '../support/rule-tester.js';

const cached = [
  'import fs from "node:fs";',
  'const cache = new Map();',
  'function readCached(file, cb) {',
  '  if (cache.has(file)) return cb(null, cache.get(file));',
  '  fs.readFile(file, (err, text) => {',
  '    if (err) return cb(err);',
  '    cache.set(file, text);',
  '    cb(null, text);',
  '  });',
  '}',
].join('\n');

jsTester.run('no-zalgo', rule, {
  valid: [
    // Always asynchronous.
    'import fs from "node:fs";\nfunction read(file, cb) {\n  if (!file) return process.nextTick(cb, new Error("file"));\n  fs.readFile(file, cb);\n}',
    'function later(x, cb) { setImmediate(() => cb(null, x)); }',
    // Always synchronous: an iterator helper.
    'function each(items, cb) { for (const item of items) cb(null, item); }',
    'function check(x, cb) { if (!x) return cb(new Error("x")); cb(null, x); }',
    // Through an API nothing is known about: no verdict.
    'function get(key, cb) { if (!key) return cb(new Error("key")); store.lookup(key, function (value) { cb(null, value); }); }',
    // Async functions are promise-based: their callbacks are another rule's concern.
    'async function f(x, cb) { if (!x) return cb(null); await g(); cb(null, x); }',
  ],
  invalid: [
    {
      code: cached,
      errors: [
        {
          messageId: 'syncCallback',
          data: { name: 'cb', fn: 'readCached' },
          line: 4,
          column: 31,
          endColumn: 56,
          suggestions: [{ messageId: 'deferCallback', data: { scheduler: 'process.nextTick' }, output: cached.replace('return cb(null, cache.get(file));', 'return process.nextTick(cb, null, cache.get(file));') }],
        },
      ],
    },
    {
      // Forwarded to an async API on one path, called right away on another (also inside an array callback).
      code: 'import dns from "node:dns";\nconst resolve = (hosts, done) => {\n  if (hosts.length === 0) {\n    [1].forEach(() => done(null, []));\n    return;\n  }\n  dns.lookup(hosts[0], done);\n};',
      errors: [
        {
          messageId: 'syncCallback',
          data: { name: 'done', fn: 'this function' },
          line: 4,
          column: 23,
          endColumn: 37,
          suggestions: [{ messageId: 'deferCallback', output: 'import dns from "node:dns";\nconst resolve = (hosts, done) => {\n  if (hosts.length === 0) {\n    [1].forEach(() => process.nextTick(done, null, []));\n    return;\n  }\n  dns.lookup(hosts[0], done);\n};' }],
        },
      ],
    },
    {
      // A promise handler is asynchronous too; where `process` is a local, the suggestion uses queueMicrotask.
      code: 'function load(process, id, callback) {\n  if (memo[id]) return callback(null, memo[id]);\n  db.get(id).then((row) => callback(null, row), callback);\n}',
      errors: [
        {
          messageId: 'syncCallback',
          data: { name: 'callback', fn: 'load' },
          line: 2,
          column: 24,
          endColumn: 48,
          suggestions: [{ messageId: 'deferCallback', data: { scheduler: 'queueMicrotask' }, output: 'function load(process, id, callback) {\n  if (memo[id]) return queueMicrotask(() => callback(null, memo[id]));\n  db.get(id).then((row) => callback(null, row), callback);\n}' }],
        },
      ],
    },
  ],
});

cjsTester.run('no-zalgo (CommonJS)', rule, {
  valid: ['const fs = require("fs");\nmodule.exports = function (p, cb) { fs.stat(p, cb); };'],
  invalid: [
    {
      code: 'const fs = require("fs");\nmodule.exports = function stat(p, cb) {\n  if (p === "") cb(new Error("empty"));\n  else fs.stat(p, cb);\n};',
      errors: [{ messageId: 'syncCallback', data: { name: 'cb', fn: 'stat' }, line: 3, column: 17, endColumn: 39, suggestions: [{ messageId: 'deferCallback', output: 'const fs = require("fs");\nmodule.exports = function stat(p, cb) {\n  if (p === "") process.nextTick(cb, new Error("empty"));\n  else fs.stat(p, cb);\n};' }] }],
    },
  ],
});

tsTester.run('no-zalgo (TypeScript)', rule, {
  valid: ['export function f(x: number, cb: (e: Error | null, v?: number) => void): void { setTimeout(() => cb(null, x), 0); }'],
  invalid: [
    {
      code: 'export function f(x: number, cb: (e: Error | null, v?: number) => void): void {\n  if (x < 0) return cb(new Error("neg"));\n  setTimeout(() => cb(null, x), 0);\n}',
      errors: [{ messageId: 'syncCallback', line: 2, column: 21, endColumn: 41, suggestions: [{ messageId: 'deferCallback', output: 'export function f(x: number, cb: (e: Error | null, v?: number) => void): void {\n  if (x < 0) return process.nextTick(cb, new Error("neg"));\n  setTimeout(() => cb(null, x), 0);\n}' }] }],
    },
  ],
});
