// Checks names: a handler parameter named like an outer function that a later step calls, the same parameter name
// in several handlers of one chain, handler parameters and handler locals named like locals of the enclosing
// function (result, error, value, e, total, id), and a parameter named like the enclosing function's parameter.
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

function format(x) {
  return `<${x}>`;
}

// Behaviour: a handler parameter shadows the outer function that a later step calls.
function paramShadowsFunction() {
  return load(5)
    .then((format) => format * 2)
    .then((n) => format(n));
}

// Behaviour: a catch parameter shadows the outer function that a later step calls.
function catchParamShadowsFunction() {
  return fail('oops')
    .catch((format) => format.message)
    .then((m) => format(m));
}

// Behaviour: the same parameter name in two handlers of one chain.
function sameParamTwice() {
  return load(1)
    .then((res) => res + 1)
    .then((res) => res * 10);
}

// Behaviour: the same parameter name in three steps, the middle one destructured.
function sameParamThrice() {
  return load(3)
    .then((res) => ({ res }))
    .then(({ res }) => res + 1)
    .then((res) => `res=${res}`);
}

// Behaviour: `result` is already a local of the enclosing async function.
async function resultInUse() {
  const result = 'outer result';
  const inner = await load(2).then((value) => value + 40);
  return `${result} / ${inner}`;
}

// Behaviour: `error` is a local that a parameterless catch handler returns.
function errorNameTaken() {
  const error = 'label';
  return fail('real').catch(() => error);
}

// Behaviour: a catch parameter `e` shadows a local `e` that is used afterwards.
async function eShadowed() {
  const e = 'outer e';
  const message = await fail('inner').catch((e) => e.message);
  return `${e} | ${message}`;
}

// Behaviour: `value` is a local that a handler with another parameter name reads.
function valueTaken() {
  const value = 10;
  return load(3).then((v) => v + value);
}

// Behaviour: a handler declares a local named like a local of the enclosing function.
async function localsClash() {
  const total = 1;
  const r = await load(2).then((x) => {
    const total = x * 10;
    return total;
  });
  return total + r;
}

// Behaviour: a handler parameter named like a local used after the chain.
async function paramShadowsLocal() {
  const id = 'outer-id';
  const got = await load(9).then((id) => id + 1);
  return `${id} ${got}`;
}

// Behaviour: a handler parameter named like the enclosing function's parameter, which a later step reads.
function paramShadowsParam(n) {
  return load(n)
    .then((n) => n + 100)
    .then((m) => `${n}->${m}`);
}

// Behaviour: an inner chain whose handler parameter repeats the outer handler's parameter name.
function nestedSameName() {
  return load(2).then((x) => load(x + 1).then((x) => x * 3));
}

// Behaviour: `result`, `value` and `error` all used as handler parameters in one chain.
function commonNames() {
  return load(4)
    .then((result) => result * 2)
    .then((value) => {
      throw new Error(`value ${value}`);
    })
    .catch((error) => `error ${error.message}`);
}

// Behaviour: a handler local `e` and a catch parameter `e` in the same chain.
function handlerLocalAndCatchParam() {
  return load('z')
    .then((v) => {
      const e = `${v}!`;
      throw new Error(e);
    })
    .catch((e) => e.message);
}

async function main() {
  await report('paramShadowsFunction', paramShadowsFunction);
  await report('catchParamShadowsFunction', catchParamShadowsFunction);
  await report('sameParamTwice', sameParamTwice);
  await report('sameParamThrice', sameParamThrice);
  await report('resultInUse', resultInUse);
  await report('errorNameTaken', errorNameTaken);
  await report('eShadowed', eShadowed);
  await report('valueTaken', valueTaken);
  await report('localsClash', localsClash);
  await report('paramShadowsLocal', paramShadowsLocal);
  await report('paramShadowsParam', () => paramShadowsParam(1));
  await report('nestedSameName', nestedSameName);
  await report('commonNames', commonNames);
  await report('handlerLocalAndCatchParam', handlerLocalAndCatchParam);
}

main();
