import rule from '../../rules/no-promise-in-callback.js';
import { cjsTester, jsTester, tsTester } from '../support/rule-tester.js';

jsTester.run('no-promise-in-callback', rule, {
  valid: [
    // The rejection reaches the continuation.
    'function load(id, cb) { fetchUser(id).then((u) => process.nextTick(cb, null, u), (e) => process.nextTick(cb, e)); }',
    'function load(id, cb) { fetchUser(id).then((u) => cb(null, u)).catch(cb); }',
    'function load(id, cb) { fetchUser(id).then((u) => cb(null, u)).catch((e) => cb(e)).finally(close); }',
    // A chain handed to a bridging helper is the helper's to bridge.
    'function load(id, cb) { fromPromise(fetchUser(id).then((u) => u.name), cb); }',
    // Returned to a caller (here a promise library's `try`) that handles it.
    'function complete(opts, cb) { Bluebird.try(() => { return whoami().then((name) => cb(null, [name])); }).then(null, cb); }',
    'function load(id, cb) { return fetchUser(id).then((u) => cb(null, u)); }',
    // Chains that do not involve the continuation are no-floating-promise's business.
    'function load(id, cb) { fetchUser(id).then(log); cb(); }',
    // An error-first callback returning nothing or a non-promise.
    'import fs from "node:fs";\nfs.readFile("a", (err, text) => parse(text));',
    'import fs from "node:fs";\nfs.readFile("a", (err, text) => { if (err) return report(err); return 1; });',
    // Returning a handled chain.
    'import fs from "node:fs";\nasync function save() {}\nfs.readFile("a", (err, text) => save(text).catch(report));',
    // Async callbacks of APIs that await them, and async callbacks that catch everything.
    'await Promise.all(items.map(async (item) => save(item)));',
    'import fs from "node:fs";\nfs.readFile("a", async (err, text) => { try { await save(text); } catch (e) { log(e); } });',
    // A promise handler is not an error-first callback.
    'p.then(async (err) => { await log(err); });',
    // util.callbackify is the right bridge.
    'import util from "node:util";\nexport const load = util.callbackify(async (id) => fetchUser(id));',
  ],
  invalid: [
    {
      code: 'function load(id, cb) {\n  fetchUser(id).then((user) => cb(null, user));\n}',
      errors: [{ messageId: 'rejectionNotForwarded', data: { name: 'cb' }, line: 2, column: 17, endColumn: 21 }],
    },
    {
      // The continuation reached from nested callbacks inside the handler; a catch that comes before does not help.
      code: 'function plugin(compilation, callback) {\n  Promise.resolve(entry())\n    .catch(() => defaults)\n    .then((e) => {\n      addEntry(e, (err) => callback(err));\n    });\n}',
      errors: [{ messageId: 'rejectionNotForwarded', data: { name: 'callback' }, line: 4, column: 6, endColumn: 10 }],
    },
    {
      // A promise returned to a Node callback API is ignored.
      code: 'import fs from "node:fs";\nasync function save() {}\nfs.readFile("a", (err, text) => save(text));\nfs.stat("a", function (err, stats) {\n  if (err) return report(err);\n  return save(stats);\n});',
      errors: [
        { messageId: 'promiseReturnedToCallbackApi', line: 3, column: 33, endColumn: 43 },
        { messageId: 'promiseReturnedToCallbackApi', line: 6, column: 10, endColumn: 21 },
      ],
    },
    {
      code: 'import { readFile } from "node:fs";\nreadFile("a", async (err, text) => {\n  await save(text);\n});',
      errors: [{ messageId: 'asyncErrorFirstCallback', line: 2, column: 15, endColumn: 20 }],
    },
    {
      // Error-first by use: an unknown API, a first parameter tested and acted on.
      code: 'db.query(sql, async function (problem, rows) {\n  if (problem) throw problem;\n  await cache(rows);\n});',
      errors: [{ messageId: 'asyncErrorFirstCallback', line: 1, column: 15, endColumn: 20 }],
    },
  ],
});

cjsTester.run('no-promise-in-callback (CommonJS)', rule, {
  valid: ['const fs = require("fs");\nfs.readFile("a", (err, t) => { if (err) return cb(err); cb(null, t); });'],
  invalid: [
    {
      code: 'const fs = require("fs");\nfs.readdir(".", (err, names) => Promise.all(names.map(remove)));',
      errors: [{ messageId: 'promiseReturnedToCallbackApi', line: 2, column: 33, endColumn: 63 }],
    },
  ],
});

tsTester.run('no-promise-in-callback (TypeScript)', rule, {
  valid: ['export function load(id: string, cb: (e: Error | null, v?: string) => void): void { lookup(id).then((v: string) => cb(null, v), cb); }'],
  invalid: [
    {
      code: 'export function load(id: string, done: (e: Error | null, v?: string) => void): void {\n  (lookup(id) as Promise<string>).then((v) => done(null, v));\n}',
      errors: [{ messageId: 'rejectionNotForwarded', data: { name: 'done' }, line: 2, column: 35, endColumn: 39 }],
    },
  ],
});
