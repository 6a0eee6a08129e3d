/**
 * The asynchronous functions of Node's core modules that code calls with a callback, or whose blocking twin it
 * calls: what the callback receives, which synchronous function blocks in its place, and where its promise form
 * lives. Rules use it to name blocking calls and their replacements; codemods use it to rewrite callback calls.
 * `tests/core/node-api.test.ts` checks every entry against the running Node.
 */

export type NodeModuleName =
  | 'fs'
  | 'child_process'
  | 'zlib'
  | 'crypto'
  | 'dns'
  | 'timers'
  | 'stream'
  | 'readline'
  | 'events';

/** What a callback form passes to its callback. */
export interface CallbackShape {
  /** `(err, ...results)`; false for `fs.exists`, `readline.question`, timers and event listeners. */
  readonly errorFirst: boolean;
  /**
   * Names of the values after the error (or of all arguments when not error-first). One name: the promise resolves
   * to that value. Several: the promise form resolves to an object with these keys (`exec` → `{ stdout, stderr }`).
   */
  readonly results: readonly string[];
  /** Where the callback goes: last (the Node convention), or first (timers: `setTimeout(cb, ms)`). */
  readonly position: 'last' | 'first';
}

/** Where the promise form of an API lives. */
export type PromiseTwin =
  | {
      readonly kind: 'function';
      /** Module to import it from, with the `node:` prefix, e.g. `node:fs/promises`. */
      readonly module: string;
      readonly name: string;
      /**
       * `'delay-first'`: `setTimeout(cb, ms, value)` becomes `setTimeout(ms, value)`; `'emitter-first'`:
       * `emitter.once(name, cb)` becomes `once(emitter, name)`; `'same'`: the arguments without the callback.
       */
      readonly argumentOrder: 'same' | 'delay-first' | 'emitter-first';
    }
  | { readonly kind: 'promisify' }
  | { readonly kind: 'method'; readonly module: string; readonly className: string; readonly name: string };

export interface NodeApiEntry {
  readonly module: NodeModuleName;
  /** The callback-taking function's name; for methods, the method name (`question`, `once`). */
  readonly name: string;
  /** Set when the API is a method of an instance (`rl.question`, `emitter.once`), not a module function. */
  readonly className?: string;
  /** Undefined for APIs with no callback form (`spawn`, whose sync twin still blocks). */
  readonly callback: CallbackShape | undefined;
  /** The blocking twin, e.g. `readFileSync`; for `crypto.randomBytes` the same function called without a callback. */
  readonly sync: string | undefined;
  readonly promise: PromiseTwin | undefined;
  /** What the call returns that callers use (so the call cannot simply become a promise), if anything. */
  readonly returns: string | undefined;
  /** The promise twin resolves to something else than the sync twin returns (`open`: a FileHandle, not an fd). */
  readonly promiseResultDiffers?: true;
}

const errorFirst = (...results: string[]): CallbackShape => Object.freeze({ errorFirst: true, results, position: 'last' });
const plain = (...results: string[]): CallbackShape => Object.freeze({ errorFirst: false, results, position: 'last' });
const promiseModule = (module: string, name: string, argumentOrder: 'same' | 'delay-first' | 'emitter-first' = 'same'): PromiseTwin =>
  Object.freeze({ kind: 'function', module, name, argumentOrder });
const PROMISIFY: PromiseTwin = Object.freeze({ kind: 'promisify' });

interface EntryInput {
  promiseResultDiffers?: true;
  callback?: CallbackShape;
  sync?: string;
  promise?: PromiseTwin;
  returns?: string;
  className?: string;
}

function entries(module: NodeModuleName, specs: Record<string, EntryInput>): NodeApiEntry[] {
  return Object.entries(specs).map(([name, spec]) =>
    Object.freeze({
      module,
      name,
      callback: spec.callback,
      sync: spec.sync,
      promise: spec.promise,
      returns: spec.returns,
      ...(spec.className === undefined ? {} : { className: spec.className }),
      ...(spec.promiseResultDiffers === undefined ? {} : { promiseResultDiffers: spec.promiseResultDiffers }),
    }),
  );
}

/** `fs.x(…, cb)` with `fs.xSync` and, unless `viaPromisify`, `node:fs/promises` `x`. */
function fsEntry(results: string[], options: { viaPromisify?: boolean } = {}) {
  return (name: string): [string, EntryInput] => [
    name,
    {
      callback: errorFirst(...results),
      sync: `${name}Sync`,
      promise: options.viaPromisify === true ? PROMISIFY : promiseModule('node:fs/promises', name),
    },
  ];
}

const FS_WITH_PROMISE_TWIN: Record<string, string[]> = {
  access: [],
  appendFile: [],
  chmod: [],
  chown: [],
  copyFile: [],
  cp: [],
  lchown: [],
  link: [],
  lstat: ['stats'],
  lutimes: [],
  mkdir: ['path'],
  mkdtemp: ['folder'],
  open: ['fd'],
  opendir: ['dir'],
  readFile: ['data'],
  readdir: ['files'],
  readlink: ['linkString'],
  realpath: ['resolvedPath'],
  rename: [],
  rm: [],
  rmdir: [],
  stat: ['stats'],
  statfs: ['stats'],
  symlink: [],
  truncate: [],
  unlink: [],
  utimes: [],
  writeFile: [],
};

/* The fs/promises twins of these return a FileHandle or live on FileHandle; callback code holds an fd number. */
const FS_FD_BASED: Record<string, string[]> = {
  close: [],
  fchmod: [],
  fchown: [],
  fdatasync: [],
  fstat: ['stats'],
  fsync: [],
  ftruncate: [],
  futimes: [],
  read: ['bytesRead', 'buffer'],
  readv: ['bytesRead', 'buffers'],
  write: ['bytesWritten', 'buffer'],
  writev: ['bytesWritten', 'buffers'],
};

const fsEntries: Record<string, EntryInput> = {
  ...Object.fromEntries(Object.entries(FS_WITH_PROMISE_TWIN).map(([name, results]) => fsEntry(results)(name))),
  ...Object.fromEntries(
    Object.entries(FS_FD_BASED).map(([name, results]) => fsEntry(results, { viaPromisify: true })(name)),
  ),
  // Not error-first: the callback gets a boolean. util.promisify has a custom form for it; fs/promises has none.
  exists: { callback: plain('exists'), sync: 'existsSync', promise: PROMISIFY },
  // fs/promises `open` resolves to a FileHandle; `openSync` and the callback give a numeric fd.
  open: { ...fsEntry(['fd'])('open')[1], promiseResultDiffers: true },
};

const ZLIB_FUNCTIONS = ['deflate', 'deflateRaw', 'gzip', 'gunzip', 'inflate', 'inflateRaw', 'unzip', 'brotliCompress', 'brotliDecompress'];

const CRYPTO_RESULTS: Record<string, string[]> = {
  pbkdf2: ['derivedKey'],
  scrypt: ['derivedKey'],
  hkdf: ['derivedKey'],
  randomFill: ['buf'],
  generateKeyPair: ['publicKey', 'privateKey'],
  generateKey: ['key'],
  generatePrime: ['prime'],
  checkPrime: ['result'],
};

const DNS_RESULTS: Record<string, string[]> = {
  lookup: ['address', 'family'],
  lookupService: ['hostname', 'service'],
  resolve: ['records'],
  resolve4: ['addresses'],
  resolve6: ['addresses'],
  resolveAny: ['records'],
  resolveCaa: ['records'],
  resolveCname: ['addresses'],
  resolveMx: ['addresses'],
  resolveNaptr: ['addresses'],
  resolveNs: ['addresses'],
  resolvePtr: ['addresses'],
  resolveSoa: ['address'],
  resolveSrv: ['addresses'],
  resolveTxt: ['records'],
  reverse: ['hostnames'],
};

/** Every entry, frozen. */
export const NODE_APIS: readonly NodeApiEntry[] = Object.freeze([
  ...entries('fs', fsEntries),
  ...entries('child_process', {
    exec: { callback: errorFirst('stdout', 'stderr'), sync: 'execSync', promise: PROMISIFY, returns: 'ChildProcess' },
    execFile: { callback: errorFirst('stdout', 'stderr'), sync: 'execFileSync', promise: PROMISIFY, returns: 'ChildProcess' },
    spawn: { sync: 'spawnSync', returns: 'ChildProcess' },
  }),
  ...entries(
    'zlib',
    Object.fromEntries(
      ZLIB_FUNCTIONS.map((name) => [name, { callback: errorFirst('result'), sync: `${name}Sync`, promise: PROMISIFY }]),
    ),
  ),
  ...entries('crypto', {
    ...Object.fromEntries(
      Object.entries(CRYPTO_RESULTS).map(([name, results]) => [
        name,
        { callback: errorFirst(...results), sync: `${name}Sync`, promise: PROMISIFY },
      ]),
    ),
    // Called without a callback, these two are their own blocking twins.
    randomBytes: { callback: errorFirst('buf'), sync: 'randomBytes', promise: PROMISIFY },
    randomInt: { callback: errorFirst('n'), sync: 'randomInt', promise: PROMISIFY },
  }),
  ...entries(
    'dns',
    Object.fromEntries(
      Object.entries(DNS_RESULTS).map(([name, results]) => [
        name,
        { callback: errorFirst(...results), promise: promiseModule('node:dns/promises', name) },
      ]),
    ),
  ),
  ...entries('timers', {
    setTimeout: {
      callback: Object.freeze({ errorFirst: false, results: [], position: 'first' }),
      promise: promiseModule('node:timers/promises', 'setTimeout', 'delay-first'),
      returns: 'Timeout',
    },
    setImmediate: {
      callback: Object.freeze({ errorFirst: false, results: [], position: 'first' }),
      promise: promiseModule('node:timers/promises', 'setImmediate'),
      returns: 'Immediate',
    },
  }),
  ...entries('stream', {
    pipeline: { callback: errorFirst(), promise: promiseModule('node:stream/promises', 'pipeline'), returns: 'Stream' },
    finished: { callback: errorFirst(), promise: promiseModule('node:stream/promises', 'finished'), returns: 'Function' },
  }),
  ...entries('readline', {
    question: {
      className: 'Interface',
      callback: plain('answer'),
      promise: Object.freeze({ kind: 'method', module: 'node:readline/promises', className: 'Interface', name: 'question' }),
    },
  }),
  ...entries('events', {
    once: {
      className: 'EventEmitter',
      callback: plain('args'),
      promise: promiseModule('node:events', 'once', 'emitter-first'),
      returns: 'EventEmitter',
    },
  }),
]);

const byModule = new Map<string, Map<string, NodeApiEntry>>();
const bySyncName = new Map<string, Map<string, NodeApiEntry>>();
for (const entry of NODE_APIS) {
  if (entry.className !== undefined) continue; // methods are found by receiver, not through the module object
  getOrCreate(byModule, entry.module).set(entry.name, entry);
  if (entry.sync !== undefined && entry.sync !== entry.name) getOrCreate(bySyncName, entry.module).set(entry.sync, entry);
}

function getOrCreate<K, V>(map: Map<K, Map<string, V>>, key: K): Map<string, V> {
  let inner = map.get(key);
  if (inner === undefined) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}

/** The module functions of the table that take a callback, by module and name. */
/** The names of the callback APIs that have a promise form (`readFile`, `lookup`, `exec`, `question`...). */
export const NAMES_WITH_PROMISE_FORM: ReadonlySet<string> = new Set(
  NODE_APIS.flatMap((entry) => (entry.callback !== undefined && entry.promise !== undefined ? [entry.name] : [])),
);

/** The names of every promise twin (`readFile`, `lookup`, `pipeline`, `once`...), for cheap pre-checks. */
export const PROMISE_TWIN_NAMES: ReadonlySet<string> = new Set(
  NODE_APIS.flatMap((entry) => (entry.promise?.kind === 'function' ? [entry.promise.name] : [])),
);

export function findNodeApi(module: string, name: string): NodeApiEntry | undefined {
  return byModule.get(module)?.get(name);
}

/** The entry whose blocking twin is `module.name` (`fs.readFileSync` → `fs.readFile`). */
export function findNodeApiBySyncName(module: string, name: string): NodeApiEntry | undefined {
  return bySyncName.get(module)?.get(name);
}

/** The entry for an instance method (`rl.question`, `emitter.once`), by method name. */
export function findNodeApiMethod(name: string): NodeApiEntry | undefined {
  return NODE_APIS.find((entry) => entry.className !== undefined && entry.name === name);
}

/**
 * Core module specifiers as code writes them, mapped to the table's module and whether the module object is the
 * promise API: `node:fs/promises` → fs (promises). Timers' globals are handled by the resolver.
 */
const MODULE_ALIASES: Readonly<Record<string, { module: NodeModuleName; promises: boolean }>> = Object.freeze({
  fs: { module: 'fs', promises: false },
  'fs/promises': { module: 'fs', promises: true },
  child_process: { module: 'child_process', promises: false },
  zlib: { module: 'zlib', promises: false },
  crypto: { module: 'crypto', promises: false },
  dns: { module: 'dns', promises: false },
  'dns/promises': { module: 'dns', promises: true },
  timers: { module: 'timers', promises: false },
  'timers/promises': { module: 'timers', promises: true },
  stream: { module: 'stream', promises: false },
  'stream/promises': { module: 'stream', promises: true },
  readline: { module: 'readline', promises: false },
  'readline/promises': { module: 'readline', promises: true },
  events: { module: 'events', promises: false },
});

/** A specifier without the `node:` prefix: `node:fs/promises` → `fs/promises`. */
export function bareSpecifier(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
}

/** Reads a `require`/`import` specifier: `'node:fs/promises'` → `{ module: 'fs', promises: true }`. */
export function parseCoreSpecifier(specifier: string): { module: NodeModuleName; promises: boolean } | undefined {
  const bare = specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
  return Object.hasOwn(MODULE_ALIASES, bare) ? MODULE_ALIASES[bare] : undefined;
}

/** The module objects that expose their promise API as a `promises` property (`fs.promises`, `dns.promises`). */
export const MODULES_WITH_PROMISES_PROPERTY: ReadonlySet<NodeModuleName> = new Set(['fs', 'dns']);

/**
 * Callback APIs (`module.name`) that call back on success with `null` and then exactly the values their entry lists,
 * however they are called: a callback given to one can be called the same way from a promise's handlers. Not
 * `fs.mkdir` (a second value only when recursive), `fs.cp` (an `undefined` second value), nor `crypto.checkPrime`,
 * `generatePrime` and `randomInt` (`undefined` first). Checked against the running Node by the tests.
 */
export const CALLS_BACK_NULL_THEN_RESULTS: ReadonlySet<string> = new Set([
  ...['access', 'appendFile', 'chmod', 'chown', 'copyFile', 'lchown', 'link', 'lstat', 'lutimes', 'mkdtemp', 'opendir', 'readFile', 'readdir'].map((name) => `fs.${name}`),
  ...['readlink', 'realpath', 'rename', 'rm', 'rmdir', 'stat', 'statfs', 'symlink', 'truncate', 'unlink', 'utimes', 'writeFile'].map((name) => `fs.${name}`),
  ...['gzip', 'gunzip', 'deflate', 'inflate', 'deflateRaw', 'inflateRaw', 'unzip', 'brotliCompress', 'brotliDecompress'].map((name) => `zlib.${name}`),
  ...['randomBytes', 'randomFill', 'pbkdf2', 'scrypt', 'hkdf'].map((name) => `crypto.${name}`),
]);

/** Every Node core module name, for telling core modules from third-party packages. */
export function isCoreModuleSpecifier(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return NODE_BUILTINS.has(specifier.split('/')[0] ?? specifier);
}

const NODE_BUILTINS: ReadonlySet<string> = new Set([
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram',
  'diagnostics_channel', 'dns', 'domain', 'events', 'fs', 'http', 'http2', 'https', 'inspector', 'module', 'net',
  'os', 'path', 'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'repl', 'stream', 'string_decoder',
  'sys', 'timers', 'tls', 'trace_events', 'tty', 'url', 'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib',
]);
