// Checks the two-handler form of a then call: an error thrown by the success handler (or a rejection it returns)
// rejects the result and never reaches the failure handler; the failure handler's value becomes the result; both
// handlers may return promises; a null success handler passes the value through.
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

// Behaviour: the success handler's value is the result.
function okValue() {
  return load(2).then(
    (v) => v * 2,
    () => -1,
  );
}

// Behaviour: an error thrown by the success handler rejects the result; the failure handler does not see it.
function okThrows() {
  return load(1).then(
    () => {
      throw new Error('from ok');
    },
    () => {
      console.log('  failure handler ran (wrong)');
      return 'fail handler ran';
    },
  );
}

// Behaviour: a rejected promise returned by the success handler does not reach the failure handler.
function okReturnsRejected() {
  return load(4).then(
    () => fail('inner'),
    () => 'fail handler ran',
  );
}

// Behaviour: the failure handler's value becomes the result.
function failRecovers() {
  return fail('boom').then(
    (v) => `ok ${v}`,
    (err) => `recovered from ${err.message}`,
  );
}

// Behaviour: both handlers return promises; success path.
function bothPromisesOk() {
  return load(3).then(
    (v) => delay(5, v + 1),
    () => delay(5, 'fail path'),
  );
}

// Behaviour: both handlers return promises; failure path.
function bothPromisesFail() {
  return fail('x').then(
    (v) => delay(5, v),
    (err) => delay(5, `late ${err.message}`),
  );
}

// Behaviour: a failure handler returning a rejected promise rejects the result.
function failRejects() {
  return fail('a').then(
    () => 'ok',
    (err) => Promise.reject(new Error(`wrapped ${err.message}`)),
  );
}

// Behaviour: a failure handler that throws rejects the result.
function failThrows() {
  return fail('b').then(
    () => 'ok',
    (err) => {
      throw new Error(`rethrown ${err.message}`);
    },
  );
}

// Behaviour: steps after a two-handler then continue with whichever handler's value.
function continuesAfter() {
  return fail('c')
    .then(
      () => 1,
      () => 2,
    )
    .then((n) => n * 100);
}

// Behaviour: a null success handler passes the value through; the failure handler is not called.
function nullSuccessHandler() {
  return load('kept').then(null, () => 'fail handler ran');
}

// Behaviour: a null success handler with a failure handler acts as a catch.
function nullSuccessHandlerRejected() {
  return fail('d').then(null, (err) => `handled ${err.message}`);
}

// Behaviour: an error in the success handler of a two-handler then is caught by a later catch handler.
function laterCatchSeesOkError() {
  return load(5)
    .then(
      (v) => {
        throw new Error(`ok failed on ${v}`);
      },
      () => 'fail handler ran',
    )
    .catch((err) => `later catch got ${err.message}`);
}

async function main() {
  await report('okValue', okValue);
  await report('okThrows', okThrows);
  await report('okReturnsRejected', okReturnsRejected);
  await report('failRecovers', failRecovers);
  await report('bothPromisesOk', bothPromisesOk);
  await report('bothPromisesFail', bothPromisesFail);
  await report('failRejects', failRejects);
  await report('failThrows', failThrows);
  await report('continuesAfter', continuesAfter);
  await report('nullSuccessHandler', nullSuccessHandler);
  await report('nullSuccessHandlerRejected', nullSuccessHandlerRejected);
  await report('laterCatchSeesOkError', laterCatchSeesOkError);
}

main();
