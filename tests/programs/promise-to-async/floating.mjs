// Checks chains used as statements (nobody awaits them): the code after such a statement runs before its
// handlers, in plain functions, arrow functions, async functions before an await, with a catch or finally handler,
// with `void`, and two timer chains with clearly separated delays. The caller waits for them with a longer timer.
// expect-left-alone: 0
import { setTimeout } from 'node:timers';

const delay = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));

async function load(value) {
  return value;
}

async function fail(message) {
  throw new Error(message);
}

// Behaviour: the code after a floating chain runs before its handler.
function fireAndForget(id) {
  load(id).then((v) => console.log('  floating handler got', v));
  console.log('  sync code after the floating chain');
}

// Behaviour: a floating chain with a catch handler; the function returns before the error is handled.
function fireWithCatch() {
  fail('background').catch((err) => console.log('  background error handled:', err.message));
  console.log('  returned before the error was handled');
}

// Behaviour: a floating chain in an async function runs its handler before the function's later await ends.
async function floatingThenAwait() {
  load(2).then((v) => console.log('  floating got', v));
  console.log('  sync after floating');
  await delay(5);
  console.log('  after delay');
  return 'done';
}

// Behaviour: a floating chain with several steps and a finally handler.
function floatingFinally() {
  load(3)
    .then((v) => v * 2)
    .finally(() => console.log('  floating finally'))
    .then((v) => console.log('  floating end', v));
  console.log('  sync tail');
}

// Behaviour: a floating chain marked with void.
function voided() {
  void load('v').then((v) => console.log('  voided handler got', v));
  console.log('  after the voided chain');
}

// Behaviour: a floating chain in an arrow function with a block body.
const onEvent = (id) => {
  load(id).then((v) => console.log('  event handled', v));
  console.log('  event queued', id);
};

// Behaviour: two floating timer chains with clearly separated delays fire in delay order.
function twoTimers() {
  delay(40, 'slow').then((v) => console.log('  timer', v));
  delay(5, 'quick').then((v) => console.log('  timer', v));
  console.log('  both scheduled');
}

// Behaviour: a floating chain followed by a returned chain in the same function.
function floatingThenReturned() {
  load('side').then((v) => console.log('  side effect', v));
  return delay(5, 'main').then((v) => `returned ${v}`);
}

// Behaviour: a floating chain inside a loop body (the handlers run after the loop, in delay order).
function floatingInLoop() {
  for (const [ms, name] of [
    [5, 'first'],
    [40, 'second'],
  ]) {
    delay(ms, name).then((v) => console.log('  loop handler', v));
  }
  console.log('  loop finished');
}

// Behaviour: a floating chain inside an if block, then a synchronous return value.
function floatingInBranch(flag) {
  if (flag) {
    load('branch').then((v) => console.log('  branch handler', v));
  }
  return flag ? 'flag on' : 'flag off';
}

async function main() {
  console.log('fireAndForget:');
  fireAndForget(1);
  console.log('  caller continues');
  await delay(20);

  console.log('fireWithCatch:');
  fireWithCatch();
  await delay(20);

  console.log('floatingThenAwait:');
  console.log('  result', await floatingThenAwait());

  console.log('floatingFinally:');
  floatingFinally();
  await delay(20);

  console.log('voided:');
  voided();
  await delay(20);

  console.log('onEvent:');
  onEvent('e1');
  await delay(20);

  console.log('twoTimers:');
  twoTimers();
  await delay(120);

  console.log('floatingThenReturned:');
  console.log('  result', await floatingThenReturned());

  console.log('floatingInLoop:');
  floatingInLoop();
  await delay(120);

  console.log('floatingInBranch:');
  console.log('  result', floatingInBranch(true));
  await delay(20);
  console.log('  result', floatingInBranch(false));
  await delay(20);
}

main();
