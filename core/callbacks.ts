import {
  type AstNode,
  argumentsOf,
  calleeOf,
  child,
  children,
  identifierName,
  isCall,
  isFunction,
  isMember,
  isNullish,
  paramIdentifier,
  paramsOf,
  skipWrappers,
} from './ast.js';
import { resolveNodeApi, resolveNodeApiMethod } from './resolve.js';
import { findDeclaration, referencesTo } from './scope.js';
import { type Tree, isAncestorOf, walk } from './tree.js';

/**
 * Error-first callbacks, recognised by how functions are used: handed last to an API known to call back with
 * `(err, ...results)`, or a parameter its function invokes as `cb(err)` / `cb(null, value)`. Names help only where
 * use says nothing, and they come from one frozen default list that options extend.
 */
export interface CallbackConventions {
  /** Parameter names that are continuations whenever their function invokes or forwards them. */
  readonly callbackNames: readonly string[];
  /** Parameter names that hold an error when they come first in a callback. */
  readonly errorNames: readonly string[];
}

export const DEFAULT_CONVENTIONS: CallbackConventions = Object.freeze({
  callbackNames: Object.freeze(['cb', 'callback', 'done', 'next']),
  errorNames: Object.freeze(['err', 'error']),
});

/** The defaults plus the names a user adds through a rule's or codemod's options; the defaults stay frozen. */
export function extendConventions(extra: Partial<CallbackConventions> = {}): CallbackConventions {
  // Nothing added: the defaults themselves, whose answers core keeps per function and shares between rules.
  if ((extra.callbackNames?.length ?? 0) === 0 && (extra.errorNames?.length ?? 0) === 0) return DEFAULT_CONVENTIONS;
  return Object.freeze({
    callbackNames: Object.freeze(unique([...DEFAULT_CONVENTIONS.callbackNames, ...(extra.callbackNames ?? [])])),
    errorNames: Object.freeze(unique([...DEFAULT_CONVENTIONS.errorNames, ...(extra.errorNames ?? [])])),
  });
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/** Why a function was taken for an error-first callback. */
export type CallbackEvidence =
  /** Passed last to a Node API whose callback is error-first (`fs.readFile(p, cb)`). */
  | 'node-api'
  /** Passed in the continuation position of a function declared in the same file. */
  | 'local-function'
  /** Its first parameter is used as an error: tested and then acted on, thrown, or handed on first. */
  | 'error-parameter';

export interface ErrorFirstCallback<N extends AstNode> {
  readonly callback: N;
  readonly evidence: CallbackEvidence;
}

/** The error-first callback passed last to `call`, if there is one. */
export function getTrailingErrorFirstCallback<N extends AstNode>(
  call: N,
  tree: Tree<N>,
  conventions: CallbackConventions = DEFAULT_CONVENTIONS,
): ErrorFirstCallback<N> | undefined {
  const args = argumentsOf(call);
  const last = args.at(-1);
  if (last === undefined) return undefined;
  const callback = skipWrappers(last);
  if (!isFunction(callback)) return undefined;
  const callee = calleeOf(call);
  if (callee !== undefined) {
    const api = resolveNodeApi(callee, tree) ?? resolveNodeApiMethod(callee, tree);
    if (api !== undefined && (api.form === 'callback' || api.form === 'sync')) {
      const shape = api.entry.callback;
      if (shape?.errorFirst === true && shape.position === 'last') return { callback, evidence: 'node-api' };
      return undefined; // a known API whose callback is not error-first (`fs.exists`, timers, listeners)
    }
    const local = localFunctionOf(callee, tree);
    const continuation = local === undefined ? undefined : getContinuationParameter(local, tree, conventions);
    if (continuation?.index === args.length - 1) return { callback, evidence: 'local-function' };
  }
  return takesErrorFirst(callback, tree, conventions) ? { callback, evidence: 'error-parameter' } : undefined;
}

/**
 * True when the function's first parameter is an error by use (tested then acted upon, thrown, or passed on as an
 * error) or, failing any use, by one of the conventional error names.
 */
export function takesErrorFirst<N extends AstNode>(fn: N, tree: Tree<N>, conventions: CallbackConventions = DEFAULT_CONVENTIONS): boolean {
  const [first] = paramsOf(fn);
  const id = first === undefined ? undefined : paramIdentifier(first);
  const name = identifierName(id);
  if (id === undefined || name === undefined) return false;
  if (conventions.errorNames.includes(name)) return true;
  return referencesTo(fn, id, tree).some((reference) => {
    const parent = tree.parentOf(reference);
    if (parent?.type === 'ThrowStatement') return true;
    return parent?.type === 'IfStatement' && child(parent, 'test') === reference && exits(child(parent, 'consequent'));
  });
}

/** A statement that leaves the function (or hands control on) when it runs: return, throw, or a block ending so. */
function exits(statement: AstNode | undefined): boolean {
  if (statement === undefined) return false;
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (statement.type === 'BlockStatement') return exits(children(statement, 'body').at(-1));
  return false;
}

export interface ContinuationParameter<N extends AstNode> {
  readonly param: N;
  readonly name: string;
  readonly index: number;
  /** How the function uses it: invoked with an error or a null error first, or only invoked/forwarded by name. */
  readonly evidence: 'error-first-call' | 'forwarded-to-api' | 'name';
}

const continuationCache = new WeakMap<AstNode, ContinuationParameter<AstNode> | null>();

/**
 * The function's error-first continuation: its last parameter, when the function invokes it as `cb(err)`,
 * `cb(null, value)` or forwards it to an error-first API, or when it has a conventional callback name and is
 * invoked or forwarded at all.
 */
export function getContinuationParameter<N extends AstNode>(
  fn: N,
  tree: Tree<N>,
  conventions: CallbackConventions = DEFAULT_CONVENTIONS,
): ContinuationParameter<N> | undefined {
  if (conventions === DEFAULT_CONVENTIONS) {
    const cached = continuationCache.get(fn);
    if (cached !== undefined) return (cached ?? undefined) as ContinuationParameter<N> | undefined;
  }
  const result = findContinuation(fn, tree, conventions);
  if (conventions === DEFAULT_CONVENTIONS) continuationCache.set(fn, result ?? null);
  return result;
}

function findContinuation<N extends AstNode>(fn: N, tree: Tree<N>, conventions: CallbackConventions): ContinuationParameter<N> | undefined {
  const params = paramsOf(fn);
  const index = params.length - 1;
  const last = params[index];
  const param = last === undefined ? undefined : paramIdentifier(last);
  const name = identifierName(param);
  if (param === undefined || name === undefined) return undefined;
  let errorFirstCall = false;
  let valueFirstCall = false;
  let forwarded = false;
  let used = false;
  for (const reference of referencesTo(fn, param, tree)) {
    const parent = tree.parentOf(reference);
    if (parent === undefined || !isCall(parent)) continue;
    const args = argumentsOf(parent);
    if (calleeOf(parent) === reference) {
      used = true;
      const [first, ...rest] = args;
      if ((isNullish(first) && rest.length > 0) || (first !== undefined && rest.length === 0 && isErrorLike(first, tree, conventions))) {
        errorFirstCall = true;
      } else if (first !== undefined && !isNullish(first) && !isErrorLike(first, tree, conventions)) {
        valueFirstCall = true; // `callback(array[i])`: an iteratee or a plain listener, not an error-first continuation
      }
    } else if (args.includes(reference)) {
      used = true; // handed on: `setTimeout(done)`, `fs.readFile(p, cb)`
      if (args.at(-1) === reference && getCalleeErrorFirstShape(parent, tree)) forwarded = true;
    }
  }
  if (errorFirstCall) return { param, name, index, evidence: 'error-first-call' };
  if (forwarded) return { param, name, index, evidence: 'forwarded-to-api' };
  if (used && !valueFirstCall && conventions.callbackNames.includes(name)) return { param, name, index, evidence: 'name' };
  return undefined;
}

function getCalleeErrorFirstShape<N extends AstNode>(call: N, tree: Tree<N>): boolean {
  const callee = calleeOf(call);
  if (callee === undefined) return false;
  const api = resolveNodeApi(callee, tree) ?? resolveNodeApiMethod(callee, tree);
  return api?.form === 'callback' && api.entry.callback?.errorFirst === true;
}

/**
 * Whether an expression holds an error: a conventional or `...Error`/`...Err` name, a `catch` binding, or a
 * freshly made error (`new Error(...)`, `createError(...)`).
 */
export function isErrorLike<N extends AstNode>(node: N, tree: Tree<N>, conventions: CallbackConventions = DEFAULT_CONVENTIONS): boolean {
  const expression = skipWrappers(node);
  const name = identifierName(expression);
  if (name !== undefined) {
    if (conventions.errorNames.includes(name) || /(?:Error|Err)$/.test(name) || /^e(?:rr|rror)?\d*$/.test(name)) return true;
    return findDeclaration(expression, tree)?.kind === 'catch';
  }
  if (expression.type === 'NewExpression' || isCall(expression)) {
    const callee = calleeOf(expression);
    const calleeName = identifierName(callee) ?? (callee !== undefined && isMember(callee) ? identifierName(child(callee, 'property')) : undefined);
    return calleeName !== undefined && /Error$/i.test(calleeName);
  }
  return false;
}

/** For `callee` naming a function declared in this file, that function. */
function localFunctionOf<N extends AstNode>(callee: N, tree: Tree<N>): N | undefined {
  if (callee.type !== 'Identifier') return undefined;
  const declaration = findDeclaration(callee, tree);
  if (declaration === undefined) return undefined;
  if (declaration.kind === 'function' && isFunction(declaration.node)) return declaration.node;
  if ((declaration.kind === 'const' || declaration.kind === 'let' || declaration.kind === 'var') && declaration.path?.length === 0) {
    const init = child(declaration.node, 'init');
    const fn = init === undefined ? undefined : skipWrappers(init);
    return fn !== undefined && isFunction(fn) ? fn : undefined;
  }
  return undefined;
}

/**
 * For an identifier that names a function's continuation parameter (`cb` in `function f(x, cb) { ... cb(err) }`),
 * that function and its continuation; undefined for anything else.
 */
export function continuationReferencedBy<N extends AstNode>(
  identifier: N,
  tree: Tree<N>,
  conventions: CallbackConventions = DEFAULT_CONVENTIONS,
): { fn: N; continuation: ContinuationParameter<N> } | undefined {
  if (identifier.type !== 'Identifier') return undefined;
  const declaration = findDeclaration(identifier, tree);
  if (declaration?.kind !== 'parameter' || !isFunction(declaration.node)) return undefined;
  const continuation = getContinuationParameter(declaration.node, tree, conventions);
  return continuation?.param === declaration.id ? { fn: declaration.node, continuation } : undefined;
}

/**
 * The continuation of a function around `root` that code inside `root` (nested functions included) calls or passes
 * on: how a promise handler hands its result back to the callback world (`.then((v) => cb(null, v))`).
 */
export function outerContinuationUsedIn<N extends AstNode>(
  root: N,
  tree: Tree<N>,
  conventions: CallbackConventions = DEFAULT_CONVENTIONS,
): { fn: N; continuation: ContinuationParameter<N> } | undefined {
  let found: { fn: N; continuation: ContinuationParameter<N> } | undefined;
  walk(root, (node) => {
    if (found !== undefined) return false;
    if (node.type !== 'Identifier') return true;
    const referenced = continuationReferencedBy(node, tree, conventions);
    if (referenced !== undefined && referenced.continuation.param !== node && isAncestorOf(referenced.fn, root, tree)) found = referenced;
    return true;
  });
  return found;
}
