import { describe, expect, it } from 'vitest';
import { callbackRole, getAsyncContext, isAsynchronous } from '../../core/async-context.js';
import { CALL, FUNCTION, type Language, nodeAt, parseBoth } from '../support/flavours.js';

/** The context of the call starting at `marker(`, as "kind/reason", agreed by both flavours. */
function contextOf(source: string, language: Language = 'tsx', marker = 'probe(') {
  const answers = parseBoth(source, language).map((parsed) => {
    const context = getAsyncContext(nodeAt(parsed, marker, CALL), parsed.tree);
    return `${context.kind}/${context.reason}`;
  });
  expect(answers[1]).toBe(answers[0]);
  return answers[0];
}

describe('getAsyncContext', () => {
  it.each([
    ['module top level', 'probe();', 'sync/module'],
    ['a plain function', 'function main() { probe(); }', 'sync/function'],
    ['an async function', 'async function main() { probe(); }', 'async-function/async-function'],
    ['an async arrow', 'const f = async () => probe();', 'async-function/async-function'],
    ['an async method', 'class A { async run() { probe(); } }', 'async-function/async-function'],
    ['an async object method', 'const o = { async run() { probe(); } };', 'async-function/async-function'],
    ['an async generator', 'async function* g() { probe(); }', 'async-function/async-function'],
    ['a sync generator', 'function* g() { probe(); }', 'sync/function'],
    ['a then handler', 'p.then((v) => probe());', 'promise-handler/then'],
    ['a then rejection handler', 'p.then(ok, (e) => { probe(); });', 'promise-handler/then'],
    ['a catch handler', 'p.catch(function () { probe(); });', 'promise-handler/catch'],
    ['a finally handler on an optional chain', 'p?.finally(() => probe());', 'promise-handler/finally'],
    ['a Node callback', "const fs = require('fs');\nfs.readFile('a', (err, d) => { probe(); });", 'async-callback/node-api'],
    ['an error-first callback of an unknown API', 'db.query(sql, (err, rows) => { probe(); });', 'async-callback/error-first'],
    ['setTimeout', 'setTimeout(() => probe(), 10);', 'async-callback/timer'],
    ['timers.setInterval', "import { setInterval } from 'node:timers';\nsetInterval(() => probe(), 10);", 'async-callback/timer'],
    ['setImmediate', 'setImmediate(function () { probe(); });', 'async-callback/timer'],
    ['process.nextTick', 'process.nextTick(() => probe());', 'async-callback/microtask'],
    ['queueMicrotask', 'queueMicrotask(() => probe());', 'async-callback/microtask'],
    ['an event listener', "stream.on('data', (chunk) => probe());", 'async-callback/listener'],
    ['a DOM listener', "button.addEventListener('click', () => probe());", 'async-callback/listener'],
    ['an http server handler', "import http from 'node:http';\nhttp.createServer((req, res) => probe());", 'async-callback/request-handler'],
    ['a route handler', "app.get('/users/:id', (req, res) => probe());", 'async-callback/request-handler'],
    ['middleware', 'app.use((req, res, next) => probe());', 'async-callback/request-handler'],
    ['a Map#get is no route', "cache.get('k', (x) => probe());", 'sync/module'],
    ['an unknown callback inherits a Node callback', "const fs = require('fs');\nfs.readFile('a', (err, html) => html.replace(/x/g, () => probe()));", 'async-callback/node-api'],
    ['an unknown callback inherits an async function', 'async function f(list) { _.each(list, (item) => probe()); }', 'async-function/async-function'],
    ['an exit handler must be synchronous', "process.on('exit', () => probe());", 'sync/module'],
    ['uncaughtException inside a server callback', "process.once('uncaughtException', (err) => { probe(); process.exit(1); });", 'sync/module'],
    ['other process events are listeners', "process.on('message', (m) => probe());", 'async-callback/listener'],
    ['a listener inside a class that declares itself synchronous', "class UnpackSync { run() { stream.on('data', (c) => probe()); } }", 'sync/function'],
    ['a listener inside a function named *Sync', "function extractSync() { stream.on('end', () => probe()); }", 'sync/function'],
    ['assert calls its callbacks synchronously', "const assert = require('assert');\nassert.throws(run, function (err) { probe(); return true; });", 'sync/module'],
    ['forEach at top level inherits', 'items.forEach((x) => probe());', 'sync/module'],
    ['forEach in an async function inherits', 'async function f() { items.forEach((x) => probe()); }', 'async-function/async-function'],
    ['map in a then handler inherits', 'p.then((xs) => xs.map((x) => probe()));', 'promise-handler/then'],
    ['a promise executor inherits', 'async function f() { return new Promise((resolve) => { probe(); }); }', 'async-function/async-function'],
    ['a promise executor at top level', 'new Promise((resolve) => probe());', 'sync/module'],
    ['a shadowed Promise is just a class', 'class Promise {}\nfunction f() { new Promise(() => probe()); }', 'sync/function'],
    ['a test-framework block', "describe('x', () => { it('y', () => { probe(); }); });", 'sync/module'],
    ['an async test', "it('y', async () => { probe(); });", 'async-function/async-function'],
    ['a plain function inside an async one', 'async function f() { const g = () => probe(); }', 'sync/function'],
    ['a shadowed setTimeout', 'const setTimeout = (f) => f();\nsetTimeout(() => probe());', 'sync/module'],
    ['a class field arrow', 'class A { handler = async () => { probe(); }; }', 'async-function/async-function'],
    ['a for await loop', 'async function f() { for await (const x of xs) probe(); }', 'async-function/async-function'],
    ['top-level await', 'await probe();', 'sync/module'],
    ['JSX render prop', 'const el = <List render={(item) => probe()} />;', 'sync/function'],
    ['JSX event handler in an async component helper', 'async function load() { return <button onClick={() => probe()} />; }', 'sync/function'],
    ['a callback wrapped in a TS assertion', "const fs = require('fs');\nfs.stat('a', ((err, s) => probe()) as any);", 'async-callback/node-api'],
  ])('%s', (_name, source, expected) => {
    expect(contextOf(source)).toBe(expected);
  });

  it('handles TS generics, decorators, export = and CJS beside ESM', () => {
    const decorated = '@Injectable()\nclass Service {\n  @Get()\n  async find<T extends object>(id: T): Promise<T> { probe(); return id; }\n}';
    expect(contextOf(decorated, 'ts')).toBe('async-function/async-function');
    const generic = 'const f = async <T,>(x: T): Promise<T> => { probe(); return x; };';
    expect(contextOf(generic, 'tsx')).toBe('async-function/async-function');
    const exportEquals = "import fs = require('fs');\nfs.readFile('a', (err: Error | null) => probe());\nexport = fs;";
    expect(contextOf(exportEquals, 'ts')).toBe('async-callback/node-api');
    const mixed = "import path from 'node:path';\nconst fs = require('fs');\nmodule.exports = () => fs.readdir(path.sep, (e, names) => probe());";
    expect(contextOf(mixed, 'js')).toBe('async-callback/node-api');
  });

  it('reports which function sets the context, looking through inheriting callbacks', () => {
    for (const parsed of parseBoth('async function outer() { items.forEach((x) => probe()); }')) {
      const context = getAsyncContext(nodeAt(parsed, 'probe(', CALL), parsed.tree);
      expect(context.function?.type).toMatch(/Function/);
      expect((context.function as unknown as { id: { name: string } }).id.name).toBe('outer');
      expect(isAsynchronous(context)).toBe(true);
    }
  });
});

describe('callbackRole', () => {
  it('names how a callback itself is called, without looking at its surroundings', () => {
    const source = [
      'import fs from "node:fs";',
      'fs.readFile("a", (err, a) => a);',
      'p.then((v) => v, (e) => e);',
      'setTimeout(() => 1, 5);',
      'emitter.on("end", () => 2);',
      'db.query(sql, (problem, rows) => { if (problem) throw problem; });',
      '[1].map((x) => x);',
      'describe("suite", () => 3);',
      'const alone = () => 4;',
    ].join('\n');
    for (const parsed of parseBoth(source)) {
      const role = (snippet: string) => {
        const found = callbackRole(nodeAt(parsed, snippet, FUNCTION), parsed.tree);
        return found === undefined ? undefined : `${found.kind}/${found.reason}`;
      };
      expect(role('(err, a)')).toBe('async-callback/node-api');
      expect(role('(v) =>')).toBe('promise-handler/then');
      expect(role('(e) =>')).toBe('promise-handler/then');
      expect(role('() => 1')).toBe('async-callback/timer');
      expect(role('() => 2')).toBe('async-callback/listener');
      expect(role('(problem, rows)')).toBe('async-callback/error-first');
      expect(role('(x) =>')).toBeUndefined();
      expect(role('() => 3')).toBeUndefined();
      expect(role('() => 4')).toBeUndefined();
    }
  });
});
