import rule from '../../rules/no-sync-in-async.js';
import { cjsTester, jsTester, tsTester } from '../support/rule-tester.js';

const FS = "const fs = require('fs');\n";

cjsTester.run('no-sync-in-async (CommonJS)', rule, {
  valid: [
    // Start-up code and plain functions may block: that is what the sync API is for.
    `${FS}const config = fs.readFileSync('config.json', 'utf8');`,
    `${FS}function loadConfig() { return JSON.parse(fs.readFileSync('config.json', 'utf8')); }`,
    `${FS}['a', 'b'].forEach((name) => fs.mkdirSync(name));`,
    `${FS}describe('x', () => { it('y', () => { fs.writeFileSync('a', 'b'); }); });`,
    `${FS}new Promise((resolve) => resolve(fs.readFileSync('a')));`,
    // Asynchronous forms and non-I/O work in async code.
    `${FS}async function f() { const data = await fs.promises.readFile('a'); return JSON.parse(data); }`,
    "const crypto = require('crypto');\nasync function f() { crypto.randomBytes(16, (err, buf) => {}); }",
    "const { promisify } = require('util');\nconst { exec } = require('child_process');\nconst run = promisify(exec);\nasync function f() { await run('ls'); }",
    // A local binding that shadows the import is not the API.
    `${FS}async function f(fs) { fs.readFileSync('a'); }`,
    "async function f() { const fs = makeMemoryFs(); fs.readFileSync('a'); }",
    // A *Sync method of something that was not imported.
    'async function f(db) { db.closeSync(); cache.sync(); }',
    // Options.
    { code: `${FS}async function f() { fs.existsSync('a'); }`, options: [{ allow: ['existsSync'] }] },
    { code: `${FS}async function f() { fs.existsSync('a'); }`, options: [{ allow: ['fs.existsSync'] }] },
    { code: "const fse = require('fs-extra');\nasync function f() { fse.readJsonSync('a'); }", options: [{ allow: ['fs-extra'] }] },
    { code: "const fse = require('fs-extra');\nasync function f() { fse.readJsonSync('a'); }", options: [{ checkThirdParty: false }] },
    // An unknown callback runs in its caller's context: here, module start-up.
    `${FS}register(() => fs.readFileSync('a'));`,
    // Handlers that must finish before the process ends, and emitters of code that is synchronous by contract.
    `${FS}process.on('uncaughtException', (err) => { fs.writeFileSync('crash.log', String(err)); process.exit(1); });`,
    `${FS}class UnpackSync { write(entry) { entry.on('data', (chunk) => fs.writeSync(this.fd, chunk)); } }`,
    // assert calls its callbacks synchronously.
    `const assert = require('assert');\n${FS}assert.throws(run, function (err) { return fs.existsSync(err.path); });`,
  ],
  invalid: [
    {
      code: `${FS}async function load() {\n  return fs.readFileSync('a.json', 'utf8');\n}`,
      errors: [
        {
          messageId: 'blockingWithTwin',
          data: { name: 'fs.readFileSync', where: 'an async function', twin: 'readFile', module: 'fs/promises' },
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'replaceWithAwait',
              data: { twin: 'readFile', module: 'fs/promises' },
              output: `${FS}const { readFile } = require('fs/promises');\nasync function load() {\n  return await readFile('a.json', 'utf8');\n}`,
            },
          ],
        },
      ],
    },
    {
      // A promise handler is asynchronous code too, but `await` is not valid there: no suggestion.
      code: `${FS}p.then(() => fs.statSync('a'));`,
      errors: [{ messageId: 'blockingWithTwin', data: { name: 'fs.statSync', where: 'a promise handler', twin: 'stat', module: 'fs/promises' }, line: 2, column: 14, endLine: 2, endColumn: 25, suggestions: [] }],
    },
    {
      code: "const { execSync } = require('child_process');\nconst http = require('http');\nhttp.createServer((req, res) => {\n  res.end(execSync('git rev-parse HEAD'));\n});",
      errors: [{ messageId: 'blocking', data: { name: 'execSync', where: 'a request handler' }, line: 4, column: 11, endLine: 4, endColumn: 19 }],
    },
    {
      code: `${FS}emitter.on('change', (file) => fs.readFileSync(file));\nsetTimeout(() => fs.unlinkSync('tmp'), 10);\nfs.readFile('a', (err, data) => fs.writeFileSync('b', data));`,
      errors: [
        { messageId: 'blockingWithTwin', data: { name: 'fs.readFileSync', where: 'an event listener', twin: 'readFile', module: 'fs/promises' }, line: 2, column: 32 },
        { messageId: 'blockingWithTwin', data: { name: 'fs.unlinkSync', where: 'a timer callback', twin: 'unlink', module: 'fs/promises' }, line: 3, column: 18 },
        { messageId: 'blockingWithTwin', data: { name: 'fs.writeFileSync', where: 'a callback of an asynchronous API', twin: 'writeFile', module: 'fs/promises' }, line: 4, column: 33 },
      ],
    },
    {
      // Inside a forEach of an async function: reported, but `await` would land in the arrow, so no suggestion.
      code: `${FS}async function copyAll(names) {\n  names.forEach((name) => fs.copyFileSync(name, name + '.bak'));\n}`,
      errors: [{ messageId: 'blockingWithTwin', line: 3, column: 27, endColumn: 42, suggestions: [] }],
    },
    {
      // The name of the twin is taken in this scope: no suggestion rather than a clash.
      code: `${FS}async function f(readFile) {\n  return fs.readFileSync('a');\n}`,
      errors: [{ messageId: 'blockingWithTwin', line: 3, column: 10, suggestions: [] }],
    },
    {
      // fs/promises `open` resolves to a FileHandle, not an fd: reported, but no drop-in suggestion.
      code: `${FS}async function f() {\n  const fd = fs.openSync('a', 'r');\n}`,
      errors: [{ messageId: 'blockingWithTwin', data: { name: 'fs.openSync', where: 'an async function', twin: 'open', module: 'fs/promises' }, line: 3, column: 14, suggestions: [] }],
    },
    {
      // An unknown callback inside an asynchronous callback runs asynchronously too.
      code: `${FS}fs.readFile('t.html', 'utf8', (err, html) => {\n  html.replace(/{{id}}/g, () => require('crypto').randomBytes(4).toString('hex'));\n});`,
      errors: [{ messageId: 'blocking', data: { name: "require('crypto').randomBytes", where: 'a callback of an asynchronous API' }, line: 3, column: 33, endColumn: 62 }],
    },
    {
      code: "const fse = require('fs-extra');\nconst glob = require('glob');\nasync function f() {\n  fse.readJsonSync('a');\n  glob.sync('*.js');\n}",
      errors: [
        { messageId: 'blocking', data: { name: 'fse.readJsonSync', where: 'an async function' }, line: 4, column: 3, endColumn: 19 },
        { messageId: 'blocking', data: { name: 'glob.sync', where: 'an async function' }, line: 5, column: 3, endColumn: 12 },
      ],
    },
    {
      code: "const crypto = require('crypto');\nasync function token() {\n  return crypto.randomBytes(32).toString('hex');\n}",
      errors: [{ messageId: 'blocking', data: { name: 'crypto.randomBytes', where: 'an async function' }, line: 3, column: 10, endColumn: 28 }],
    },
    {
      code: `${FS}async function size(p) {\n  return fs.statSync(p).size;\n}`,
      errors: [
        {
          messageId: 'blockingWithTwin',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'replaceWithAwait',
              data: { twin: 'stat', module: 'fs/promises' },
              output: `${FS}const { stat } = require('fs/promises');\nasync function size(p) {\n  return (await stat(p)).size;\n}`,
            },
          ],
        },
      ],
    },
    {
      code: "'use strict';\nasync function f() {\n  require('fs').rmSync('tmp', { recursive: true });\n}",
      errors: [
        {
          messageId: 'blockingWithTwin',
          line: 3,
          column: 3,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'replaceWithAwait',
              output: "'use strict';\nconst { rm } = require('fs/promises');\nasync function f() {\n  await rm('tmp', { recursive: true });\n}",
            },
          ],
        },
      ],
    },
  ],
});

jsTester.run('no-sync-in-async (ESM)', rule, {
  valid: [
    "import { readFileSync } from 'node:fs';\nexport const config = JSON.parse(readFileSync('config.json', 'utf8'));",
    "import { readFile } from 'node:fs/promises';\nexport async function load() { return readFile('a'); }",
    "import { readFileSync } from 'node:fs';\nconst data = await Promise.resolve(1);\nreadFileSync('a');",
  ],
  invalid: [
    {
      code: "import { readFileSync } from 'node:fs';\nimport path from 'node:path';\n\nexport async function load(dir) {\n  return readFileSync(path.join(dir, 'a'));\n}",
      errors: [
        {
          messageId: 'blockingWithTwin',
          data: { name: 'readFileSync', where: 'an async function', twin: 'readFile', module: 'node:fs/promises' },
          line: 5,
          column: 10,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'replaceWithAwait',
              output: "import { readFileSync } from 'node:fs';\nimport path from 'node:path';\nimport { readFile } from 'node:fs/promises';\n\nexport async function load(dir) {\n  return await readFile(path.join(dir, 'a'));\n}",
            },
          ],
        },
      ],
    },
    {
      // An existing import of the twin is reused.
      code: "import * as fs from 'fs';\nimport { readdir as list } from 'fs/promises';\nexport const scan = async (dir) => fs.readdirSync(dir);",
      errors: [
        {
          messageId: 'blockingWithTwin',
          line: 3,
          column: 36,
          suggestions: [
            {
              messageId: 'replaceWithAwait',
              output: "import * as fs from 'fs';\nimport { readdir as list } from 'fs/promises';\nexport const scan = async (dir) => await list(dir);",
            },
          ],
        },
      ],
    },
    {
      code: "import zlib from 'zlib';\nexport class Store {\n  async save(data) {\n    return zlib.gzipSync(data);\n  }\n}",
      errors: [{ messageId: 'blocking', data: { name: 'zlib.gzipSync', where: 'an async function' }, line: 4, column: 12, endColumn: 25 }],
    },
  ],
});

tsTester.run('no-sync-in-async (TypeScript)', rule, {
  valid: [
    "import fs = require('fs');\nexport function load(): string { return fs.readFileSync('a', 'utf8'); }",
    "import { readFileSync } from 'fs';\n@Component({ template: readFileSync('t.html', 'utf8') })\nexport class View {}",
    "import { readFileSync } from 'fs';\nconst el = <div>{readFileSync('a', 'utf8')}</div>;",
  ],
  invalid: [
    {
      code: "import { existsSync } from 'node:fs';\nclass Cache {\n  @memoize()\n  async has<T extends string>(key: T): Promise<boolean> {\n    return existsSync(key as string);\n  }\n}",
      errors: [{ messageId: 'blocking', data: { name: 'existsSync', where: 'an async function' }, line: 5, column: 12, endColumn: 22 }],
    },
    {
      code: "import * as cp from 'node:child_process';\nconst handler = async (event?: { cmd: string }) => cp?.spawnSync(event?.cmd ?? 'ls');",
      errors: [{ messageId: 'blocking', data: { name: 'cp?.spawnSync', where: 'an async function' }, line: 2, column: 52, endColumn: 65 }],
    },
    {
      code: "import fs = require('fs');\nexport async function* lines(file: string) {\n  yield* fs.readFileSync(file, 'utf8').split('\\n');\n}",
      errors: [
        {
          messageId: 'blockingWithTwin',
          line: 3,
          column: 10,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'replaceWithAwait',
              output: "import fs = require('fs');\nimport { readFile } from 'fs/promises';\nexport async function* lines(file: string) {\n  yield* (await readFile(file, 'utf8')).split('\\n');\n}",
            },
          ],
        },
      ],
    },
  ],
});
