// Checks chains inside a new Promise executor (a CommonJS module): the executor's resolve and reject passed as the
// two handlers, a mapping handler calling resolve followed by a catch handler passing reject, an error thrown by the
// mapping handler reaching reject, and the executor's synchronous code after the chain running before any handler.
// expect-left-alone: 3
const { setTimeout } = require('node:timers');
const { format } = require('node:util');

const delay = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));

async function load(value) {
  return value;
}

async function fail(message) {
  throw new Error(message);
}

function show(value) {
  if (value instanceof Error) return format('%s(%s)', value.constructor.name, value.message);
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

async function report(label, run) {
  try {
    console.log(`${label}: resolved ${show(await run())}`);
  } catch (err) {
    console.log(`${label}: rejected ${show(err)}`);
  }
}

// Behaviour: resolve and reject passed as the two handlers (fulfilled and rejected input).
function wrapPass(p) {
  return new Promise((resolve, reject) => {
    p.then(resolve, reject);
  });
}

// Behaviour: a mapping handler calls resolve; a catch handler passes reject (fulfilled and rejected input).
function wrapDouble(p) {
  return new Promise((resolve, reject) => {
    p.then((v) => resolve(v * 2)).catch(reject);
  });
}

// Behaviour: an error thrown inside the mapping handler reaches reject through the catch handler.
function wrapDeep(p) {
  return new Promise((resolve, reject) => {
    p.then((v) => resolve(v.inner.value)).catch(reject);
  });
}

// Behaviour: a chain whose head is a wrapper call sees the wrapper's rejection (the TypeError of a bad shape).
function wrapDeepBadShape() {
  return wrapDeep(load({})).catch((err) => `rejected with ${err.constructor.name}`);
}

// Behaviour: the executor's code after the chain runs before the handler.
function wrapWithTail(p) {
  return new Promise((resolve, reject) => {
    p.then(resolve, reject);
    console.log('  executor finished synchronously');
  });
}

// Behaviour: a wrapper whose chain has a timer step and a finally handler that logs before resolve is seen.
function wrapSlow(p) {
  return new Promise((resolve, reject) => {
    p.then((v) => delay(5, `${v} later`))
      .finally(() => console.log('  wrapper cleanup'))
      .then(resolve, reject);
  });
}

// Behaviour: a wrapper that resolves with a fallback from its catch handler.
function wrapWithFallback(p, fallback) {
  return new Promise((resolve) => {
    p.then(resolve).catch(() => resolve(fallback));
  });
}

// Behaviour: a wrapper resolved with an already-resolved value ignores the later chain outcome.
function firstWins(p) {
  return new Promise((resolve, reject) => {
    resolve('settled first');
    p.then(() => reject(new Error('too late')));
  });
}

async function main() {
  await report('wrapPass(ok)', () => wrapPass(load(1)));
  await report('wrapPass(fail)', () => wrapPass(fail('wrapped failure')));
  await report('wrapDouble(ok)', () => wrapDouble(load(4)));
  await report('wrapDouble(fail)', () => wrapDouble(fail('double failure')));
  await report('wrapDeep(ok)', () => wrapDeep(load({ inner: { value: 'deep' } })));
  await report('wrapDeepBadShape', wrapDeepBadShape);
  console.log('wrapWithTail:');
  const tail = wrapWithTail(load('tail'));
  console.log('  after call');
  console.log('  result', show(await tail));
  await report('wrapSlow', () => wrapSlow(load('slow')));
  await report('wrapWithFallback(ok)', () => wrapWithFallback(load('real'), 'fallback'));
  await report('wrapWithFallback(fail)', () => wrapWithFallback(fail('x'), 'fallback'));
  await report('firstWins', () => firstWins(load('ignored')));
}

module.exports = { wrapPass, wrapDouble, wrapDeep };

if (require.main === module) main();
