/**
 * Asynchronous steps: calls that start an operation and call back once when it is over, each with the promise call
 * that does the same. Node core APIs come from core's table; the file's own functions that this run converts are
 * steps too. The promise call's callee may need an import or a `promisify` binding that does not exist yet, so it
 * is a placeholder identifier named only when a plan that uses it is committed.
 */

import { type AstNode, argumentsOf, calleeOf, child, identifierName, isLiteral, prop, skipWrappers } from '../../core/ast.js';
import { CALLS_BACK_NULL_THEN_RESULTS, type NodeApiEntry } from '../../core/node-api.js';
import { resolveNodeApi } from '../../core/resolve.js';
import { findDeclaration } from '../../core/scope.js';
import type { Tree } from '../../core/tree.js';
import { build, callOf, ident } from '../utils/syntax.js';
import { SKIP_REASONS, Skip } from './reasons.js';

/** A binding the committed plan needs: a core promise module's namespace or export, or a promisified function. */
export type BindingRequest =
  | { readonly kind: 'module'; readonly module: string; readonly name?: string; readonly preferredLocal: string }
  | { readonly kind: 'promisify'; readonly key: string; readonly target: AstNode; readonly preferredLocal: string; readonly anchor: AstNode };

/** An identifier to be named at commit, and what it must refer to. */
export interface Placeholder {
  readonly identifier: AstNode;
  readonly request: BindingRequest;
}

export interface Step {
  /** The promise that settles as the callback would have been called, built from the call's other arguments. */
  readonly promise: AstNode;
  /** Where the callback sits among the call's arguments. */
  readonly callback: AstNode;
  /** `(err, ...results)`; false for timers, whose callback gets no error. */
  readonly errorFirst: boolean;
  /** The callback's values after the error: one name resolves to that value, several to an object with these keys. */
  readonly results: readonly string[];
  readonly placeholders: readonly Placeholder[];
  /** What the call returned that a caller may use (`exec`'s ChildProcess), if anything. */
  readonly returns?: string;
  /** For a converted function of this file: that function, whose way of calling back a forwarding caller shares. */
  readonly forwardsTo?: AstNode;
  /** How it calls back on success, when `results` does not say: with no value (0) or one (1). */
  readonly arity?: 0 | 1;
  /**
   * On success it calls back with `null` and exactly its results (core's {@link CALLS_BACK_NULL_THEN_RESULTS}, and
   * the functions the run converts), so a named callback can be called the same way from the promise's handlers.
   */
  readonly nullOnSuccess?: true;
}

/** Methods that call their function argument many times: iteration, listeners, timers that repeat. */
export const REPEATING_METHODS: ReadonlySet<string> = new Set(['forEach', 'map', 'filter', 'some', 'every', 'reduce', 'find', 'on', 'addListener', 'addEventListener', 'prependListener', 'setInterval']);

/** Methods that take a function without being an error-first callback API: never trusted as one. */
export const NOT_CALLBACK_APIS: ReadonlySet<string> = new Set([
  ...REPEATING_METHODS,
  'once', 'prependOnceListener', 'removeListener', 'off', 'emit', 'then', 'catch', 'finally', 'reduceRight', 'findIndex',
  'sort', 'push', 'unshift', 'call', 'apply', 'bind', 'nextTick', 'setTimeout', 'setImmediate',
  'pipe', 'write', 'end', 'use', 'get', 'post', 'put', 'patch', 'delete', 'all', 'route', 'listen', 'close',
]);

/** Preferred local names for the promise modules, as people write them. */
const NAMESPACE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  'fs/promises': 'fsp',
  'dns/promises': 'dnsPromises',
  'stream/promises': 'streamPromises',
});

/**
 * The Node core call `call` as a step, undefined when its callee is not a core callback API. A core API that has
 * no faithful promise form, or whose callback is not error-first, is a skip: the call is a known operation that
 * cannot be rewritten.
 */
export function nodeApiStep(call: AstNode, tree: Tree, isAssigned: (name: string) => boolean): Step | undefined {
  const callee = calleeOf(call);
  if (callee === undefined) return undefined;
  const api = resolveNodeApi(callee, tree);
  if (api?.form !== 'callback' || api.entry.callback === undefined) return undefined;
  const { entry } = api;
  const args = argumentsOf(call);
  const shape = entry.callback;
  if (shape === undefined) return undefined;
  if (entry.module === 'timers') return timerStep(entry, args);
  if (!shape.errorFirst || shape.position !== 'last') throw new Skip(SKIP_REASONS.notErrorFirst);
  const callback = args.at(-1);
  if (callback === undefined || entry.promise === undefined) throw new Skip(SKIP_REASONS.noPromiseForm);
  const rest = args.slice(0, -1);
  // `dns.lookup(host, { all: true }, cb)` calls back with an array; only the plain form resolves to { address, family }
  if (entry.module === 'dns' && entry.name === 'lookup' && rest.length > 1 && !isNumber(rest[1])) {
    throw new Skip(SKIP_REASONS.noPromiseForm);
  }
  const twin = entry.promise;
  const nullOnSuccess = CALLS_BACK_NULL_THEN_RESULTS.has(`${entry.module}.${entry.name}`) ? { nullOnSuccess: true as const } : {};
  if (twin.kind === 'function' && entry.promiseResultDiffers !== true) {
    const bare = twin.module.replace(/^node:/, '');
    const namespace = ident('');
    const placeholders: Placeholder[] = [{ identifier: namespace, request: { kind: 'module', module: bare, preferredLocal: NAMESPACE_NAMES[bare] ?? 'promises' } }];
    const promise = callOf(build('MemberExpression', { object: namespace, property: ident(twin.name), computed: false }), rest);
    return { promise, callback, errorFirst: true, results: shape.results, placeholders, ...returnsOf(entry), ...nullOnSuccess };
  }
  if (shape.results.length > 1 && twin.kind !== 'promisify') throw new Skip(SKIP_REASONS.noPromiseForm);
  // util.promisify gives every callback API here its promise form, with Node's custom forms for several values
  const anchor = moduleLevelAnchor(callee, tree, isAssigned);
  if (anchor === undefined) throw new Skip(SKIP_REASONS.promisifyTarget);
  const promisified = ident('');
  const placeholders: Placeholder[] = [
    { identifier: promisified, request: { kind: 'promisify', key: `${entry.module}.${entry.name}`, target: callee, preferredLocal: `${entry.name}Async`, anchor } },
  ];
  return { promise: callOf(promisified, rest), callback, errorFirst: true, results: shape.results, placeholders, ...returnsOf(entry), ...nullOnSuccess };
}

function returnsOf(entry: NodeApiEntry): { returns?: string } {
  return entry.returns === undefined ? {} : { returns: entry.returns };
}

/** `setTimeout(fn, ms)` as `delay(ms)`, `setImmediate(fn)` as `setImmediate()` from `node:timers/promises`. */
function timerStep(entry: NodeApiEntry, args: AstNode[]): Step | undefined {
  const [callback, ...rest] = args;
  if (callback === undefined || entry.promise?.kind !== 'function') return undefined;
  const expected = entry.name === 'setTimeout' ? 1 : 0;
  if (rest.length !== expected) throw new Skip(SKIP_REASONS.noPromiseForm);
  const local = ident('');
  const preferredLocal = entry.name === 'setTimeout' ? 'delay' : 'immediate';
  const placeholders: Placeholder[] = [{ identifier: local, request: { kind: 'module', module: 'timers/promises', name: entry.promise.name, preferredLocal } }];
  return { promise: callOf(local, rest), callback, errorFirst: false, results: [], placeholders, ...returnsOf(entry) };
}

/**
 * The top-level statement after which `promisify(callee)` can be bound once for the file: the identifier the callee
 * starts from must be declared by a statement of the module itself (not inside a function or block), and never
 * assigned again.
 */
function moduleLevelAnchor(callee: AstNode, tree: Tree, isAssigned: (name: string) => boolean): AstNode | undefined {
  const root = rootIdentifier(callee);
  if (root === undefined) return undefined;
  const declaration = findDeclaration(root, tree);
  if (declaration === undefined || !['const', 'var', 'let', 'import'].includes(declaration.kind) || isAssigned(declaration.name)) return undefined;
  const statement = declaration.node.type === 'VariableDeclarator' || declaration.kind === 'import' ? tree.parentOf(declaration.node) : undefined;
  return statement !== undefined && tree.parentOf(statement)?.type === 'Program' ? statement : undefined;
}

/** `zlib` in `zlib.gzip`; `gzip` itself; undefined for computed or call-based callees. */
function rootIdentifier(callee: AstNode): AstNode | undefined {
  let current = skipWrappers(callee);
  while (current.type === 'MemberExpression' && prop(current, 'computed') !== true) {
    const object = child(current, 'object');
    if (object === undefined) return undefined;
    current = skipWrappers(object);
  }
  return identifierName(current) === undefined ? undefined : current;
}

function isNumber(node: AstNode | undefined): boolean {
  return isLiteral(node) && typeof prop(node ?? { type: '' }, 'value') === 'number';
}

/** The `async` control-flow library and its drop-in twin, whose calls the codemod can turn into promise code. */
export const ASYNC_LIBRARIES: ReadonlySet<string> = new Set(['async', 'neo-async']);
