// Checks that handler parameters written as patterns keep their values once the chain is converted: renamed
// properties, holes, defaults inside patterns (taken only for undefined), nested and rest patterns, parameter
// defaults, patterns on the catch parameter, and a pattern that fails on null rejecting inside the chain.
// expect-left-alone: 1

async function load(value) {
  return value;
}

async function fail(message) {
  throw new Error(message);
}

async function loadUser(id) {
  return { id, name: `user${id}`, tags: ['a', 'b', 'c'], address: { city: 'Oslo', zip: null } };
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

// Behaviour: a renamed property in an object pattern.
function renamedProperty() {
  return loadUser(7).then(({ id: uid }) => `uid=${uid}`);
}

// Behaviour: an array pattern with a hole.
function arrayHole() {
  return Promise.resolve([1, 2, 3]).then(([a, , b]) => `${a}+${b}`);
}

// Behaviour: a default inside an object pattern is used when the property is missing.
function defaultUsed() {
  return Promise.resolve({}).then(({ x = 5 }) => x);
}

// Behaviour: a default inside an object pattern is not used for null.
function defaultNotUsedForNull() {
  return Promise.resolve({ x: null }).then(({ x = 5 }) => x);
}

// Behaviour: nested object and array patterns with a rest element.
function nestedPattern() {
  return loadUser(3).then(
    ({ name, address: { city }, tags: [first, ...rest] }) => `${name} ${city} ${first} ${rest.join('')}`,
  );
}

// Behaviour: a parameter default is used when the value is undefined.
function parameterDefault() {
  return Promise.resolve(undefined).then((v = 'fallback') => v);
}

// Behaviour: an object rest pattern collects the other properties.
function objectRest() {
  return loadUser(4).then(({ id, ...others }) => `${id}: ${Object.keys(others).join(',')}`);
}

// Behaviour: a pattern on the catch handler's parameter.
function catchPattern() {
  return fail('bad input').catch(({ message }) => message);
}

// Behaviour: a tuple built by one step is destructured by the next.
function tupleSteps() {
  return load(2)
    .then((n) => [n, n * n])
    .then(([n, square]) => `${n}^2=${square}`);
}

// Behaviour: nested defaults in a nested pattern.
function nestedDefaults() {
  return Promise.resolve({ c: 1 }).then(({ a: { b = 'deep' } = {}, c }) => `${b}${c}`);
}

// Behaviour: destructuring null throws inside the chain, so a later catch handler sees the TypeError.
function patternOnNull() {
  return Promise.resolve(null)
    .then(({ x }) => x)
    .catch((err) => `caught ${err.constructor.name}`);
}

// Behaviour: patterns in the two handlers of one then call.
function patternsInBothHandlers() {
  return fail('two').then(
    ([value]) => value,
    ({ message: text = 'none' }) => `failure ${text}`,
  );
}

// Behaviour: computed keys and string keys in a pattern.
function computedKey() {
  const key = 'dynamic';
  return Promise.resolve({ dynamic: 'yes', 'odd-key': 2 }).then(({ [key]: picked, 'odd-key': odd }) => `${picked}${odd}`);
}

async function main() {
  await report('renamedProperty', renamedProperty);
  await report('arrayHole', arrayHole);
  await report('defaultUsed', defaultUsed);
  await report('defaultNotUsedForNull', defaultNotUsedForNull);
  await report('nestedPattern', nestedPattern);
  await report('parameterDefault', parameterDefault);
  await report('objectRest', objectRest);
  await report('catchPattern', catchPattern);
  await report('tupleSteps', tupleSteps);
  await report('nestedDefaults', nestedDefaults);
  await report('patternOnNull', patternOnNull);
  await report('patternsInBothHandlers', patternsInBothHandlers);
  await report('computedKey', computedKey);
}

main();
