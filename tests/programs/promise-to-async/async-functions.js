// Checks chains awaited inside async functions: in loops (with break), in conditions, as call arguments and in
// template literals, inside try/catch where a handler's throw or the head's rejection must reach the catch block,
// a chain returned after other awaits, several chains in sequence, and a finally handler before later code.
// expect-left-alone: 1
import { setTimeout } from 'node:timers';

const delay = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));

async function load(value) {
  return value;
}

async function fail(message) {
  throw new Error(message);
}

async function attempt(id) {
  if (id % 2 === 0) throw new Error(`even ${id}`);
  return id;
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

// Behaviour: a chain awaited in each iteration of a loop.
async function awaitInLoop() {
  let total = 0;
  for (const id of [1, 2, 3]) {
    total += await load(id).then((n) => n * 10);
  }
  return total;
}

// Behaviour: a chain awaited in a loop that breaks on its value.
async function awaitInLoopWithBreak() {
  let i = 0;
  for (;;) {
    const v = await load(i).then((n) => n + 1);
    if (v > 3) break;
    i = v;
  }
  return i;
}

// Behaviour: a chain awaited in an if condition.
async function awaitInCondition() {
  if (await load(0).then((n) => n > 0)) return 'positive';
  return 'not positive';
}

// Behaviour: a chain awaited as a call argument.
async function chainAsArgument() {
  return [await load(3).then((n) => n + 1), 'tail'].join('-');
}

// Behaviour: a chain awaited inside a template literal.
async function chainInTemplate() {
  return `value ${await load(4).then((n) => n * 2)}`;
}

// Behaviour: a head's rejection passes through a success handler to the function's catch block.
async function headRejectionReachesTry() {
  try {
    await fail('head failed').then(() => console.log('  success handler ran (wrong)'));
    return 'no error (wrong)';
  } catch (err) {
    return `try caught ${err.message}`;
  }
}

// Behaviour: a handler's throw reaches the function's catch block.
async function handlerThrowReachesTry() {
  try {
    await load(1).then(() => {
      throw new Error('handler threw');
    });
    return 'no error (wrong)';
  } catch (err) {
    return `try caught ${err.message}`;
  }
}

// Behaviour: a chain returned after another await.
async function returnChainAfterAwait() {
  const base = await load(2);
  return load(base).then((n) => n * n);
}

// Behaviour: two chains in sequence, the second using the first's value.
async function twoChainsInSequence() {
  const a = await load(1).then((n) => n + 1);
  const b = await load(a).then((n) => n * 10);
  return [a, b];
}

// Behaviour: per-iteration recovery with a catch handler inside a loop.
async function recoverEachIteration() {
  const results = [];
  for (const id of [1, 2, 3]) {
    const outcome = await attempt(id)
      .then((n) => `odd ${n}`)
      .catch((err) => err.message);
    results.push(outcome);
  }
  return results;
}

// Behaviour: a finally handler logs before the code that follows the await.
async function finallyBeforeLaterCode() {
  const v = await delay(5, 6).finally(() => console.log('  cleanup in async function'));
  console.log('  code after the await');
  return v;
}

// Behaviour: a chain awaited as a statement, its handler's side effect visible on the next line.
async function awaitedStatement() {
  const seen = [];
  await load('x').then((v) => {
    seen.push(v);
  });
  seen.push('after');
  return seen;
}

async function main() {
  await report('awaitInLoop', awaitInLoop);
  await report('awaitInLoopWithBreak', awaitInLoopWithBreak);
  await report('awaitInCondition', awaitInCondition);
  await report('chainAsArgument', chainAsArgument);
  await report('chainInTemplate', chainInTemplate);
  await report('headRejectionReachesTry', headRejectionReachesTry);
  await report('handlerThrowReachesTry', handlerThrowReachesTry);
  await report('returnChainAfterAwait', returnChainAfterAwait);
  await report('twoChainsInSequence', twoChainsInSequence);
  await report('recoverEachIteration', recoverEachIteration);
  await report('finallyBeforeLaterCode', finallyBeforeLaterCode);
  await report('awaitedStatement', awaitedStatement);
}

main();
