// Checks rejection and values through nested chains (a handler returning an inner chain, at once or after a
// timer, inside a catch-covered or finally-covered region) and chains whose head is Promise.all, allSettled, race
// or any, with destructured handler parameters.
// expect-left-alone: 0
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

// Behaviour: an inner chain that rejects at once reaches the outer catch handler.
function innerRejects() {
  return load(1)
    .then((n) =>
      load(n).then(() => {
        throw new Error('inner failed');
      }),
    )
    .catch((err) => `outer caught ${err.message}`);
}

// Behaviour: an inner chain that rejects after a timer reaches the outer catch handler.
function innerRejectsLater() {
  return load(2)
    .then((n) => delay(10, n).then((v) => fail(`late ${v}`)))
    .catch((err) => `outer caught ${err.message}`);
}

// Behaviour: an inner chain's value flows to the next outer step.
function innerValueFlows() {
  return load(3)
    .then((n) => delay(5, n).then((v) => v * 2))
    .then((v) => `outer got ${v}`);
}

// Behaviour: an inner chain with its own catch handler recovers before the outer chain sees it.
function innerRecovers() {
  return load(4)
    .then((n) => fail(`inner ${n}`).catch((err) => `inner recovered ${err.message}`))
    .catch(() => 'outer catch ran (wrong)');
}

// Behaviour: doubly nested chains reject through both levels.
function doublyNested() {
  return load('a')
    .then((a) => load(`${a}b`).then((b) => load(`${b}c`).then((c) => fail(c))))
    .catch((err) => `caught ${err.message}`);
}

// Behaviour: a rejected promise returned as the last step is still caught by a catch handler after it.
function returnedRejectionIsCaught() {
  return load(5)
    .then((n) => delay(5).then(() => Promise.reject(new Error(`rejected ${n}`))))
    .catch((err) => err.message);
}

// Behaviour: Promise.all head with a destructured tuple.
function allDestructured() {
  return Promise.all([load(1), load('two'), delay(5, 3)]).then(([a, b, c]) => `${a}-${b}-${c}`);
}

// Behaviour: Promise.all head that rejects goes to the catch handler.
function allRejects() {
  return Promise.all([load(1), fail('all broke')])
    .then(() => 'unreachable')
    .catch((err) => err.message);
}

// Behaviour: Promise.allSettled head with nested destructuring of the outcomes.
function allSettledDestructured() {
  return Promise.allSettled([load(1), fail('nope')]).then(
    ([{ status: s1, value }, { status: s2, reason }]) => `${s1}:${value} ${s2}:${reason.message}`,
  );
}

// Behaviour: Promise.race head takes the first settled value.
function raceFirstValue() {
  return Promise.race([delay(40, 'slow'), Promise.resolve('fast')]).then((winner) => `winner ${winner}`);
}

// Behaviour: Promise.race head rejecting first goes to the catch handler.
function raceRejects() {
  return Promise.race([Promise.reject(new Error('first')), delay(30, 'late')]).catch((err) => `race lost: ${err.message}`);
}

// Behaviour: Promise.any head takes the first fulfilment.
function anyFirstFulfilled() {
  return Promise.any([fail('a'), load('b')]).then((v) => `any ${v}`);
}

// Behaviour: Promise.any head with all rejected gives an AggregateError, destructured in the catch handler.
function anyAllRejected() {
  return Promise.any([fail('x'), fail('y')]).catch(
    ({ constructor, errors }) => `${constructor.name} ${errors.map((error) => error.message).join(',')}`,
  );
}

// Behaviour: Promise.all head where the step sums a destructured pair and a later step rejects.
function allThenLaterFailure() {
  return Promise.all([load(2), load(3)])
    .then(([a, b]) => a + b)
    .then((sum) => (sum > 4 ? fail(`sum ${sum} too big`) : sum));
}

async function main() {
  await report('innerRejects', innerRejects);
  await report('innerRejectsLater', innerRejectsLater);
  await report('innerValueFlows', innerValueFlows);
  await report('innerRecovers', innerRecovers);
  await report('doublyNested', doublyNested);
  await report('returnedRejectionIsCaught', returnedRejectionIsCaught);
  await report('allDestructured', allDestructured);
  await report('allRejects', allRejects);
  await report('allSettledDestructured', allSettledDestructured);
  await report('raceFirstValue', raceFirstValue);
  await report('raceRejects', raceRejects);
  await report('anyFirstFulfilled', anyFirstFulfilled);
  await report('anyAllRejected', anyAllRejected);
  await report('allThenLaterFailure', allThenLaterFailure);
}

main();
