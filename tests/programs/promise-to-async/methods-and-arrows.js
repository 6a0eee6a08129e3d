// Checks chains in the places functions live: a chain awaited inside an async function, arrow functions with
// expression bodies and block bodies, a named function passed as a handler, class methods (instance, static,
// private, with parameter defaults) and object methods, with arrow handlers reading `this` of the method.
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

function parse(text) {
  return JSON.parse(text);
}

// Behaviour: a chain's value assigned with await inside an async function.
async function awaitChain() {
  const x = await load(2).then((n) => n * 3);
  return x + 1;
}

// Behaviour: a chain with a catch handler awaited inside try/catch of an async function.
async function awaitChainInTry() {
  try {
    const x = await fail('inner').catch((err) => `recovered ${err.message}`);
    return `try got ${x}`;
  } catch {
    return 'outer catch ran (wrong)';
  }
}

// Behaviour: an arrow function with an expression body returning a chain.
const nameOf = (id) => load(id).then((n) => `name-${n}`);

// Behaviour: an expression-bodied arrow with a catch handler (valid and invalid input).
const safeParse = (text) =>
  Promise.resolve(text)
    .then((t) => JSON.parse(t))
    .catch(() => null);

// Behaviour: an arrow function with a block body returning a chain.
const blockArrow = (id) => {
  return load(id).then((n) => n - 1);
};

// Behaviour: a named function declaration passed as the handler.
function parseNamed(text) {
  return Promise.resolve(text)
    .then(parse)
    .then(({ a }) => a);
}

// Behaviour: a function expression assigned to a variable.
const viaExpression = function (id) {
  return load(id).then((n) => `expr ${n}`);
};

class Repo {
  #hits = 0;

  constructor(prefix) {
    this.prefix = prefix;
  }

  // Behaviour: an instance method whose arrow handler reads `this`.
  find(id) {
    return load(id).then((n) => `${this.prefix}${n}`);
  }

  // Behaviour: a static method returning a new instance from a chain.
  static make(id) {
    return load(id).then((n) => new Repo(`#${n}:`));
  }

  // Behaviour: a method with a Promise.all head and `this` in the handler.
  findBoth(a, b) {
    return Promise.all([load(a), load(b)]).then(([x, y]) => `${this.prefix}${x}&${y}`);
  }

  // Behaviour: a method updating a private field in a handler (called twice).
  hit() {
    return load(1).then((d) => {
      this.#hits += d;
      return this.#hits;
    });
  }

  // Behaviour: a method with a parameter default and a catch handler.
  findOr(id, fallback = 'none') {
    return fail('missing').catch(() => `${this.prefix}${id}:${fallback}`);
  }
}

const store = {
  label: 'store',
  // Behaviour: an object method whose arrow handler reads `this`.
  get(id) {
    return load(id).then((n) => `${this.label}:${n}`);
  },
  // Behaviour: an expression-bodied arrow as an object property.
  next: (id) => load(id).then((n) => n + 1),
  // Behaviour: a function expression as an object property.
  scaled: function (id) {
    return load(id).then((n) => n * 100);
  },
};

// Behaviour: a handler returning a static method's chain, and the next handler calling an instance method's chain.
function makeAndFind() {
  return load(5)
    .then((n) => Repo.make(n))
    .then((repo) => repo.find(6));
}

async function main() {
  await report('awaitChain', awaitChain);
  await report('awaitChainInTry', awaitChainInTry);
  await report('nameOf', () => nameOf(3));
  await report('safeParse(valid)', () => safeParse('{"a":1}'));
  await report('safeParse(invalid)', () => safeParse('not json'));
  await report('blockArrow', () => blockArrow(10));
  await report('parseNamed', () => parseNamed('{"a":[1,2]}'));
  await report('viaExpression', () => viaExpression(4));
  const repo = new Repo('r/');
  await report('Repo#find', () => repo.find(1));
  await report('Repo.make', () => Repo.make(2));
  await report('Repo#findBoth', () => repo.findBoth(3, 4));
  await report('Repo#hit once', () => repo.hit());
  await report('Repo#hit twice', () => repo.hit());
  await report('Repo#findOr', () => repo.findOr(9));
  await report('store.get', () => store.get(7));
  await report('store.next', () => store.next(7));
  await report('store.scaled', () => store.scaled(7));
  await report('makeAndFind', makeAndFind);
}

main();
