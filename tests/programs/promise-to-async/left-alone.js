// Checks the sites the codemod must leave alone because conversion would change what `this` or `arguments` mean:
// a function handler reading `this` inside a method, a method reference passed as the handler (called unbound by
// the promise, bound once called directly), and a function handler reading `arguments`. Each sits alone in its own
// function; the other chains of this file are ordinary and must still be converted.
// expect-left-alone: 3

async function load(value) {
  return value;
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

const formatter = {
  prefix: '>>',
  format(v) {
    return `${this === undefined ? 'unbound' : this.prefix} ${v}`;
  },
};

const counter = {
  name: 'counter',
  // Left alone (1): a function handler reading `this`; the promise calls it with `this` undefined.
  describe() {
    return load(1).then(function (v) {
      return `${typeof this} ${v}`;
    });
  },
  // Converted: an arrow handler reading the method's `this`.
  label() {
    return load(2).then((v) => `${this.name} ${v}`);
  },
};

// Left alone (2): a method reference as the handler loses its receiver.
function methodReference() {
  return load(3).then(formatter.format);
}

// Left alone (3): a function handler reading `arguments` (the promise passes exactly one).
function argumentsHandler(a) {
  return load(a).then(function () {
    return arguments.length;
  });
}

// Converted: an ordinary chain next to the ones above.
function ordinary() {
  return load(4)
    .then((n) => n + 1)
    .catch(() => -1);
}

// Converted: an arrow handler that calls the method with its receiver.
function boundCall() {
  return load(5).then((v) => formatter.format(v));
}

async function main() {
  await report('functionHandlerThis', () => counter.describe());
  await report('arrowHandlerThis', () => counter.label());
  await report('methodReference', methodReference);
  await report('argumentsHandler', () => argumentsHandler('x', 'y'));
  await report('ordinary', ordinary);
  await report('boundCall', boundCall);
}

main();
