// Checks that a finally handler never replaces the settled value: its return value and its promise's value are
// ignored, its throw or rejection wins, a rejection passes through it, and its promise is awaited before the chain
// goes on (observed through the order of the logs).
// expect-left-alone: 1
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

// Behaviour: a value returned by the finally handler is ignored.
function returnsValue() {
  return load(1).finally(() => 'ignored');
}

// Behaviour: the value of a promise returned by the finally handler is ignored.
function returnsPromise() {
  return load(2).finally(() => delay(5, 'ignored'));
}

// Behaviour: a throwing finally handler turns the success into its own rejection.
function throws() {
  return load(3).finally(() => {
    throw new Error('cleanup failed');
  });
}

// Behaviour: a finally handler returning a rejected promise rejects the chain with that reason.
function returnsRejected() {
  return load(4).finally(() => Promise.reject(new Error('async cleanup failed')));
}

// Behaviour: after a rejection, the finally handler's value is ignored and the rejection is kept.
function keepsRejection() {
  return fail('load failed').finally(() => 'ignored');
}

// Behaviour: after a rejection, a throwing finally handler replaces the reason.
function throwAfterRejection() {
  return fail('first').finally(() => {
    throw new Error('second');
  });
}

// Behaviour: the finally handler's promise settles before the next step runs.
function awaitsCleanup() {
  return load(5)
    .finally(() => delay(10).then(() => console.log('  cleanup done')))
    .then((v) => {
      console.log('  continued with', v);
      return v;
    });
}

// Behaviour: the finally handler is called with no argument.
function noArgument() {
  return load(6).finally((arg) => console.log('  finally argument', arg));
}

// Behaviour: a finally handler in the middle of a chain passes the earlier value on.
function midChain() {
  return load(7)
    .then((n) => n * 10)
    .finally(() => 99)
    .then((n) => n + 1);
}

// Behaviour: order of steps around a finally handler.
function order() {
  return load(8)
    .then((n) => {
      console.log('  step', n);
      return n;
    })
    .finally(() => console.log('  finally'))
    .then((n) => console.log('  after finally', n));
}

// Behaviour: the finally handler waits for a slow promise returned by the step before it.
function afterSlowStep() {
  return load(9)
    .then((n) =>
      delay(10, n).then((v) => {
        console.log('  slow step done');
        return v;
      }),
    )
    .finally(() => console.log('  finally after slow step'));
}

// Behaviour: a finally handler after a recovered rejection keeps the recovered value.
function afterRecovery() {
  return fail('x')
    .catch(() => 'recovered')
    .finally(() => 'ignored');
}

// Behaviour: a rejection goes through a finally handler to a later catch handler.
function rejectionReachesCatch() {
  return fail('deep')
    .finally(() => console.log('  cleanup before catch'))
    .catch((err) => `caught ${err.message}`);
}

// Behaviour: a finally handler whose slow promise rejects replaces the earlier value once it settles.
function slowRejection() {
  return load(10).finally(() => delay(5).then(() => fail('slow cleanup failed')));
}

async function main() {
  await report('returnsValue', returnsValue);
  await report('returnsPromise', returnsPromise);
  await report('throws', throws);
  await report('returnsRejected', returnsRejected);
  await report('keepsRejection', keepsRejection);
  await report('throwAfterRejection', throwAfterRejection);
  await report('awaitsCleanup', awaitsCleanup);
  await report('noArgument', noArgument);
  await report('midChain', midChain);
  await report('order', order);
  await report('afterSlowStep', afterSlowStep);
  await report('afterRecovery', afterRecovery);
  await report('rejectionReachesCatch', rejectionReachesCatch);
  await report('slowRejection', slowRejection);
}

main();
