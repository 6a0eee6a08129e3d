// Checks recovery: a catch handler's fallback flows into later steps; a catch handler in the middle of a chain
// covers only the steps before it; steps after a rejection are skipped; rethrowing, returning a rejected promise,
// a catch call without a handler, a catch handler returning undefined, non-Error reasons, executor throws.
// expect-left-alone: 0

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

// Behaviour: the catch handler's fallback continues down the chain.
function fallbackContinues() {
  return fail('x')
    .catch(() => 'fallback')
    .then((v) => `got ${v}`);
}

// Behaviour: a catch handler in the middle does not catch an error thrown after it.
function middleCatchSkipsLaterError() {
  return load(1)
    .then((n) => n + 1)
    .catch(() => {
      console.log('  middle catch ran (wrong)');
      return 0;
    })
    .then((n) => {
      throw new Error(`late failure at ${n}`);
    });
}

// Behaviour: a catch handler in the middle catches an error thrown before it, and the chain goes on.
function middleCatchCoversEarlier() {
  return load(1)
    .then(() => {
      throw new Error('early');
    })
    .then(() => {
      console.log('  skipped step ran (wrong)');
      return 'skipped';
    })
    .catch((err) => `caught ${err.message}`)
    .then((s) => s.toUpperCase());
}

// Behaviour: a catch handler that rethrows a new error.
function catchRethrows() {
  return fail('orig').catch((err) => {
    throw new Error(`rethrown ${err.message}`);
  });
}

// Behaviour: a rethrown error keeps its identity for the next catch handler.
function rethrowSameError() {
  let first;
  return fail('same')
    .catch((err) => {
      first = err;
      throw err;
    })
    .catch((err) => `same object: ${err === first}`);
}

// Behaviour: a catch handler returning a rejected promise rejects the chain.
function catchReturnsRejected() {
  return fail('one').catch((err) => Promise.reject(new Error(`two after ${err.message}`)));
}

// Behaviour: a catch call without a handler passes the rejection through.
function catchWithoutHandler() {
  return fail('passed through').catch();
}

// Behaviour: a catch call without a handler passes a value through.
function catchWithoutHandlerOnSuccess() {
  return load(5)
    .catch()
    .then((n) => n + 1);
}

// Behaviour: a catch handler returning undefined gives undefined to the next step.
function catchReturnsUndefined() {
  return fail('z')
    .catch(() => {
      // swallowed: the next step sees undefined
    })
    .then((v) => `value is ${v}`);
}

// Behaviour: a second catch handler does not run after the first recovered.
function twoCatches() {
  return fail('q')
    .catch(() => 'first')
    .catch(() => 'second');
}

// Behaviour: a catch handler is skipped on success and the value passes through.
function catchSkippedOnSuccess() {
  return load(8)
    .catch(() => -1)
    .then((n) => n * 2);
}

// Behaviour: a non-Error rejection reason reaches the catch handler unchanged.
function nonErrorReason() {
  return Promise.reject('plain').catch((reason) => `${typeof reason} ${reason}`);
}

// Behaviour: an executor that throws rejects the head promise; the catch handler sees it.
function executorThrows() {
  return new Promise(() => {
    throw new Error('in executor');
  }).catch((err) => err.message);
}

// Behaviour: a catch handler that itself fails is caught by the next catch handler, which recovers.
function catchChain() {
  return fail('a')
    .catch((err) => fail(`${err.message}b`))
    .catch((err) => `${err.message}c`)
    .then((s) => `${s}d`);
}

// Behaviour: an undefined rejection reason reaches the catch handler.
function undefinedReason() {
  return Promise.reject(undefined).catch((reason) => `reason is ${reason}`);
}

async function main() {
  await report('fallbackContinues', fallbackContinues);
  await report('middleCatchSkipsLaterError', middleCatchSkipsLaterError);
  await report('middleCatchCoversEarlier', middleCatchCoversEarlier);
  await report('catchRethrows', catchRethrows);
  await report('rethrowSameError', rethrowSameError);
  await report('catchReturnsRejected', catchReturnsRejected);
  await report('catchWithoutHandler', catchWithoutHandler);
  await report('catchWithoutHandlerOnSuccess', catchWithoutHandlerOnSuccess);
  await report('catchReturnsUndefined', catchReturnsUndefined);
  await report('twoCatches', twoCatches);
  await report('catchSkippedOnSuccess', catchSkippedOnSuccess);
  await report('nonErrorReason', nonErrorReason);
  await report('executorThrows', executorThrows);
  await report('catchChain', catchChain);
  await report('undefinedReason', undefinedReason);
}

main();
