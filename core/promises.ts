import {
  type AstNode,
  argumentsOf,
  calledMethodName,
  calleeOf,
  child,
  children,
  identifierName,
  isAsyncFunction,
  isCall,
  isFunction,
  isMember,
  isNullish,
  prop,
  skipWrappers,
  staticPropertyName,
} from './ast.js';
import { type CallbackConventions, type ContinuationParameter, DEFAULT_CONVENTIONS, outerContinuationUsedIn } from './callbacks.js';
import { PROMISE_TWIN_NAMES, bareSpecifier } from './node-api.js';
import { isGlobalReference, resolveModuleMember, resolveNodeApi } from './resolve.js';
import { findDeclaration, functionNamed } from './scope.js';
import { type Tree, ancestorsOf, containsOwn, walk } from './tree.js';

/**
 * Promise recognition shared by rules and codemods: chains, constructions and the `Promise` statics, read from
 * syntax and from what `Promise` refers to (a local class named `Promise` is not the global).
 */

export type ChainMethod = 'then' | 'catch' | 'finally';

const CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** The statics whose result is a promise; the combinators settle from the promises they are given. */
export const PROMISE_COMBINATORS: ReadonlySet<string> = new Set(['all', 'allSettled', 'any', 'race']);
const PROMISE_STATICS: ReadonlySet<string> = new Set([...PROMISE_COMBINATORS, 'resolve', 'reject', 'try', 'withResolvers']);

/** For `x.then(...)`, `x?.catch(...)`, `x.finally(...)`: the method; otherwise undefined. */
export function chainMethod(call: AstNode): ChainMethod | undefined {
  if (!isCall(call)) return undefined;
  const method = calledMethodName(call);
  return method !== undefined && CHAIN_METHODS.has(method) ? (method as ChainMethod) : undefined;
}

/** The object a chain link is called on: `p` in `p.then(f)`. */
export function chainReceiver<N extends AstNode>(call: N): N | undefined {
  const callee = calleeOf(call);
  return callee !== undefined && isMember(callee) ? child(callee, 'object') : undefined;
}

/** The outermost link of the chain that `call` belongs to: `p.then(a).catch(b)` from the `then` call. */
export function outermostChainLink<N extends AstNode>(call: N, tree: Tree<N>): N {
  let current = call;
  for (;;) {
    const member = parentSkippingWrappers(current, tree);
    const object = member !== undefined && isMember(member) ? child(member, 'object') : undefined;
    if (member === undefined || object === undefined || skipWrappers(object) !== current) return current;
    const next = parentSkippingWrappers(member, tree);
    if (next === undefined || chainMethod(next) === undefined || calleeOf(next) !== member) return current;
    current = next;
  }
}

/** The links of a chain from its innermost call outwards, with the expression the chain starts from. */
export function chainLinks<N extends AstNode>(outermost: N): { origin: N; links: N[] } {
  const links: N[] = [];
  let current: N = skipWrappers(outermost);
  while (isCall(current) && chainMethod(current) !== undefined) {
    links.unshift(current);
    const receiver = chainReceiver(current);
    if (receiver === undefined) break;
    current = skipWrappers(receiver);
  }
  return { origin: current, links };
}

function parentSkippingWrappers<N extends AstNode>(node: N, tree: Tree<N>): N | undefined {
  let parent = tree.parentOf(node);
  while (parent !== undefined && (parent.type === 'ChainExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'ParenthesizedExpression')) {
    parent = tree.parentOf(parent);
  }
  return parent;
}

/** `new Promise(...)` with the global `Promise`. */
export function isPromiseConstruction<N extends AstNode>(node: N, tree: Tree<N>): boolean {
  return node.type === 'NewExpression' && isGlobalReference(calleeOf(node), 'Promise', tree);
}

/** The executor of `new Promise((resolve, reject) => ...)`: its `reject(err)` is no error-first callback call. */
export function isPromiseExecutor<N extends AstNode>(fn: N, tree: Tree<N>): boolean {
  const parent = tree.parentOf(fn);
  return parent !== undefined && isPromiseConstruction(parent, tree) && argumentsOf(parent)[0] === fn;
}

/** `Promise.all(...)`, `Promise.resolve(...)`...: the static's name, with the global `Promise`. */
export function promiseStatic<N extends AstNode>(call: N, tree: Tree<N>): string | undefined {
  if (!isCall(call)) return undefined;
  const callee = calleeOf(call);
  if (callee === undefined || !isMember(callee) || !isGlobalReference(child(callee, 'object'), 'Promise', tree)) return undefined;
  const name = staticPropertyName(callee);
  return name !== undefined && PROMISE_STATICS.has(name) ? name : undefined;
}

/** The handlers of a chain link: `[onFulfilled, onRejected]` for `then`, `[undefined, onRejected]` for `catch`. */
export function chainHandlers<N extends AstNode>(link: N): { fulfilled: N | undefined; rejected: N | undefined; settled: N | undefined } {
  const [first, second] = argumentsOf(link);
  switch (chainMethod(link)) {
    case 'then':
      return { fulfilled: first, rejected: second, settled: undefined };
    case 'catch':
      return { fulfilled: undefined, rejected: first, settled: undefined };
    case 'finally':
      return { fulfilled: undefined, rejected: undefined, settled: first };
    default:
      return { fulfilled: undefined, rejected: undefined, settled: undefined };
  }
}

/**
 * Why an expression is known to hold a promise without type information, or undefined when nothing says so.
 * Rules and codemods ask this one question, so "is this a promise?" has one answer everywhere.
 */
export type PromiseSource =
  /** A call of an async function, arrow or method declared in this file (`this.save()` inside the class). */
  | 'async-function'
  /** A call of a plain function of this file that returns a promise on every `return`. */
  | 'promise-function'
  /** A promise-returning Node API (`fsp.readFile`, `fs.promises.stat`, `events.once`, a `util.promisify` result). */
  | 'node-api'
  /** A call of any function wrapped by `util.promisify`. */
  | 'promisified'
  /** `new Promise(...)`. */
  | 'construction'
  /** `Promise.all(...)` and the other statics that return a promise. */
  | 'static'
  /** A `.then`/`.catch`/`.finally` call. */
  | 'chain'
  /** `import(...)`. */
  | 'dynamic-import';

const MAX_PROMISE_DEPTH = 4;

/** See {@link PromiseSource}. Follows `const p = <promise>` bindings, so `p` itself is a promise. */
export function promiseSource<N extends AstNode>(node: N, tree: Tree<N>, depth = 0): PromiseSource | undefined {
  if (depth > MAX_PROMISE_DEPTH) return undefined;
  const expression = skipWrappers(node);
  switch (expression.type) {
    case 'NewExpression':
      return isPromiseConstruction(expression, tree) ? 'construction' : undefined;
    case 'ImportExpression':
      return 'dynamic-import';
    case 'AwaitExpression':
      return undefined;
    case 'Identifier':
      return constantInitializer(expression, tree, (init) => promiseSource(init, tree, depth + 1));
    default:
      return isCall(expression) ? callPromiseSource(expression, tree, depth) : undefined;
  }
}

function callPromiseSource<N extends AstNode>(call: N, tree: Tree<N>, depth: number): PromiseSource | undefined {
  if (chainMethod(call) !== undefined) return 'chain';
  const staticName = promiseStatic(call, tree);
  if (staticName !== undefined) return staticName === 'withResolvers' ? undefined : 'static';
  const callee = calleeOf(call);
  if (callee === undefined) return undefined;
  if (callee.type === 'Import') return 'dynamic-import';
  const fn = calledFunction(call, tree);
  if (fn !== undefined) return functionPromiseSource(fn, tree, depth);
  if (callee.type === 'Identifier') {
    const declaration = findDeclaration(callee, tree);
    // Globals other than the ones above are not known to return promises.
    if (declaration === undefined) return undefined;
    const init = declaration.kind === 'const' && declaration.path?.length === 0 ? child(declaration.node, 'init') : undefined;
    if (init !== undefined && isPromisifyCall(skipWrappers(init), tree)) return 'promisified';
    return isPromiseApi(callee, tree) ? 'node-api' : undefined;
  }
  if (!isMember(callee) || child(callee, 'object')?.type === 'ThisExpression') return undefined;
  // Only a promise twin's name can resolve to one: most method calls are settled by this lookup alone.
  const name = staticPropertyName(callee);
  return name !== undefined && PROMISE_TWIN_NAMES.has(name) && isPromiseApi(callee, tree) ? 'node-api' : undefined;
}

/**
 * The function a call runs, when the file says which: an IIFE, a function declared in scope or held by a `const`,
 * or a method of the enclosing class called on `this`.
 */
export function calledFunction<N extends AstNode>(call: N, tree: Tree<N>): N | undefined {
  const callee = calleeOf(call);
  if (callee === undefined) return undefined;
  if (isFunction(callee)) return callee;
  if (callee.type === 'Identifier') return functionNamed(callee, tree);
  return isMember(callee) && child(callee, 'object')?.type === 'ThisExpression' ? thisMethod(callee, tree) : undefined;
}

function isPromiseApi<N extends AstNode>(callee: N, tree: Tree<N>): boolean {
  const api = resolveNodeApi(callee, tree);
  return api?.form === 'promise' || api?.form === 'promisified';
}

/** `util.promisify(fn)` (or a destructured/imported `promisify`). */
export function isPromisifyCall<N extends AstNode>(node: N, tree: Tree<N>): boolean {
  const call = skipWrappers(node);
  if (!isCall(call)) return false;
  const callee = calleeOf(call);
  // `util.promisify` and `promisify` (however imported): other method names need no resolution.
  if (callee === undefined || (isMember(callee) && staticPropertyName(callee) !== 'promisify')) return false;
  const target = resolveModuleMember(callee, tree);
  return target !== undefined && bareSpecifier(target.specifier) === 'util' && target.path.join('.') === 'promisify';
}

const functionSources = new WeakMap<AstNode, PromiseSource | null>();

function functionPromiseSource<N extends AstNode>(fn: N | undefined, tree: Tree<N>, depth: number): PromiseSource | undefined {
  if (fn === undefined) return undefined;
  const known = functionSources.get(fn);
  if (known !== undefined) return known ?? undefined;
  const source = computeFunctionPromiseSource(fn, tree, depth);
  // Only complete answers are kept: deeper in a recursion, the depth limit may have cut the search short.
  if (depth === 0) functionSources.set(fn, source ?? null);
  return source;
}

function computeFunctionPromiseSource<N extends AstNode>(fn: N, tree: Tree<N>, depth: number): PromiseSource | undefined {
  if (prop(fn, 'generator') === true) return undefined;
  if (isAsyncFunction(fn)) return 'async-function';
  const returned = returnedExpressions(fn);
  if (returned === undefined || returned.length === 0) return undefined;
  return returned.every((expression) => expression !== undefined && promiseSource(expression, tree, depth + 1) !== undefined)
    ? 'promise-function'
    : undefined;
}

/**
 * What a function returns: the body of an expression-bodied arrow, or the argument of each of its own `return`
 * statements (undefined for a bare `return`). Undefined when the body can finish without returning a value.
 */
function returnedExpressions<N extends AstNode>(fn: N): (N | undefined)[] | undefined {
  const body = child(fn, 'body');
  if (body === undefined) return undefined;
  if (body.type !== 'BlockStatement') return [body];
  const last = children(body, 'body').at(-1);
  if (last?.type !== 'ReturnStatement' && last?.type !== 'ThrowStatement') return undefined;
  const returned: (N | undefined)[] = [];
  walk(body, (node) => {
    if (node !== body && isFunction(node)) return false;
    if (node.type === 'ReturnStatement') returned.push(child(node, 'argument'));
    return true;
  });
  return returned;
}

/** For an identifier bound once by `const x = <init>` (no destructuring), `read(init)`. */
function constantInitializer<N extends AstNode, T>(identifier: N, tree: Tree<N>, read: (init: N) => T | undefined): T | undefined {
  const declaration = findDeclaration(identifier, tree);
  if (declaration?.kind !== 'const' || declaration.path?.length !== 0) return undefined;
  const init = child(declaration.node, 'init');
  return init === undefined ? undefined : read(skipWrappers(init));
}

const CLASS_FIELDS = new Set(['PropertyDefinition', 'ClassProperty', 'ClassPrivateProperty', 'StaticBlock']);
const CLASS_METHODS = new Set(['MethodDefinition', 'ClassMethod', 'ClassPrivateMethod']);

/**
 * For `this.name` inside a class's method or field, the method or function-valued field `name` of that class
 * (matching static with static). Arrows see the `this` of their surroundings; other functions have their own.
 */
function thisMethod<N extends AstNode>(callee: N, tree: Tree<N>): N | undefined {
  if (!isMember(callee)) return undefined;
  const object = child(callee, 'object');
  const name = memberKeyName(callee);
  if (object?.type !== 'ThisExpression' || name === undefined) return undefined;
  let member: N | undefined;
  for (const ancestor of ancestorsOf(callee, tree)) {
    if (CLASS_FIELDS.has(ancestor.type) || CLASS_METHODS.has(ancestor.type)) {
      member = ancestor;
      break;
    }
    if (isFunction(ancestor) && ancestor.type !== 'ArrowFunctionExpression') {
      const parent = tree.parentOf(ancestor);
      member = parent !== undefined && CLASS_METHODS.has(parent.type) ? parent : undefined;
      break;
    }
  }
  const classBody = member === undefined ? undefined : tree.parentOf(member);
  if (member === undefined || classBody?.type !== 'ClassBody') return undefined;
  const isStatic = prop(member, 'static') === true;
  for (const candidate of children(classBody, 'body')) {
    if (prop(candidate, 'static') === true) {
      if (!isStatic) continue;
    } else if (isStatic) continue;
    if (memberKeyName(candidate) !== name || prop(candidate, 'computed') === true) continue;
    if (candidate.type === 'ClassMethod' || candidate.type === 'ClassPrivateMethod') return prop(candidate, 'kind') === 'method' ? candidate : undefined;
    const value = child(candidate, 'value');
    if (value !== undefined && isFunction(skipWrappers(value))) {
      return candidate.type === 'MethodDefinition' && prop(candidate, 'kind') !== 'method' ? undefined : skipWrappers(value);
    }
  }
  return undefined;
}

/** A member's or class element's key: `name`, or `#name` for private names (both flavours). */
function memberKeyName(node: AstNode): string | undefined {
  const key = child(node, 'property') ?? child(node, 'key');
  if (key?.type === 'PrivateIdentifier') return `#${String(prop(key, 'name'))}`;
  if (key?.type === 'PrivateName') return `#${identifierName(child(key, 'id')) ?? ''}`;
  return prop(node, 'computed') === true ? undefined : identifierName(key);
}

/**
 * True when an async function's promise can never reject: its whole body is one `try` whose `catch` does not
 * rethrow (and whose `finally`, if any, does not throw). Callers that ignore such a promise lose nothing.
 */
export function catchesEverything(fn: AstNode): boolean {
  const body = child(fn, 'body');
  const statements = body?.type === 'BlockStatement' ? children(body, 'body') : [];
  const [statement] = statements;
  if (statements.length !== 1 || statement?.type !== 'TryStatement') return false;
  const handler = child(statement, 'handler');
  const handlerBody = handler === undefined ? undefined : child(handler, 'body');
  const finalizer = child(statement, 'finalizer');
  const throws = (node: AstNode) => node.type === 'ThrowStatement';
  if (handlerBody === undefined || (finalizer !== undefined && containsOwn(finalizer, throws))) return false;
  return !containsOwn(handlerBody, throws);
}

/**
 * True when the chain ending in `link` routes rejections to a handler: its last link is `.catch(f)` or
 * `.then(ok, f)` (with `f` not `null`/`undefined`), or a `.finally` after such a link.
 */
export function chainHandlesRejection(link: AstNode): boolean {
  const method = chainMethod(link);
  const { rejected } = chainHandlers(link);
  if (rejected !== undefined && !isNullish(rejected)) return true;
  if (method !== 'finally') return false;
  const receiver = chainReceiver(link);
  const inner = receiver === undefined ? undefined : skipWrappers(receiver);
  return inner !== undefined && chainMethod(inner) !== undefined && chainHandlesRejection(inner);
}

/**
 * The error-first continuation of an enclosing function that a chain hands its value to, from any fulfilment or
 * `finally` handler: `load().then((v) => cb(null, v))` bridges back to the callback world through `cb`.
 */
export function continuationFedByChain<N extends AstNode>(
  outermost: N,
  tree: Tree<N>,
  conventions: CallbackConventions = DEFAULT_CONVENTIONS,
): ContinuationParameter<N> | undefined {
  for (const link of chainLinks(outermost).links) {
    const { fulfilled, settled } = chainHandlers(link);
    for (const handler of [fulfilled, settled]) {
      const used = handler === undefined ? undefined : outerContinuationUsedIn(handler, tree, conventions);
      if (used !== undefined) return used.continuation;
    }
  }
  return undefined;
}
