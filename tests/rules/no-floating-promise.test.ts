import rule from '../../rules/no-floating-promise.js';
import { cjsTester, jsTester, tsTester, typedTester } from '../support/rule-tester.js';

/** The offset of a 1-based line and column in `code`. */
function offsetOf(code: string, line: number, column: number): number {
  const lines = code.split('\n').slice(0, line - 1);
  return lines.reduce((sum, text) => sum + text.length + 1, 0) + column - 1;
}

/**
 * One `floating` error in `code`, with its suggestions' exact outputs: each inserts its keyword where the error
 * starts.
 */
function floatingIn(code: string) {
  return (source: string, line: number, column: number, endColumn: number, suggestions: ('addAwait' | 'addVoid')[] = ['addVoid']) => {
    const at = offsetOf(code, line, column);
    const keyword = { addAwait: 'await ', addVoid: 'void ' };
    return {
      messageId: 'floating' as const,
      data: { source },
      line,
      column,
      endLine: line,
      endColumn,
      suggestions: suggestions.map((messageId) => ({ messageId, output: code.slice(0, at) + keyword[messageId] + code.slice(at) })),
    };
  };
}

/** An invalid case whose errors are all `floating`. */
function invalid(code: string, ...errors: [string, number, number, number, ('addAwait' | 'addVoid')[]?][]) {
  const floating = floatingIn(code);
  return { code, errors: errors.map((error) => floating(...error)) };
}

jsTester.run('no-floating-promise', rule, {
  valid: [
    // Awaited, returned, handled, passed on.
    'async function save() {}\nasync function main() { await save(); }',
    'async function save() {}\nfunction main() { return save(); }',
    'async function save() {}\nconst main = () => save();',
    'async function save() {}\nsave().catch(console.error);',
    'async function save() {}\nsave().then(() => log("saved"), (err) => log(err));',
    'async function save() {}\nsave().catch(report).finally(close);',
    'async function save() {}\nPromise.all([save(), save()]).catch(report);',
    'async function save() {}\nqueue.push(save());',
    'async function save() {}\nthis.ready = save();',
    'async function save() {}\nmodule.exports = save();',
    'async function save() {}\nasync function* jobs() { yield save(); }',
    // void marks deliberate background work (allowVoid, default on).
    'async function save() {}\nvoid save();',
    // Assigned, then awaited or handed on.
    'async function save() {}\nasync function main() { const p = save(); other(); await p; }',
    'async function save() {}\nfunction main() { const p = save(); return [p]; }',
    'async function save() {}\nexport const ready = save();',
    // Unknown callees are not guessed at without types.
    'db.save();\nobj.method().other();',
    'function sync() { return 1; }\nsync();',
    // A function that returns a promise on only some paths is not known to return one.
    'function maybe(x) { if (x) return Promise.resolve(x); return x; }\nmaybe(1);',
    // Statics that cannot reject.
    'Promise.allSettled(tasks);',
    'Promise.resolve();',
    // An async function whose whole body is a try that handles every error never rejects.
    'async function run() {\n  try {\n    await work();\n  } catch (error) {\n    console.error(error);\n  }\n}\nrun();',
    'class Session {\n  async #send() {\n    try { await write(); } catch { this.closed = true; }\n  }\n  ping() {\n    this.#send();\n  }\n}',
    'const { promise, resolve } = Promise.withResolvers();\nresolve(1);\nexport { promise };',
    // A local class or function named Promise is not the global.
    'class Promise {}\nnew Promise(() => {});',
    // An `async` generator's call is an iterator, not a promise; a plain generator neither.
    'async function* items() {}\nitems();',
    'function* items() {}\nitems();',
    // Chains that hand their value to an error-first continuation: no-promise-in-callback judges where the rejection goes.
    'function load(id, cb) { fetchUser(id).then((user) => cb(null, user)); }',
    'function load(id, cb) { fetchUser(id).then(cb); }',
    // forEach callbacks that do not return promises, or handle them.
    'async function save() {}\nitems.forEach((item) => log(item));',
    'async function save() {}\nitems.forEach((item) => save(item).catch(log));',
    'async function save() {}\nitems.map((item) => save(item));',
    // Directives and odd statements.
    '"use strict";\nasync function f() {}',
    'a?.b?.();\nx ? y : z;\na && b;',
    // this.method() only for methods of the same class, matching static-ness; other objects are not guessed at.
    'class A { async save() {} run() { other.save(); } }',
    'class A { static async save() {} run() { this.save(); } }',
    'class A { async save() {} run() { function inner() { this.save(); } return inner; } }',
    'class A { get save() { return 1; } run() { this.save(); } }',
  ],
  invalid: [
    invalid('async function save() {}\nsave();', ['`save(…)`', 2, 1, 7]),
    invalid('const save = async () => {};\nfunction main() {\n  save();\n}', ['`save(…)`', 3, 3, 9]),
    {
      code: 'async function save() {}\nasync function main() {\n  save();\n}',
      errors: [
        {
          messageId: 'floating',
          line: 3,
          column: 3,
          endColumn: 9,
          suggestions: [
            { messageId: 'addAwait', output: 'async function save() {}\nasync function main() {\n  await save();\n}' },
            { messageId: 'addVoid', output: 'async function save() {}\nasync function main() {\n  void save();\n}' },
          ],
        },
      ],
    },
    // Methods of the same class, through `this`, also in arrow fields and private methods.
    invalid('class Store {\n  async flush() {}\n  #sync = async () => {};\n  set(k, v) {\n    this.flush();\n    this.#sync();\n    const later = () => this.flush();\n    return later;\n  }\n}', ['`this.flush(…)`', 5, 5, 17], ['`this.#sync(…)`', 6, 5, 17]),
    invalid('class Store {\n  static async open() {}\n  static init() { this.open(); }\n}', ['`this.open(…)`', 3, 19, 30]),
    // A then without a rejection handler; a catch without a handler; finally passes a rejection through.
    invalid(
      'load().then(show);\nload().catch();\nload().finally(close);\nload().then(show, undefined);',
      ['this `.then()` chain', 1, 1, 18],
      ['this `.catch()` chain', 2, 1, 15],
      ['this `.finally()` chain', 3, 1, 22],
      ['this `.then()` chain', 4, 1, 29],
    ),
    // A step after the catch can fail again.
    invalid('load().catch(report).then(show);', ['this `.then()` chain', 1, 1, 32]),
    invalid(
      'new Promise((resolve) => setTimeout(resolve, 10));\nPromise.all(jobs);\nPromise.reject(new Error("x"));\nPromise.resolve(thenable);\nimport("./plugin.js");',
      ['`new Promise(…)`', 1, 1, 50],
      ['`Promise.all(…)`', 2, 1, 18],
      ['`Promise.reject(…)`', 3, 1, 31],
      ['`Promise.resolve(…)`', 4, 1, 26],
      ['`import(…)`', 5, 1, 22],
    ),
    // Node's promise APIs, through every import form.
    invalid('import fsp from "node:fs/promises";\nimport { promises as fs } from "fs";\nimport { setTimeout as sleep } from "timers/promises";\nfsp.writeFile("a", "b");\nfs.unlink("a");\nsleep(10);', ['`fsp.writeFile(…)`', 4, 1, 24], ['`fs.unlink(…)`', 5, 1, 15], ['`sleep(…)`', 6, 1, 10]),
    // Promisified functions, core or not.
    invalid('import { promisify } from "node:util";\nimport fs from "node:fs";\nconst unlink = promisify(fs.unlink);\nconst run = promisify(legacy);\nunlink("a");\nrun(1);', ['`unlink(…)`', 5, 1, 12], ['`run(…)`', 6, 1, 7]),
    // A plain function that returns a promise on every path, and an async IIFE.
    invalid('function delay(ms) {\n  return new Promise((resolve) => setTimeout(resolve, ms));\n}\ndelay(5);\n(async () => { await delay(1); })();', ['`delay(…)`', 4, 1, 9], ['this immediately invoked async function', 5, 1, 36]),
    // Inside sequences, conditionals and logical expressions.
    invalid('async function save() {}\nready && save();\nflag ? save() : skip();\n(log(), save());', ['`save(…)`', 2, 10, 16], ['`save(…)`', 3, 8, 14], ['`save(…)`', 4, 9, 15]),
    {
      // A promise variable that nothing reads; a promise variable chained later as a statement.
      code: 'async function save() {}\nfunction main() {\n  const pending = save();\n  const later = save();\n  later.then(log);\n}',
      errors: [
        { messageId: 'floatingVariable', data: { name: 'pending' }, line: 3, column: 19, endColumn: 25, suggestions: [] },
        floatingIn('async function save() {}\nfunction main() {\n  const pending = save();\n  const later = save();\n  later.then(log);\n}')('this `.then()` chain', 5, 3, 18),
      ],
    },
    {
      code: 'async function save() {}\nitems.forEach((item) => save(item));',
      errors: [{ messageId: 'floatingInForEach', line: 2, column: 25, endColumn: 35 }],
    },
  ],
});

jsTester.run('no-floating-promise (allowVoid: false)', rule, {
  valid: [{ code: 'async function save() {}\nvoid 0;', options: [{ allowVoid: false }] }],
  invalid: [
    {
      code: 'async function save() {}\nvoid save();',
      options: [{ allowVoid: false }],
      errors: [{ messageId: 'floating', line: 2, column: 6, endColumn: 12, suggestions: [] as [] }],
    },
  ],
});

cjsTester.run('no-floating-promise (CommonJS)', rule, {
  valid: ['const fs = require("fs");\nfs.promises.readFile("a").then(use, fail);', 'const { exec } = require("child_process");\nexec("ls", done);'],
  invalid: [
    invalid('const fs = require("fs");\nconst { pipeline } = require("stream/promises");\nfs.promises.rm("a");\npipeline(a, b);', ['`fs.promises.rm(…)`', 3, 1, 20], ['`pipeline(…)`', 4, 1, 15]),
    invalid('const util = require("util");\nconst exec = util.promisify(require("child_process").exec);\nexec("ls");', ['`exec(…)`', 3, 1, 11]),
  ],
});

tsTester.run('no-floating-promise (TypeScript)', rule, {
  valid: [
    'async function save(): Promise<void> {}\nawait save();',
    'async function save(): Promise<void> {}\nvoid (save() as Promise<void>);',
    '@decorate\nclass A { async save() {} @log run() { return this.save(); } }',
    'using res = open();\nfor await (const x of xs) { use(x); }',
  ],
  invalid: [
    invalid('async function save(): Promise<void> {}\n(save() as Promise<void>);\nsave()!;', ['`save(…)`', 2, 2, 25], ['`save(…)`', 3, 1, 8]),
    invalid('class Repo {\n  private async write(): Promise<void> {}\n  public put = (): void => {\n    this.write();\n  };\n}', ['`this.write(…)`', 4, 5, 17]),
    // A catch that rethrows, or code outside the try, can still reject.
    invalid('async function run() {\n  try {\n    await work();\n  } catch (error) {\n    throw new Error(String(error));\n  }\n}\nrun();', ['`run(…)`', 8, 1, 6]),
    invalid('async function run() {\n  await prepare();\n  try {\n    await work();\n  } catch {}\n}\nrun();', ['`run(…)`', 7, 1, 6]),
  ],
});

typedTester.run('no-floating-promise (with types)', rule, {
  valid: [
    'declare function load(): Promise<number>;\nasync function f() { await load(); }',
    'declare function count(): number;\ncount();',
    // A value typed `any` says nothing: syntax decides.
    'declare const anything: any;\nanything.run();',
    'declare const q: { then(): number };\nq.then();',
    // Typed or not, a static that cannot reject is not reported.
    'declare const tasks: Promise<number>[];\nPromise.allSettled(tasks);',
    'declare function work(): Promise<void>;\nasync function run(): Promise<void> {\n  try {\n    await work();\n  } catch {\n    return;\n  }\n}\nrun();',
  ],
  invalid: [
    // Anything thenable, whatever its origin.
    invalid('declare function load(): Promise<number>;\ndeclare const db: { query(): PromiseLike<string> };\nload();\ndb.query();', ['`load(…)`', 3, 1, 7], ['`db.query(…)`', 4, 1, 11]),
    invalid('declare const maybe: Promise<void> | undefined;\nmaybe;', ['`maybe`', 2, 1, 6]),
  ],
});
