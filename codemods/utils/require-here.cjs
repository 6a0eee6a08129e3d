'use strict';
// Node's `require`, resolving from this directory, for the ES modules that load packages at run time. They cannot
// use `createRequire(import.meta.url)`: plain jscodeshift compiles a transform and what it imports to CommonJS with
// Babel (unless run with `--no-babel`), where `import.meta` is a syntax error. Babel's hook leaves `.cjs` alone.
module.exports = require;
