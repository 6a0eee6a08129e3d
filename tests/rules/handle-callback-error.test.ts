import rule from '../../rules/handle-callback-error.js';
import { cjsTester, jsTester, tsTester } from '../support/rule-tester.js';

const fsImport = 'import fs from "node:fs";\n';

jsTester.run('handle-callback-error', rule, {
  valid: [
    // Exits on the error before using the results, in every usual spelling.
    `${fsImport}fs.readFile("a", (err, text) => { if (err) return cb(err); use(text); });`,
    `${fsImport}fs.readFile("a", (err, text) => { if (err) throw err; use(text); });`,
    `${fsImport}fs.readFile("a", (err, text) => { if (err) { log(err); return; } use(text); });`,
    `${fsImport}fs.readFile("a", (err, text) => { if (err != null) { return done(err); } use(text); });`,
    `${fsImport}fs.readFile("a", (err, text) => { if (!err) use(text); else report(err); });`,
    `${fsImport}fs.readFile("a", (err, text) => { if (err) report(err); else use(text); });`,
    `${fsImport}fs.readFile("a", (err, text) => (err ? reject(err) : resolve(text)));`,
    `${fsImport}import assert from "node:assert";\nfs.readFile("a", (err, text) => { assert.ifError(err); use(text); });`,
    // Results used only where there is no error; an error that is expected (a missing file) and looked at.
    `${fsImport}fs.readFile("a", (err, text) => err || use(text));`,
    `${fsImport}fs.stat("a.gz", (err, copy) => {\n  if (!err && copy.mtimeMs > 0) return done(null, false);\n  fs.readFile("a", (err, data) => { if (err) return done(err); done(null, data); });\n});`,
    `${fsImport}fs.stat("a", (err, stats) => { if (err && err.code !== "ENOENT") return done(err); done(null, err ? null : stats); });`,
    // Results checked before use; results used in a function declared for later.
    `${fsImport}fs.stat("a", function (er, st) { user.id = st && st.uid; return cb(er); });`,
    `${fsImport}fs.stat("a", (err, stats) => { if (stats) size = stats.size; done(err); });`,
    // An optional chain on the result says it may be missing.
    `${fsImport}fs.stat("a", (err, stats) => { if (err) log(err); schedule(stats?.mtimeMs); stats?.close?.(); done(); });`,
    `${fsImport}fs.readFile("a", (err, text) => { function parse() { return JSON.parse(text); } if (err) return done(err); done(null, parse()); });`,
    `${fsImport}fs.stat("a", (err, stats, code) => { debug("stat %s %j", err, stats); if (code === 502) return retry(); if (err) return done(err); done(null, stats); });`,
    `${fsImport}fs.stat("a", function (err, result) { if (arguments.length > 2) result = [].slice.call(arguments, 1); if (err) return done(err); done(null, result); });`,
    // A fallback for the result on error; the result checked instead of the error, with the error handed on.
    `${fsImport}fs.readFile("a", (err, region) => { if (err || !region) region = "us-east-1"; use(region); });`,
    `${fsImport}fs.readFile("a", (er, tree) => { if (!tree) return cb(er); walk(tree); });`,
    // Handing the error to the continuation without `return` is return-after-callback's finding.
    `${fsImport}function read(file, callback) { fs.readFile(file, (err, text) => { if (err) callback(err); callback(null, text); }); }`,
    // Ending the process leaves too; the error tested on either side of a logical test.
    `${fsImport}fs.readFile("a", (err, text) => { if (err) { console.error(err); process.exit(1); } use(text); });`,
    `${fsImport}fs.readFile("a", (err, job) => { if (!job || err) return retry(); run(job); });`,
    // Handed on together with the results, in any argument position.
    `${fsImport}fs.stat("a", (statErr, stats) => serve(file, statErr, stats));`,
    `${fsImport}fs.stat("a", function (err, results) { cb.apply(this, [err].concat(results)); });`,
    `${fsImport}fs.readFile("a", (err, text) => callback(err, text));`,
    `${fsImport}fs.readFile("a", function (err, text) { done(err, text && text.length); });`,
    // No results: acting on the error in any way handles it.
    `${fsImport}fs.unlink("a", (err) => { if (err) console.error(err); });`,
    `${fsImport}fs.unlink("a", (err) => done(err));`,
    // Deliberately ignored.
    `${fsImport}fs.unlink("a", (_err) => {});`,
    // Error handlers, not error-first callbacks: listeners, promise handlers, Express error middleware.
    'stream.on("error", (err) => { console.error(err); restart(); });',
    'p.catch((err) => { log(err); return fallback; });',
    'app.use((err, req, res, next) => { log(err); res.status(500).end(); });',
    // Not error-first: a first parameter that is not an error, array callbacks, unknown APIs with other names.
    'items.forEach((item, index) => use(item, index));',
    'emitter.once("data", (chunk) => use(chunk));',
    // A nested callback may reuse the name once the outer error is handled.
    `${fsImport}fs.readFile("a", (err, a) => {\n  if (err) return cb(err);\n  fs.readFile("b", (err, b) => { if (err) return cb(err); cb(null, a + b); });\n});`,
  ],
  invalid: [
    {
      code: `${fsImport}fs.readFile("a", (err, text) => {\n  use(text);\n});`,
      errors: [{ messageId: 'unhandled', data: { error: 'err' }, line: 2, column: 19, endColumn: 22 }],
    },
    {
      // A mention is not handling: the code carries on with the results.
      code: `${fsImport}fs.readFile("a", (err, text) => {\n  if (err) console.error(err);\n  use(text);\n});`,
      errors: [{ messageId: 'usedBeforeCheck', data: { error: 'err', result: 'text' }, line: 2, column: 19, endColumn: 22 }],
    },
    {
      // Only an optional chain on the result itself guards it: `stats.mtime?.x` reads `stats` first.
      code: `${fsImport}fs.stat("a", (err, stats) => {\n  if (err) console.error(err);\n  use(stats.mtime?.getTime());\n});`,
      errors: [{ messageId: 'usedBeforeCheck', data: { error: 'err', result: 'stats' }, line: 2, column: 15, endColumn: 18 }],
    },
    {
      // The results used before the check.
      code: `${fsImport}fs.stat("a", function (error, stats) {\n  const size = stats.size;\n  if (error) return done(error);\n  done(null, size);\n});`,
      errors: [{ messageId: 'usedBeforeCheck', data: { error: 'error', result: 'stats' }, line: 2, column: 24, endColumn: 29 }],
    },
    {
      // Destructured results; an error-first callback of an unknown API, recognised by its error name.
      code: 'db.query(sql, (err, { rows }) => {\n  log(err);\n  render(rows);\n});',
      errors: [{ messageId: 'usedBeforeCheck', data: { error: 'err', result: 'rows' }, line: 1, column: 16, endColumn: 19 }],
    },
    {
      code: `${fsImport}fs.unlink("a", (err) => {});`,
      errors: [{ messageId: 'unhandled', data: { error: 'err' }, line: 2, column: 17, endColumn: 20 }],
    },
    {
      // An outer error never looked at is reported once, as unhandled, not again at every nested callback.
      code: `${fsImport}fs.readFile("a", (err, a) => {\n  fs.readFile("b", (err, b) => done(err, b));\n});`,
      errors: [{ messageId: 'unhandled', data: { error: 'err' }, line: 2, column: 19, endColumn: 22 }],
    },
    {
      // The inner `err` hides the outer one before the outer one was looked at.
      code: `${fsImport}fs.readFile("a", (err, a) => {\n  fs.readFile("b", (err, b) => {\n    if (err) return cb(err);\n    cb(null, a + b);\n  });\n  if (err) log(err);\n});`,
      errors: [
        { messageId: 'usedBeforeCheck', data: { error: 'err', result: 'a' }, line: 2, column: 19, endColumn: 22 },
        { messageId: 'shadowed', data: { error: 'err' }, line: 3, column: 21, endColumn: 24 },
      ],
    },
  ],
});

jsTester.run('handle-callback-error (options)', rule, {
  valid: [{ code: 'lib.load(x, (problem, data) => { if (problem) return cb(problem); cb(null, data); });', options: [{ errorNames: ['problem'] }] }],
  invalid: [
    {
      code: 'lib.load(x, (problem, data) => cb(null, data));',
      options: [{ errorNames: ['problem'] }],
      errors: [{ messageId: 'unhandled', data: { error: 'problem' }, line: 1, column: 14, endColumn: 21 }],
    },
    {
      code: 'lib.load(x, (e1, data) => cb(null, data));',
      options: [{ errorPattern: '^e\\d+$' }],
      errors: [{ messageId: 'unhandled', data: { error: 'e1' }, line: 1, column: 14, endColumn: 16 }],
    },
  ],
});

cjsTester.run('handle-callback-error (CommonJS)', rule, {
  valid: ['const fs = require("fs");\nfs.readdir(".", function (err, names) { if (err) { return cb(err); } cb(null, names); });'],
  invalid: [
    {
      code: 'const { readdir } = require("fs");\nreaddir(".", function (err, names) { names.forEach(print); });',
      errors: [{ messageId: 'unhandled', data: { error: 'err' }, line: 2, column: 24, endColumn: 27 }],
    },
  ],
});

tsTester.run('handle-callback-error (TypeScript)', rule, {
  valid: ['import { readFile } from "node:fs";\nreadFile("a", (err: NodeJS.ErrnoException | null, data: Buffer): void => { if (err) throw err; use(data); });'],
  invalid: [
    {
      code: 'import { readFile } from "node:fs";\nreadFile("a", (err: NodeJS.ErrnoException | null, data: Buffer): void => { use(data!); });',
      errors: [{ messageId: 'unhandled', data: { error: 'err' }, line: 2, column: 16, endColumn: 49 }],
    },
  ],
});
