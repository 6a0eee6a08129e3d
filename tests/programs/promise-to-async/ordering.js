// Checks the order of side effects: handlers run after the caller's synchronous code that follows the call, the head
// call runs at once, steps run in chain order (also across timers), handlers read variables when they run while
// head arguments are read at call time, and sequential awaits of chain-returning functions do not interleave.
// expect-left-alone: 0
import { setTimeout } from 'node:timers';

const delay = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));

async function load(value) {
  return value;
}

async function fail(message) {
  throw new Error(message);
}

async function loudLoad(value) {
  console.log('  head ran with', value);
  return value;
}

function show(value) {
  if (value instanceof Error) return `${value.constructor.name}(${value.message})`;
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

let counter = 0;

// Behaviour: a handler logs after the caller's synchronous code.
function loadAndLog(id) {
  return load(id).then((v) => {
    console.log('  handler got', v);
    return v;
  });
}

// Behaviour: the head call runs at once, its handler after the caller's synchronous code.
function headRunsAtOnce(id) {
  return loudLoad(id).then((v) => {
    console.log('  handler after head', v);
    return v;
  });
}

// Behaviour: three steps log in chain order.
function threeSteps() {
  return load(1)
    .then((n) => {
      console.log('  step one', n);
      return n + 1;
    })
    .then((n) => {
      console.log('  step two', n);
      return n + 1;
    })
    .then((n) => {
      console.log('  step three', n);
      return n;
    });
}

// Behaviour: steps separated by timers log in chain order.
function timedSteps() {
  return delay(10, 'a')
    .then((v) => {
      console.log('  timed', v);
      return delay(5, `${v}b`);
    })
    .then((v) => {
      console.log('  timed', v);
      return `${v}c`;
    });
}

// Behaviour: a handler reads a variable when it runs, after the caller changed it.
function readCounterLater() {
  return Promise.resolve().then(() => counter);
}

// Behaviour: the head's argument is read at call time.
function readCounterNow() {
  return Promise.resolve(counter).then((seen) => seen);
}

// Behaviour: a handler's log comes before the code after the await in an async function.
async function awaitInside() {
  const v = await load(3).then((n) => {
    console.log('  in handler', n);
    return n * 2;
  });
  console.log('  after await', v);
  return v;
}

// Behaviour: a catch handler runs after the caller's synchronous code.
function failLater() {
  return fail('later').catch((err) => {
    console.log('  caught', err.message);
    return 'handled';
  });
}

// Behaviour: sequential awaits of chain-returning functions run one after the other.
async function sequential() {
  const first = await loadAndLog('first');
  const second = await timedSteps();
  const third = await loadAndLog('third');
  return [first, second, third];
}

// Behaviour: a handler mutates shared state before a later step and before the caller reads it.
function mutateInChain() {
  return load(5)
    .then((n) => {
      counter += n;
    })
    .then(() => counter);
}

async function main() {
  console.log('handlersAfterCallerCode:');
  const pending = loadAndLog(1);
  console.log('  after call');
  console.log('  result', show(await pending));

  console.log('headRunsAtOnce:');
  const headed = headRunsAtOnce(2);
  console.log('  after call');
  console.log('  result', show(await headed));

  console.log('threeSteps:');
  const steps = threeSteps();
  console.log('  after call');
  console.log('  result', show(await steps));

  console.log('timedSteps:');
  const timed = timedSteps();
  console.log('  after call');
  console.log('  result', show(await timed));

  console.log('readCounterLater:');
  counter = 1;
  const later = readCounterLater();
  counter = 42;
  console.log('  result', show(await later));

  console.log('readCounterNow:');
  const now = readCounterNow();
  counter = 7;
  console.log('  result', show(await now));

  console.log('awaitInside:');
  const inside = awaitInside();
  console.log('  after call');
  console.log('  result', show(await inside));

  console.log('failLater:');
  const failing = failLater();
  console.log('  after call');
  console.log('  result', show(await failing));

  console.log('sequential:');
  console.log('  result', show(await sequential()));

  console.log('mutateInChain:');
  counter = 10;
  const mutating = mutateInChain();
  console.log('  counter right after call', counter);
  console.log('  result', show(await mutating));
}

main();
