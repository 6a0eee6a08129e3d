import rule from '../../rules/no-callback-in-promise.js';
import { cjsTester, jsTester, tsTester } from '../support/rule-tester.js';

jsTester.run('no-callback-in-promise', rule, {
  valid: [
    // Deferred out of the promise: a throw becomes an ordinary exception again.
    'function load(id, cb) { fetchUser(id).then((u) => process.nextTick(cb, null, u), (e) => process.nextTick(cb, e)); }',
    'function load(id, cb) { fetchUser(id).then((u) => { setImmediate(() => cb(null, u)); }); }',
    'function load(id, cb) { fetchUser(id).then((u) => queueMicrotask(() => cb(null, u))); }',
    'function load(id, cb) { fetchUser(id).then((u) => setTimeout(() => cb(null, u), 0)); }',
    // A Node callback inside the handler runs on its own turn.
    'import fs from "node:fs";\nfunction load(id, cb) { fetchUser(id).then((u) => { fs.readFile(u.path, (err, text) => cb(err, text)); }); }',
    // util.callbackify owns the bridge.
    'import { callbackify } from "node:util";\nexport const load = callbackify(async (id) => fetchUser(id));',
    // Callbacks in plain callback code.
    'function load(id, cb) { db.get(id, (err, row) => { if (err) return cb(err); cb(null, row); }); }',
    // An async function calling back before any await.
    'async function check(x, cb) { if (!x) return cb(new Error("x")); return work(x); }',
    // A function that is not a continuation: named otherwise and called with a value, not an error first.
    'function each(items, visit) { items.forEach((item) => Promise.resolve(item).then((v) => visit(v))); }',
    // A handler's own callback parameter is not the outer continuation.
    'promise.then(function (value, done) { done(); });',
    // A continuation of a function nested in the handler.
    'p.then(() => { function inner(x, cb) { cb(null, x); } return inner; });',
    // Nothing after the handler catches what `cb` throws: it stays an uncaught error, as in callback code.
    'function load(id, cb) { fetchUser(id).then((u) => cb(null, u), cb); }',
    'function load(id, cb) { fetchUser(id).then((u) => { cb(null, u); }); }',
    'function load(id, cb) { fetchUser(id).then(log, report); fetchUser(id).catch(cb); }',
    'async function each(stream, cb) { for await (const chunk of stream) cb(null, chunk); }',
    'async function save(doc, done) { try { await db.put(doc); } catch (err) { return done(err); } done(null, doc); }',
    // Not a continuation passed as handler: an ordinary function.
    'function load(id, cb) { fetchUser(id).then(show, report); cb(); }',
  ],
  invalid: [
    {
      code: 'function load(id, cb) {\n  fetchUser(id)\n    .then((user) => cb(null, user))\n    .catch((err) => cb(err));\n}',
      // The catch calls `cb` a second time when the first call throws; the catch's own call has nothing after it.
      errors: [{ messageId: 'inHandler', data: { name: 'cb' }, line: 3, column: 21, endColumn: 35 }],
    },
    {
      // Recognised by use, whatever the name: `reply(null, value)` makes `reply` error-first.
      code: 'function fetchAll(ids, reply) {\n  Promise.all(ids.map(load)).then(function (rows) {\n    rows.forEach((row) => check(row));\n    reply(null, rows);\n  }).catch(report);\n}',
      errors: [{ messageId: 'inHandler', data: { name: 'reply' }, line: 4, column: 5, endColumn: 22 }],
    },
    {
      code: 'async function save(doc, done) {\n  try {\n    await db.put(doc);\n    done(null, doc);\n  } catch (err) {\n    done(err);\n  }\n}',
      errors: [{ messageId: 'afterAwait', data: { name: 'done' }, line: 4, column: 5, endColumn: 20 }],
    },
    {
      code: 'async function each(stream, cb) {\n  try {\n    for await (const chunk of stream) cb(null, chunk);\n  } catch (err) {\n    cb(err);\n  }\n}',
      errors: [{ messageId: 'afterAwait', data: { name: 'cb' }, line: 3, column: 39, endColumn: 54 }],
    },
    {
      // An async arrow started inside the callback-style function.
      code: 'function run(task, callback) {\n  (async () => {\n    try {\n      const result = await task();\n      callback(null, result);\n    } catch (err) {\n      callback(err);\n    }\n  })();\n}',
      errors: [{ messageId: 'afterAwait', data: { name: 'callback' }, line: 5, column: 7, endColumn: 29 }],
    },
    {
      code: 'function load(id, cb) {\n  fetchUser(id).then(cb).catch(report);\n  fetchUser(id).catch(cb).then(null, report);\n}',
      errors: [
        { messageId: 'asHandler', data: { name: 'cb' }, line: 2, column: 22, endColumn: 24 },
        { messageId: 'asHandler', data: { name: 'cb' }, line: 3, column: 23, endColumn: 25 },
      ],
    },
  ],
});

cjsTester.run('no-callback-in-promise (CommonJS)', rule, {
  valid: ['module.exports = function (opts, cb) { setImmediate(cb); };'],
  invalid: [
    {
      code: 'module.exports = function (opts, cb) {\n  require("./db").open(opts).then((conn) => { cb(null, conn); }).catch(cb);\n};',
      errors: [{ messageId: 'inHandler', data: { name: 'cb' }, line: 2, column: 47, endColumn: 61 }],
    },
  ],
});

tsTester.run('no-callback-in-promise (TypeScript)', rule, {
  valid: ['export function load(id: string, cb: (err: Error | null, v?: number) => void): void { lookup(id, cb); }'],
  invalid: [
    {
      code: 'export function load(id: string, cb: (err: Error | null, v?: number) => void): void {\n  fetchCount(id)!.then((n: number) => cb(null, n)).catch(cb);\n}',
      errors: [{ messageId: 'inHandler', data: { name: 'cb' }, line: 2, column: 39, endColumn: 50 }],
    },
  ],
});
