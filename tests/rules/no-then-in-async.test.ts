import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-then-in-async.js';
import { jsTester, tsTester } from '../support/rule-tester.js';

jsTester.run('no-then-in-async', rule, {
  valid: [
    // Chains outside async functions are not this rule's business.
    'function load() { return fetchUser().then((u) => u.name); }',
    'fetchUser().then(show);',
    // Awaited code.
    'async function load() { const user = await fetchUser(); return user.name; }',
    // Background work started from an async function keeps running: await would change the timing.
    'async function start() { warmCache().catch(log); await serve(); }',
    'async function start() { void refresh().then(log); }',
    // Concurrency through Promise.all over chains built in a callback.
    'async function all(ids) { return Promise.all(ids.map((id) => load(id).then((u) => u.name))); }',
    // A chain inside a nested non-async function.
    'async function f() { const later = () => p.then(g); return later; }',
    // Not a chain: a `then` property read, a method named otherwise.
    'async function f() { return p.then; }',
    'async function f() { return query.thenBy(x); }',
  ],
  invalid: [
    {
      code: 'async function load(id) {\n  return fetchUser(id).then((user) => user.name);\n}',
      errors: [
        {
          messageId: 'preferAwait',
          data: { use: 'returns', method: 'then' },
          line: 2,
          column: 24,
          endLine: 2,
          endColumn: 28,
          suggestions: [{ messageId: 'awaitThenReturn', data: { name: 'user' }, output: 'async function load(id) {\n  const user = await fetchUser(id);\n  return user.name;\n}' }],
        },
      ],
    },
    {
      // No suggestion: inside a try (a returned rejection escapes the catch, an awaited one does not), a name used
      // elsewhere in the function, a block-bodied handler, two handlers.
      code: [
        'async function a(id) { try { return load(id).then((u) => u.name); } catch { return null; } }',
        'async function b(user) { return load(user.id).then((user) => user.name); }',
        'async function c(id) { return load(id).then((u) => { return u.name; }); }',
        'async function d(id) { return load(id).then((u) => u.name, () => null); }',
      ].join('\n'),
      errors: [1, 2, 3, 4].map((line) => ({ messageId: 'preferAwait' as const, line, suggestions: [] as [] })),
    },
    {
      code: 'async function load(id) {\n  const name = await fetchUser(id)\n    .then((user) => user.name)\n    .catch(() => "anonymous");\n  return name;\n}',
      errors: [{ messageId: 'preferAwait', data: { use: 'awaits', method: 'then' }, line: 3, column: 6, endLine: 3, endColumn: 10 }],
    },
    {
      code: 'const close = async () => server.stop().finally(cleanup);',
      errors: [{ messageId: 'preferAwait', data: { use: 'returns', method: 'finally' }, line: 1, column: 41, endColumn: 48 }],
    },
    {
      code: 'class Repo {\n  async find(id) {\n    return (await this.db).get(id).catch(() => null);\n  }\n}',
      errors: [{ messageId: 'preferAwait', data: { use: 'returns', method: 'catch' }, line: 3, column: 36, endColumn: 41 }],
    },
    {
      code: 'async function f() { return p?.then(g); }',
      errors: [{ messageId: 'preferAwait', data: { use: 'returns', method: 'then' }, line: 1, column: 32, endColumn: 36 }],
    },
  ],
});

tsTester.run('no-then-in-async (TypeScript)', rule, {
  valid: ['export function f(): Promise<number> { return g().then((x: number) => x + 1); }'],
  invalid: [
    {
      code: 'export async function f(): Promise<number> {\n  return (g() as Promise<number>).then((x) => x + 1);\n}',
      errors: [
        {
          messageId: 'preferAwait',
          data: { use: 'returns', method: 'then' },
          line: 2,
          column: 35,
          endColumn: 39,
          suggestions: [
            { messageId: 'awaitThenReturn', output: 'export async function f(): Promise<number> {\n  const x = await (g() as Promise<number>);\n  return x + 1;\n}' },
          ],
        },
      ],
    },
  ],
});

describe('the awaitThenReturn suggestion', () => {
  // The suggestion claims `return p.then((x) => expr)` and `const x = await p; return expr` settle alike. Run both,
  // with the promise resolving and rejecting, and with the handler returning, throwing and returning a promise.
  const original = 'return p.then((x) => handle(x));';
  const suggested = 'const x = await p;\n  return handle(x);';
  // The constructor of async functions, as `Function` is of plain ones.
  const AsyncFunction = (Object.getPrototypeOf(async function () {
    await Promise.resolve();
  }) as { constructor: new (...args: string[]) => (...values: unknown[]) => Promise<unknown> }).constructor;
  const settle = (promise: Promise<unknown>) => promise.then((value) => ({ value }), (error: unknown) => ({ error }));
  const cases: [string, () => Promise<unknown>, (x: unknown) => unknown][] = [
    ['resolves', () => Promise.resolve(2), (x) => (x as number) * 2],
    ['rejects', () => Promise.reject(new Error('boom')), (x) => x],
    ['handler throws', () => Promise.resolve(1), () => { throw new Error('handler'); }],
    ['handler returns a rejected promise', () => Promise.resolve(1), () => Promise.reject(new Error('later'))],
    ['handler returns a promise', () => Promise.resolve(1), (x) => Promise.resolve((x as number) + 1)],
  ];
  it.each(cases)('settles alike when the promise %s', async (_name, makePromise, handle) => {
    const before = new AsyncFunction('p', 'handle', original);
    const after = new AsyncFunction('p', 'handle', suggested);
    expect(await settle(after(makePromise(), handle))).toEqual(await settle(before(makePromise(), handle)));
  });
});
