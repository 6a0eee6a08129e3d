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
      errors: [{ messageId: 'preferAwait', data: { use: 'returns', method: 'then' }, line: 2, column: 24, endLine: 2, endColumn: 28 }],
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
      errors: [{ messageId: 'preferAwait', data: { use: 'returns', method: 'then' }, line: 2, column: 35, endColumn: 39 }],
    },
  ],
});
