import rule from '../../rules/no-async-in-sync-callback.js';
import { jsTester, tsTester, typedTester } from '../support/rule-tester.js';

jsTester.run('no-async-in-sync-callback', rule, {
  valid: [
    // map whose promises are awaited, returned, or handed to a combinator.
    'await Promise.all(users.map(async (u) => save(u)));',
    'const results = await Promise.allSettled(ids.map(async (id) => load(id)));',
    'function all(ids) { return ids.map(async (id) => load(id)); }',
    'async function f(ids) { const pending = ids.map(async (id) => load(id)); await Promise.all(pending); }',
    'async function f(ids) { const pending = ids.map(async (id) => load(id)); return pending; }',
    'async function f(ids) { const pending = ids.map(async (id) => load(id)); for (const p of pending) await p; }',
    'const jobs = ids.map(async (id) => load(id));\nrunAll(jobs);',
    // Sync callbacks, async callbacks given to APIs that await them.
    'items.forEach((item) => save(item));',
    "it('works', async () => { await run(); });",
    'app.get("/", async (req, res) => res.send(await render()));',
    'await Promise.all(items.map(async (x) => x));',
    'const total = await items.reduce(async (sum, x) => (await sum) + x, Promise.resolve(0));',
    // A listener or timer whose whole body catches its errors.
    "emitter.on('data', async (chunk) => { try { await save(chunk); } catch (err) { log(err); } });",
    'setTimeout(async () => { try { await tick(); } catch (e) { report(e); } }, 10);',
    // Emitters that capture rejections.
    "const e = new EventEmitter({ captureRejections: true });\ne.on('x', async () => work());",
    "EventEmitter.captureRejections = true;\nemitter.on('x', async () => work());",
    // Options.
    { code: "emitter.on('data', async (chunk) => save(chunk));", options: [{ checkEventListeners: false }] },
    { code: 'setInterval(async () => poll(), 1000);', options: [{ checkTimers: false }] },
    // Functions passed by name: sync ones, async ones awaited or catching everything, and names that may change.
    'function save(item) {}\nitems.forEach(save);',
    'async function load(id) {}\nawait Promise.all(ids.map(load));',
    "async function handle(chunk) { try { await save(chunk); } catch (err) { log(err); } }\nemitter.on('data', handle);",
    'let later = async () => {};\nitems.forEach(later);',
    // A local setTimeout and a local Promise are not the globals.
    'const setTimeout = (f) => f();\nsetTimeout(async () => work());',
    'class Promise {}\nnew Promise(async () => {});',
    // Non-async functions.
    'new Promise((resolve) => resolve(1));',
  ],
  invalid: [
    // Async functions passed by name: reported at the name, with no rewrite offered.
    {
      code: 'async function save(item) {}\nitems.forEach(save);',
      errors: [{ messageId: 'asyncArrayCallback', data: { method: 'forEach' }, line: 2, column: 15, endColumn: 19, suggestions: [] }],
    },
    {
      code: "const onData = async (chunk) => { await save(chunk); };\nstream.on('data', onData);",
      errors: [{ messageId: 'asyncListener', line: 2, column: 19, endColumn: 25 }],
    },
    {
      code: 'async function tick() { await poll(); }\nsetInterval(tick, 1000);\nnew Promise(tick);',
      errors: [
        { messageId: 'asyncTimer', data: { name: 'setInterval' }, line: 2, column: 13, endColumn: 17 },
        { messageId: 'asyncExecutor', line: 3, column: 13, endColumn: 17 },
      ],
    },
    {
      code: 'async function saveAll(users) {\n  users.forEach(async (user) => {\n    await db.save(user);\n  });\n}',
      errors: [
        {
          messageId: 'asyncArrayCallback',
          data: { method: 'forEach' },
          line: 2,
          column: 17,
          endLine: 2,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'useForOf',
              output: 'async function saveAll(users) {\n  for (const user of users) {\n    await db.save(user);\n  }\n}',
            },
          ],
        },
      ],
    },
    {
      // Outside an async function, or with a return in the body, there is no for…of suggestion.
      code: 'users.forEach(async (user) => { await db.save(user); });\nasync function f() { xs.forEach(async (x) => { if (!x) return; await g(x); }); }',
      errors: [
        { messageId: 'asyncArrayCallback', line: 1, column: 15, suggestions: [] },
        { messageId: 'asyncArrayCallback', line: 2, column: 33, suggestions: [] },
      ],
    },
    {
      code: 'const active = users.filter(async (u) => await isActive(u));\nconst found = users.find(async function (u) { return check(u); });',
      errors: [
        { messageId: 'asyncPredicate', data: { method: 'filter' }, line: 1, column: 29, endColumn: 34 },
        { messageId: 'asyncPredicate', data: { method: 'find' }, line: 2, column: 26, endColumn: 31 },
      ],
    },
    {
      code: 'items.sort(async (a, b) => (await rank(a)) - (await rank(b)));',
      errors: [{ messageId: 'asyncArrayCallback', data: { method: 'sort' }, line: 1, column: 12 }],
    },
    {
      code: 'ids.map(async (id) => remove(id));\nasync function f() { const jobs = ids.map(async (id) => remove(id)); console.log(jobs.length); }',
      errors: [
        { messageId: 'asyncMapDiscarded', line: 1, column: 9, endColumn: 14 },
        { messageId: 'asyncMapDiscarded', line: 2, column: 43, endColumn: 48 },
      ],
    },
    {
      code: 'const p = new Promise(async (resolve, reject) => {\n  resolve(await load());\n});',
      errors: [{ messageId: 'asyncExecutor', line: 1, column: 23, endColumn: 28 }],
    },
    {
      code: "server.on('request', async (req, res) => {\n  res.end(await render(req));\n});\nsocket.once('close', async function () { await cleanup(); });",
      errors: [
        { messageId: 'asyncListener', line: 1, column: 22, endColumn: 27 },
        { messageId: 'asyncListener', line: 4, column: 22, endColumn: 27 },
      ],
    },
    {
      code: "import { setInterval as every } from 'node:timers';\nsetTimeout(async () => { await flush(); }, 100);\nevery(async () => poll(), 1000);",
      errors: [
        { messageId: 'asyncTimer', data: { name: 'setTimeout' }, line: 2, column: 12, endColumn: 17 },
        { messageId: 'asyncTimer', data: { name: 'setInterval' }, line: 3, column: 7, endColumn: 12 },
      ],
    },
    {
      // A catch that rethrows still rejects.
      code: "emitter.on('x', async () => { try { await a(); } catch (e) { throw wrap(e); } });",
      errors: [{ messageId: 'asyncListener', line: 1, column: 17 }],
    },
  ],
});

tsTester.run('no-async-in-sync-callback (TypeScript, no types)', rule, {
  valid: ['register(async (x: number): Promise<void> => { await use(x); });'],
  invalid: [
    {
      code: 'items?.forEach(async (item: Item): Promise<void> => { await save(item); });',
      errors: [{ messageId: 'asyncArrayCallback', line: 1, column: 16, suggestions: [] }],
    },
  ],
});

typedTester.run('no-async-in-sync-callback (with types)', rule, {
  valid: [
    'declare function register(handler: () => Promise<void>): void;\nregister(async () => {});',
    'declare function run(task: () => unknown): void;\nrun(async () => {});',
  ],
  invalid: [
    {
      code: 'declare function register(handler: (name: string) => void): void;\nregister(async (name) => { await fetch(name); });',
      errors: [{ messageId: 'asyncVoidCallback', line: 2, column: 10, endColumn: 15 }],
    },
    {
      code: 'declare function register(handler: (name: string) => void): void;\nasync function greet(name: string): Promise<void> { await fetch(name); }\nregister(greet);',
      errors: [{ messageId: 'asyncVoidCallback', line: 3, column: 10, endColumn: 15 }],
    },
    {
      code: 'interface Hooks { onExit(callback: () => void): void }\ndeclare const hooks: Hooks;\nhooks.onExit(async function () { await flush(); });\ndeclare function flush(): Promise<void>;',
      errors: [{ messageId: 'asyncVoidCallback', line: 3, column: 14 }],
    },
  ],
});
