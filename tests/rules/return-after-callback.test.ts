import rule from '../../rules/return-after-callback.js';
import { cjsTester, jsTester, tsTester } from '../support/rule-tester.js';

jsTester.run('return-after-callback', rule, {
  valid: [
    // Returned, or in tail position.
    'function load(id, cb) { db.get(id, (err, row) => { if (err) return cb(err); cb(null, row); }); }',
    'function load(id, cb) { if (!id) return cb(new Error("id")); db.get(id, cb); }',
    'function load(id, cb) { if (!id) { cb(new Error("id")); return; } db.get(id, cb); }',
    // Different branches.
    'function check(x, cb) { if (x) { cb(null, x); } else { cb(new Error("no")); } }',
    'function check(x, cb) { x ? cb(null, x) : cb(new Error("no")); }',
    'function check(x, cb) { switch (x) { case 1: cb(null, "one"); break; default: cb(null, "many"); } }',
    // In callbacks of their own.
    'function later(x, cb) { setImmediate(() => cb(null, x)); log(x); }',
    'function load(id, cb) { db.get(id, function (err, row) { cb(err, row); }); stats.count++; }',
    // Not a continuation: an ordinary function parameter.
    'function each(items, visit) { for (const item of items) visit(item); }',
    // The call-once idiom; a catch that only reports what the callback threw.
    'function send(msg, callback) { conn.write(msg, function (err) { callback(err); callback = noop; }); }',
    'function open(self, callback) { try { callback(null, self); } catch (err) { process.nextTick(() => { throw err; }); } }',
    // A bare return or a break after the call is not work.
    'function f(x, done) { while (true) { if (x) { done(null); break; } x = next(); } }',
  ],
  invalid: [
    {
      code: 'function load(id, cb) {\n  if (!id) cb(new Error("id"));\n  db.get(id, cb);\n}',
      errors: [
        {
          messageId: 'continuesAfterCallback',
          data: { name: 'cb' },
          line: 2,
          column: 12,
          endColumn: 31,
          suggestions: [{ messageId: 'addReturn', output: 'function load(id, cb) {\n  if (!id) return cb(new Error("id"));\n  db.get(id, cb);\n}' }],
        },
      ],
    },
    {
      // The double callback: the error path falls through into the success path.
      code: 'import fs from "node:fs";\nfunction read(file, callback) {\n  fs.readFile(file, (err, text) => {\n    if (err) {\n      callback(err);\n    }\n    callback(null, text);\n  });\n}',
      errors: [
        {
          messageId: 'continuesAfterCallback',
          data: { name: 'callback' },
          line: 5,
          column: 7,
          endColumn: 20,
          suggestions: [
            { messageId: 'addReturn', output: 'import fs from "node:fs";\nfunction read(file, callback) {\n  fs.readFile(file, (err, text) => {\n    if (err) {\n      return callback(err);\n    }\n    callback(null, text);\n  });\n}' },
          ],
        },
      ],
    },
    {
      // In a loop, the call can run again; work after it in the same block.
      code: 'function each(items, done) {\n  for (const item of items) done(null, item);\n}\nfunction save(x, next) {\n  next(null, x);\n  audit(x);\n}',
      errors: [
        { messageId: 'continuesAfterCallback', data: { name: 'done' }, line: 2, column: 29, endColumn: 45, suggestions: [] },
        { messageId: 'continuesAfterCallback', data: { name: 'next' }, line: 5, column: 3, endColumn: 16, suggestions: [{ messageId: 'addReturn', output: 'function each(items, done) {\n  for (const item of items) done(null, item);\n}\nfunction save(x, next) {\n  return next(null, x);\n  audit(x);\n}' }] },
      ],
    },
    {
      // A throw from the callback reaches the catch, which calls back again.
      code: 'function parse(text, cb) {\n  try {\n    cb(null, JSON.parse(text));\n  } catch (err) {\n    cb(err);\n  }\n}',
      errors: [{ messageId: 'continuesAfterCallback', data: { name: 'cb' }, line: 3, column: 5, endColumn: 31, suggestions: [] }],
    },
  ],
});

cjsTester.run('return-after-callback (CommonJS)', rule, {
  valid: ['module.exports = function (opts, cb) { if (!opts) return cb(new Error("opts")); cb(null, opts); };'],
  invalid: [
    {
      code: 'module.exports = function (opts, cb) {\n  if (!opts) cb(new Error("opts"));\n  cb(null, opts);\n};',
      errors: [{ messageId: 'continuesAfterCallback', line: 2, column: 14, endColumn: 35, suggestions: [{ messageId: 'addReturn', output: 'module.exports = function (opts, cb) {\n  if (!opts) return cb(new Error("opts"));\n  cb(null, opts);\n};' }] }],
    },
  ],
});

tsTester.run('return-after-callback (TypeScript)', rule, {
  valid: ['export function f(x: number, cb: (e: Error | null, v?: number) => void): void { if (x < 0) return cb(new Error("neg")); cb(null, x); }'],
  invalid: [
    {
      code: 'export function f(x: number, cb: (e: Error | null, v?: number) => void): void {\n  if (x < 0) cb(new Error("neg"));\n  cb(null, x);\n}',
      errors: [{ messageId: 'continuesAfterCallback', line: 2, column: 14, endColumn: 34, suggestions: [{ messageId: 'addReturn', output: 'export function f(x: number, cb: (e: Error | null, v?: number) => void): void {\n  if (x < 0) return cb(new Error("neg"));\n  cb(null, x);\n}' }] }],
    },
  ],
});
