import { type AstNode, argumentsOf, calledMethodName, calleeOf, child, identifierName, isAsyncFunction, isCall, isFunction, isMember, paramsOf, prop, staticPropertyName, stringValue } from './ast.js';
import { type CallbackConventions, DEFAULT_CONVENTIONS, getTrailingErrorFirstCallback } from './callbacks.js';
import { bareSpecifier } from './node-api.js';
import { isGlobalReference, resolveModuleMember, resolveNodeApi } from './resolve.js';
import { type Tree, ancestorsOf, valueUse } from './tree.js';

/**
 * The kind of code a node runs in. Every rule that asks "is this asynchronous code?" asks this one classifier, so
 * they agree: a blocking call in a promise handler is as bad as one in an async function, and a callback of
 * `forEach` runs wherever the `forEach` runs.
 */
export type AsyncContextKind =
  /** Inside an async function, async arrow or async method. */
  | 'async-function'
  /** Inside a `then`/`catch`/`finally` handler. */
  | 'promise-handler'
  /** Inside a callback that an asynchronous API calls later: Node callbacks, timers, listeners, request handlers. */
  | 'async-callback'
  /** Module top level, plain functions, and callbacks that run in one of those (array methods, unknown APIs). */
  | 'sync';

export type AsyncContextReason =
  | 'async-function'
  | 'then'
  | 'catch'
  | 'finally'
  | 'node-api'
  | 'error-first'
  | 'timer'
  | 'microtask'
  | 'listener'
  | 'request-handler'
  | 'module'
  | 'function';

export interface AsyncContext<N extends AstNode> {
  readonly kind: AsyncContextKind;
  readonly reason: AsyncContextReason;
  /** The function that sets the context (after looking through array callbacks and promise executors). */
  readonly function: N | undefined;
}

/** True for every context that runs on a later turn of the event loop or inside an async function. */
export function isAsynchronous(context: AsyncContext<AstNode>): boolean {
  return context.kind !== 'sync';
}

/**
 * Array methods and other callers that call their callback synchronously, right away: the callback runs in the
 * caller's context. `new Promise(executor)` is treated alike (its executor runs synchronously).
 */
export const SYNC_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'forEach', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'reduce',
  'reduceRight', 'flatMap', 'sort', 'toSorted', 'from',
]);

const LISTENER_METHODS: ReadonlySet<string> = new Set([
  'on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener',
]);

/**
 * Events that mark the end of an operation: a listener for one is where the code waiting on that operation
 * continues (`stream.on('finish', ...)`), unlike `data` or `request` listeners, which are called many times.
 */
export const COMPLETION_EVENTS: ReadonlySet<string> = new Set(['end', 'close', 'error', 'finish', 'exit', 'done', 'complete', 'ready', 'open', 'connect', 'response']);

const ROUTE_METHODS: ReadonlySet<string> = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'use', 'route',
]);

const TIMER_FUNCTIONS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval', 'setImmediate']);

const SERVER_MODULES: ReadonlySet<string> = new Set(['http', 'https', 'http2', 'net', 'tls']);

/** The context `node` runs in. */
export function getAsyncContext<N extends AstNode>(
  node: N,
  tree: Tree<N>,
  conventions: CallbackConventions = DEFAULT_CONVENTIONS,
): AsyncContext<N> {
  let fn = enclosingFunction(node, tree);
  while (fn !== undefined) {
    if (isAsyncFunction(fn)) return { kind: 'async-function', reason: 'async-function', function: fn };
    const site = callSiteOf(fn, tree);
    if (site === undefined) return { kind: 'sync', reason: 'function', function: fn };
    const classified = classifyCallback(fn, site.call, site.index, tree, conventions);
    if (classified !== 'inherit') return { ...classified, function: fn };
    fn = enclosingFunction(site.call, tree);
  }
  return { kind: 'sync', reason: 'module', function: undefined };
}

/**
 * How the function itself is called, when it is a callback something calls later: a promise handler (`then`,
 * `catch`, `finally`) or an asynchronous callback (Node API, error-first, timer, microtask, listener, request
 * handler), with the call it is passed to. Undefined for functions that are not arguments, and for callbacks that
 * run right away or whose caller is unknown (they inherit their surroundings' context).
 */
export function callbackRole<N extends AstNode>(
  fn: N,
  tree: Tree<N>,
  conventions: CallbackConventions = DEFAULT_CONVENTIONS,
): { kind: 'promise-handler' | 'async-callback'; reason: AsyncContextReason; call: N } | undefined {
  const site = callSiteOf(fn, tree);
  if (site === undefined) return undefined;
  const classified = classifyCallback(fn, site.call, site.index, tree, conventions);
  if (classified === 'inherit' || classified.kind === 'sync' || classified.kind === 'async-function') return undefined;
  return { kind: classified.kind, reason: classified.reason, call: site.call };
}

/** The nearest function around `node` (not counting `node` itself). */
export function enclosingFunction<N extends AstNode>(node: N, tree: Tree<N>): N | undefined {
  for (let current = tree.parentOf(node); current !== undefined; current = tree.parentOf(current)) {
    if (isFunction(current)) return current;
  }
  return undefined;
}

/** When `fn` is passed as an argument (possibly through parentheses or a TS assertion), the call and position. */
export function callSiteOf<N extends AstNode>(fn: N, tree: Tree<N>): { call: N; index: number } | undefined {
  const { parent, outer: argument } = valueUse(fn, tree);
  if (parent === undefined || !(isCall(parent) || parent.type === 'NewExpression')) return undefined;
  const index = argumentsOf(parent).indexOf(argument);
  return index === -1 ? undefined : { call: parent, index };
}

type Classification = Omit<AsyncContext<AstNode>, 'function'> | 'inherit';

function classifyCallback<N extends AstNode>(fn: N, call: N, index: number, tree: Tree<N>, conventions: CallbackConventions): Classification {
  const callee = calleeOf(call);
  // A callback nobody is known to defer runs in its caller's context: now, or later from code that is itself
  // asynchronous if the caller is. Array methods, `new Promise` executors and unknown APIs all inherit.
  if (callee === undefined || call.type === 'NewExpression') return 'inherit';
  const method = calledMethodName(call);
  const promiseHandler = promiseHandlerReason(method, index);
  if (promiseHandler !== undefined) return { kind: 'promise-handler', reason: promiseHandler };
  if (method !== undefined && SYNC_CALLBACK_METHODS.has(method) && index === 0) return 'inherit';
  if (timerName(callee, tree) !== undefined) return { kind: 'async-callback', reason: 'timer' };
  if (isMicrotaskScheduler(callee, tree)) return { kind: 'async-callback', reason: 'microtask' };
  if (method !== undefined && LISTENER_METHODS.has(method) && index >= 1) {
    return isSynchronousListener(call, tree) ? 'inherit' : { kind: 'async-callback', reason: 'listener' };
  }
  if (isRequestHandler(fn, call, index, method, tree)) return { kind: 'async-callback', reason: 'request-handler' };
  const api = resolveNodeApi(callee, tree);
  if (api?.entry.callback !== undefined && api.form === 'callback') return { kind: 'async-callback', reason: 'node-api' };
  if (isAssertion(callee, tree)) return 'inherit';
  if (index === argumentsOf(call).length - 1 && getTrailingErrorFirstCallback(call, tree, conventions) !== undefined) {
    return { kind: 'async-callback', reason: 'error-first' };
  }
  return 'inherit';
}

/** `process` events whose handlers must finish synchronously: the process ends right after them. */
const PROCESS_EXIT_EVENTS: ReadonlySet<string> = new Set(['exit', 'uncaughtException', 'unhandledRejection', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']);

/**
 * Listeners that run synchronously by contract: `process.on('exit')` and its kin, and listeners registered in
 * code that declares itself synchronous by name (`class UnpackSync`, `function extractSync`), whose emitters fire
 * while the registering call is still running.
 */
function isSynchronousListener<N extends AstNode>(call: N, tree: Tree<N>): boolean {
  const callee = calleeOf(call);
  const event = stringValue(argumentsOf(call)[0]);
  if (callee !== undefined && isGlobalReference(child(callee, 'object'), 'process', tree) && event !== undefined && PROCESS_EXIT_EVENTS.has(event)) {
    return true;
  }
  for (const ancestor of ancestorsOf(call, tree)) {
    const name = identifierName(child(ancestor, 'id')) ?? (isFunction(ancestor) ? undefined : staticPropertyName(ancestor));
    if ((isFunction(ancestor) || ancestor.type.startsWith('Class') || ancestor.type === 'MethodDefinition') && name?.endsWith('Sync') === true) return true;
  }
  return false;
}

/** `assert.throws(fn, (err) => ...)` and friends call their callbacks synchronously. */
function isAssertion<N extends AstNode>(callee: N, tree: Tree<N>): boolean {
  const specifier = resolveModuleMember(callee, tree)?.specifier;
  if (specifier === undefined) return false;
  return bareSpecifier(specifier) === 'assert' || bareSpecifier(specifier) === 'assert/strict';
}

function promiseHandlerReason(method: string | undefined, index: number): AsyncContextReason | undefined {
  if (method === 'then' && index <= 1) return 'then';
  if (method === 'catch' && index === 0) return 'catch';
  if (method === 'finally' && index === 0) return 'finally';
  return undefined;
}

/** For a call of `setTimeout`/`setInterval`/`setImmediate` (global, or from `node:timers`), the timer's name. */
export function timerName<N extends AstNode>(callee: N, tree: Tree<N>): string | undefined {
  const name = identifierName(callee);
  if (name !== undefined && TIMER_FUNCTIONS.has(name) && isGlobalReference(callee, name, tree)) return name;
  const member = resolveModuleMember(callee, tree);
  const last = member?.path.length === 1 ? member.path[0] : undefined;
  return member !== undefined && bareSpecifier(member.specifier) === 'timers' && last !== undefined && TIMER_FUNCTIONS.has(last) ? last : undefined;
}

function isMicrotaskScheduler<N extends AstNode>(callee: N, tree: Tree<N>): boolean {
  if (isGlobalReference(callee, 'queueMicrotask', tree)) return true;
  if (!isMember(callee) || staticPropertyName(callee) !== 'nextTick') return false;
  return isGlobalReference(child(callee, 'object'), 'process', tree);
}

/**
 * `http.createServer(handler)`, and router registrations `app.get('/path', handler)`: a route string first and a
 * handler taking at least `(req, res)`.
 */
function isRequestHandler<N extends AstNode>(fn: N, call: N, index: number, method: string | undefined, tree: Tree<N>): boolean {
  const callee = calleeOf(call);
  const member = callee === undefined ? undefined : resolveModuleMember(callee, tree);
  if (member?.path.join('.') === 'createServer') {
    return SERVER_MODULES.has(bareSpecifier(member.specifier));
  }
  if (method === undefined || !ROUTE_METHODS.has(method) || paramsOf(fn).length < 2) return false;
  const [first] = argumentsOf(call);
  if (index === 0) return method === 'use';
  return first !== undefined && (stringValue(first) !== undefined || first.type === 'TemplateLiteral' || isRegExp(first));
}

function isRegExp(node: AstNode): boolean {
  return node.type === 'RegExpLiteral' || (node.type === 'Literal' && prop(node, 'regex') !== undefined);
}
