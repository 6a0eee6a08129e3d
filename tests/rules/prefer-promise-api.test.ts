import rule from '../../rules/prefer-promise-api.js';
import { cjsTester, jsTester, tsTester } from '../support/rule-tester.js';

const everywhere = [{ everywhere: true }] as [{ everywhere: boolean }];

jsTester.run('prefer-promise-api', rule, {
  valid: [
    // By default only code inside async functions is reported: callback code is the codemod's to migrate.
    'import fs from "node:fs";\nfs.readFile("a", (err, text) => use(text));',
    'import fs from "node:fs";\nfunction load(cb) { fs.readFile("a", cb); }',
    // Promise forms and sync forms.
    'import fs from "node:fs";\nasync function f() { await fs.promises.readFile("a"); fs.readFileSync("b"); }',
    // Not callback-style: no callback, or a last argument that may be anything.
    'import fs from "node:fs";\nasync function f(settings) { fs.readFile("a", settings.encoding); fs.readFile("b"); }',
    // A used return value (a ChildProcess, a timer handle) cannot become a promise.
    { code: 'import { exec } from "node:child_process";\nconst child = exec("ls", done);\nconst timer = setTimeout(() => tick(), 10);', options: everywhere },
    // APIs without a promise form, and lookalikes.
    { code: 'import fs from "node:fs";\nfs.watch("a", () => {});\nfs.createReadStream("a").on("end", () => {});', options: everywhere },
    { code: 'const fs = { readFile(p, cb) { cb(null, p); } };\nfs.readFile("a", (err, text) => use(text));', options: everywhere },
    // util.promisify of something without a promise module.
    { code: 'import { promisify } from "node:util";\nimport { exec } from "node:child_process";\nconst run = promisify(exec);', options: everywhere },
  ],
  invalid: [
    {
      code: 'import fs from "node:fs";\nasync function load() {\n  fs.readFile("a", "utf8", (err, text) => use(text));\n}',
      errors: [{ messageId: 'preferTwin', data: { name: 'readFile', twin: '`readFile` from `node:fs/promises`' }, line: 3, column: 6, endColumn: 14 }],
    },
    {
      code: 'import dns from "node:dns";\nimport { pipeline } from "node:stream";\nfunction resolve(host, cb) { dns.lookup(host, cb); }\nfunction copy(a, b, done) { pipeline(a, b, done); }\nsetTimeout(() => tick(), 5);',
      options: everywhere,
      errors: [
        { messageId: 'preferTwin', data: { name: 'lookup', twin: '`lookup` from `node:dns/promises`' }, line: 3, column: 34, endColumn: 40 },
        { messageId: 'preferTwin', data: { name: 'pipeline', twin: '`pipeline` from `node:stream/promises`' }, line: 4, column: 29, endColumn: 37 },
        { messageId: 'preferTwin', data: { name: 'setTimeout', twin: '`setTimeout` from `node:timers/promises`' }, line: 5, column: 1, endColumn: 11 },
      ],
    },
    {
      code: 'import { exec } from "node:child_process";\nimport zlib from "node:zlib";\nfunction done() {}\nexec("ls", done);\nzlib.gzip(buffer, function (err, out) {});',
      options: everywhere,
      errors: [
        { messageId: 'preferTwin', data: { name: 'exec', twin: '`util.promisify(exec)`' }, line: 4, column: 1, endColumn: 5 },
        { messageId: 'preferTwin', data: { name: 'gzip', twin: '`util.promisify(gzip)`' }, line: 5, column: 6, endColumn: 10 },
      ],
    },
    {
      code: 'import util from "node:util";\nimport fs from "node:fs";\nconst stat = util.promisify(fs.stat);',
      options: everywhere,
      errors: [{ messageId: 'preferPromiseModule', data: { name: 'stat', twin: '`stat` from `node:fs/promises`' }, line: 3, column: 14, endColumn: 37 }],
    },
    {
      code: 'import readline from "node:readline";\nconst rl = readline.createInterface({ input: process.stdin });\nasync function ask() { rl.question("name? ", (answer) => use(answer)); }',
      errors: [{ messageId: 'preferTwin', data: { name: 'question', twin: "`question` of `node:readline/promises`'s `Interface`" }, line: 3, column: 27, endColumn: 35 }],
    },
  ],
});

cjsTester.run('prefer-promise-api (CommonJS)', rule, {
  valid: ['const fs = require("fs");\nfs.stat("a", (err, s) => use(s));'],
  invalid: [
    {
      code: 'const { readdir } = require("fs");\nmodule.exports = async function list(dir) {\n  return new Promise((resolve, reject) => readdir(dir, (err, names) => (err ? reject(err) : resolve(names))));\n};',
      errors: [{ messageId: 'preferTwin', data: { name: 'readdir', twin: '`readdir` from `node:fs/promises`' }, line: 3, column: 43, endColumn: 50 }],
    },
  ],
});

tsTester.run('prefer-promise-api (TypeScript)', rule, {
  valid: ['import { readFile } from "node:fs/promises";\nexport async function f(): Promise<string> { return readFile("a", "utf8"); }'],
  invalid: [
    {
      code: 'import * as fs from "node:fs";\nexport async function f(): Promise<void> {\n  fs.unlink("a", (err: NodeJS.ErrnoException | null): void => undefined);\n}',
      errors: [{ messageId: 'preferTwin', data: { name: 'unlink', twin: '`unlink` from `node:fs/promises`' }, line: 3, column: 6, endColumn: 12 }],
    },
  ],
});
