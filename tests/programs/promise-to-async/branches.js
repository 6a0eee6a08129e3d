// Checks chains in branches with early returns, handlers with several returns (including inside loops and switch
// statements, returning a promise on one path and throwing on another), handlers that return nothing, handlers
// without parameters, and a conditional expression choosing between two chains.
// expect-left-alone: 3
import { setTimeout } from 'node:timers';

const delay = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));

async function load(value) {
  return value;
}

async function fail(message) {
  throw new Error(message);
}

function show(value) {
  if (value instanceof Error) return `${value.constructor.name}(${value.message})`;
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

async function report(label, run) {
  try {
    console.log(`${label}: resolved ${show(await run())}`);
  } catch (err) {
    console.log(`${label}: rejected ${show(err)}`);
  }
}

// Behaviour: an early return of one chain and a final return of another (both branches).
function pick(flag) {
  if (flag) return load('yes').then((v) => `picked ${v}`);
  return load('no').then((v) => `fallback ${v}`);
}

// Behaviour: if / else if / else blocks, each returning a promise (three branches).
function classify(kind) {
  if (kind === 'a') {
    return load(1).then((n) => n + 1);
  } else if (kind === 'b') {
    return fail('b failed').catch(() => 'b recovered');
  }
  return Promise.resolve('other');
}

// Behaviour: a handler with several returns, followed by another step (three values).
function sizeOf(n) {
  return load(n)
    .then((v) => {
      if (v > 100) return 'big';
      if (v < 0) return 'negative';
      return 'small';
    })
    .then((label) => `${n} is ${label}`);
}

// Behaviour: a handler that returns nothing gives undefined to the next step.
function noReturn() {
  return load(1)
    .then((v) => {
      console.log('  saw', v);
    })
    .then((v) => `next got ${v}`);
}

// Behaviour: a handler without parameters.
function noParams() {
  return load('ignored').then(() => 'constant');
}

// Behaviour: a handler that throws, returns a promise or returns a plain value by path (three paths).
function mixedReturns(n) {
  return load(n)
    .then((v) => {
      if (v === 0) throw new Error('zero');
      if (v === 1) return delay(5, 'one later');
      return `plain ${v}`;
    })
    .catch((err) => `caught ${err.message}`);
}

// Behaviour: a return inside a loop inside a handler.
function firstEven() {
  return Promise.resolve([1, 3, 4, 5]).then((list) => {
    for (const item of list) {
      if (item % 2 === 0) return item;
    }
    return -1;
  });
}

// Behaviour: returns inside a switch statement inside a handler, then a later step.
function weekday(index) {
  return load(index)
    .then((i) => {
      switch (i) {
        case 0:
          return 'sun';
        case 6:
          return 'sat';
        default:
          break;
      }
      return 'weekday';
    })
    .then((name) => name.toUpperCase());
}

// Behaviour: a conditional expression returns one of two chains (both sides).
function ternary(flag) {
  return flag ? load(1).then((n) => n * 5) : load(2).then((n) => n * 7);
}

// Behaviour: an early return before an unconditional chain, in an async function.
async function earlyExit(skip) {
  if (skip) return 'skipped';
  const value = await load(3).then((n) => n * 3);
  return `computed ${value}`;
}

// Behaviour: a handler with an early return that skips a log, followed by a step that sees its value.
function guarded(v) {
  return load(v)
    .then((x) => {
      if (x === null) return 'none';
      console.log('  guarded handler went on with', x);
      return `some ${x}`;
    })
    .then((s) => s.length);
}

async function main() {
  await report('pick(true)', () => pick(true));
  await report('pick(false)', () => pick(false));
  await report('classify(a)', () => classify('a'));
  await report('classify(b)', () => classify('b'));
  await report('classify(c)', () => classify('c'));
  await report('sizeOf(500)', () => sizeOf(500));
  await report('sizeOf(-3)', () => sizeOf(-3));
  await report('sizeOf(7)', () => sizeOf(7));
  await report('noReturn', noReturn);
  await report('noParams', noParams);
  await report('mixedReturns(0)', () => mixedReturns(0));
  await report('mixedReturns(1)', () => mixedReturns(1));
  await report('mixedReturns(2)', () => mixedReturns(2));
  await report('firstEven', firstEven);
  await report('weekday(0)', () => weekday(0));
  await report('weekday(3)', () => weekday(3));
  await report('ternary(true)', () => ternary(true));
  await report('ternary(false)', () => ternary(false));
  await report('earlyExit(true)', () => earlyExit(true));
  await report('earlyExit(false)', () => earlyExit(false));
  await report('guarded(null)', () => guarded(null));
  await report('guarded(4)', () => guarded(4));
}

main();
