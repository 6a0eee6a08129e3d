import rule from '../../rules/no-wrapped-promise.js';
import { jsTester, tsTester } from '../support/rule-tester.js';

jsTester.run('no-wrapped-promise', rule, {
  valid: [
    // Wrapping a callback or event API is what the constructor is for.
    "const p = new Promise((resolve, reject) => fs.readFile('a', (err, data) => (err ? reject(err) : resolve(data))));",
    "const p = new Promise((resolve) => emitter.once('ready', resolve));",
    'const p = new Promise((resolve) => setTimeout(resolve, 10));',
    // The executor does more than forward.
    'const p = new Promise((resolve, reject) => { log("start"); fetchUser().then(resolve, reject); });',
    'const p = new Promise((resolve, reject) => fetchUser().then((user) => resolve(user.name), reject));',
    'const p = new Promise((resolve, reject) => fetchUser().then(resolve).finally(done));',
    'const p = new Promise((resolve, reject) => fetchUser().then(reject, resolve));',
    'const p = new Promise((resolve, reject) => fetchUser().then(resolve).then(resolve).catch(reject));',
    'const p = new Promise((resolve, reject) => fetchUser().then(async (v) => resolve(v), reject));',
    'const p = new Promise((resolve, reject) => fetchUser().catch(reject));',
    // Handlers that look alike but call something else.
    'const p = new Promise((resolve, reject) => fetchUser().then((v) => other(v), reject));',
    'function f(resolve) { return new Promise((ok, fail) => fetchUser().then(resolve, fail)); }',
    // A local class named Promise is not the global.
    'class Promise {}\nconst p = new Promise((resolve, reject) => q.then(resolve, reject));',
    // Not a chain at all.
    'const p = new Promise((resolve) => resolve(1));',
    'const p = new Promise(executor);',
  ],
  invalid: [
    {
      code: 'function load() {\n  return new Promise((resolve, reject) => {\n    fetchUser().then(resolve).catch(reject);\n  });\n}',
      errors: [
        {
          messageId: 'wrappedPromise',
          data: { inner: 'fetchUser()' },
          line: 2,
          column: 10,
          endLine: 4,
          endColumn: 5,
          suggestions: [{ messageId: 'returnInner', data: { inner: 'fetchUser()' }, output: 'function load() {\n  return fetchUser();\n}' }],
        },
      ],
    },
    {
      code: 'const p = new Promise((resolve, reject) => db.query(sql).then(resolve, reject));',
      errors: [{ messageId: 'wrappedPromise', data: { inner: 'db.query(sql)' }, line: 1, column: 11, endColumn: 80, suggestions: [{ messageId: 'returnInner', output: 'const p = db.query(sql);' }] }],
    },
    {
      code: 'const p = new Promise(function (ok, fail) { return source.then((v) => ok(v)).catch(function (e) { fail(e); }); });',
      errors: [{ messageId: 'wrappedPromise', data: { inner: 'source' }, suggestions: [{ messageId: 'returnInner', output: 'const p = source;' }] }],
    },
    {
      // Without a rejection handler the wrapper never rejects: worse still, and reported.
      code: 'const p = new Promise((resolve) => pending.then((value) => { resolve(value); }));',
      errors: [{ messageId: 'wrappedPromise', data: { inner: 'pending' }, suggestions: [{ messageId: 'returnInner', output: 'const p = pending;' }] }],
    },
    {
      code: 'const p = new Promise((resolve, reject) => (a || b).then(resolve, reject)).then(use);',
      errors: [{ messageId: 'wrappedPromise', data: { inner: 'a || b' }, suggestions: [{ messageId: 'returnInner', output: 'const p = (a || b).then(use);' }] }],
    },
  ],
});

tsTester.run('no-wrapped-promise (TypeScript)', rule, {
  valid: ['const p = new Promise<void>((resolve) => server.close(() => resolve()));'],
  invalid: [
    {
      code: 'const p: Promise<User> = new Promise<User>((resolve, reject) => api!.get<User>(id)?.then(resolve, reject));',
      errors: [{ messageId: 'wrappedPromise', data: { inner: 'api!.get<User>(id)' }, line: 1, column: 26, suggestions: [{ messageId: 'returnInner', output: 'const p: Promise<User> = api!.get<User>(id);' }] }],
    },
  ],
});
