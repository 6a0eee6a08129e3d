import rule from '../../rules/max-callback-depth.js';
import { cjsTester, jsTester, tsTester } from '../support/rule-tester.js';

const pyramid = [
  'import fs from "node:fs";',
  'fs.readFile("a", (err, a) => {',
  '  fs.readFile("b", (err, b) => {',
  '    fs.readFile("c", (err, c) => {',
  '      fs.readFile("d", (err, d) => {',
  '        fs.readFile("e", (err, e) => done(a, b, c, d, e));',
  '      });',
  '    });',
  '  });',
  '});',
].join('\n');

jsTester.run('max-callback-depth', rule, {
  valid: [
    // Three levels is the default limit.
    'import fs from "node:fs";\nfs.readFile("a", (err, a) => {\n  fs.readFile("b", (err, b) => {\n    fs.readFile("c", (err, c) => done(a, b, c));\n  });\n});',
    // Test-framework blocks, array methods and unknown synchronous callbacks do not count.
    'describe("x", () => {\n  describe("y", () => {\n    it("z", () => {\n      [1].forEach((a) => [2].map((b) => [3].filter((c) => c)));\n    });\n  });\n});',
    // Flat promise chains do not nest; request handlers and data listeners are entry points, not continuations.
    'load().then((a) => a).then((b) => b).then((c) => c).then((d) => d);',
    'import http from "node:http";\nhttp.createServer((req, res) => {\n  req.on("data", (chunk) => {\n    setTimeout(() => {\n      setTimeout(() => {\n        setTimeout(() => res.end(), 1);\n      }, 1);\n    }, 1);\n  });\n});',
    { code: pyramid, options: [{ max: 5 }] },
  ],
  invalid: [
    {
      // Reported once, where the pyramid crosses the limit.
      code: pyramid,
      errors: [{ messageId: 'tooDeep', data: { depth: '4', max: '3' }, line: 5, column: 24, endLine: 5, endColumn: 35 }],
    },
    {
      // Every kind of continuation: an error-first callback of an unknown API, a timer, a completion listener, promise
      // handlers nested in promise handlers.
      code: 'db.query(sql, function (err, rows) {\n  setTimeout(() => {\n    stream.on("finish", () => {\n      load().then((a) => {\n        save(a).then((b) => log(b));\n      });\n    });\n  }, 10);\n});',
      errors: [{ messageId: 'tooDeep', data: { depth: '4', max: '3' }, line: 5, column: 22, endColumn: 28 }],
    },
    {
      code: 'load().then((a) => {\n  return other(a).then((b) => {\n    return more(b).then((c) => c);\n  });\n});',
      options: [{ max: 1 }],
      errors: [{ messageId: 'tooDeep', data: { depth: '2', max: '1' }, line: 3, column: 25, endColumn: 31 }],
    },
  ],
});

cjsTester.run('max-callback-depth (CommonJS)', rule, {
  valid: ['const fs = require("fs");\nfs.stat("a", (err) => fs.stat("b", (err) => fs.stat("c", done)));'],
  invalid: [
    {
      code: 'const { exec } = require("child_process");\nexec("a", () => exec("b", () => exec("c", () => exec("d", () => {}))));',
      options: [{ max: 2 }],
      errors: [{ messageId: 'tooDeep', data: { depth: '3', max: '2' }, line: 2, column: 43, endColumn: 48 }],
    },
  ],
});

tsTester.run('max-callback-depth (TypeScript)', rule, {
  valid: [
    // JSX render props.
    'const view = <List render={(item) => <Row render={(cell) => <Cell render={(x) => <b>{x}</b>} />} />} />;','import { readFile } from "node:fs";\nreadFile("a", (err: Error | null, a: Buffer): void => { readFile("b", (err2: Error | null): void => undefined); });'],
  invalid: [
    {
      code: 'import { readFile } from "node:fs";\nreadFile("a", (e1) => readFile("b", (e2) => readFile("c", (e3) => readFile("d", (e4: Error | null): void => undefined))));',
      errors: [{ messageId: 'tooDeep', data: { depth: '4', max: '3' }, line: 2, column: 81, endColumn: 108 }],
    },
  ],
});
