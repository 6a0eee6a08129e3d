import { type AstNode, argumentsOf, calleeOf, child, identifierName, isFunction, prop } from '../../core/ast.js';
import { continuationReferencedBy, getContinuationParameter, getTrailingErrorFirstCallback } from '../../core/callbacks.js';
import { indexParents, walk } from '../../core/tree.js';
import { isPromiseExecutor } from '../../core/promises.js';
import { isDualApiHelper, wrappedCallbackIndex } from './dual-api.js';
import { parseOrThrow } from './plain-parse.js';
import './child-keys.js'; // core's walks follow the parsers' own child keys

/** What is left of callback code in a module, and how many promise chains it has. */
export interface AsyncStyleCount {
  /** Functions whose last parameter is an error-first continuation, and calls that pass one (inline or forwarded). */
  readonly callbackSites: number;
  /** `.then(...)` calls. */
  readonly thenCalls: number;
  /** Promise chains: outermost `.then/.catch/.finally` calls (`p.then(f).catch(g)` is one). */
  readonly promiseChains: number;
  /** Functions declared `async`. */
  readonly asyncFunctions: number;
  /**
   * For every function passed to a call (a continuation), how many such functions enclose it, itself included:
   * `fs.readFile(p, () => fs.stat(q, () => ...))` has depths 1 and 2.
   */
  readonly continuationDepths: readonly number[];
}

const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

/** Deferrals call a callback later but are not callback APIs of their own. */
const DEFERRALS = new Set(['nextTick', 'setImmediate', 'setTimeout', 'queueMicrotask']);

/**
 * Counts a module's error-first callback sites, with core's recognition of continuations, so that code can be
 * counted before and after a migration (the callback programs' tests, `npm run verify:corpus`). The dual-API helper
 * the migration adds, and functions that only keep their callback API through it, are not counted.
 */
export function countAsyncStyle(source: string, file: string): AsyncStyleCount {
  // counting needs no printing: the plain tree, without recast's copy
  const fileNode = parseOrThrow(file, source);
  const program = child(fileNode, 'program') ?? fileNode;
  const tree = indexParents(program);
  let callbackSites = 0;
  let thenCalls = 0;
  let promiseChains = 0;
  let asyncFunctions = 0;
  walk(program, (node) => {
    if (isFunction(node) && prop(node, 'async') === true) asyncFunctions += 1;
    if (isDualApiHelper(node)) return false;
    if (isFunction(node) && !isPromiseExecutor(node, tree)) {
      const continuation = getContinuationParameter(node, tree);
      if (continuation !== undefined && wrappedCallbackIndex(node) === undefined) callbackSites += 1;
    }
    if (node.type === 'CallExpression') {
      const callee = calleeOf(node);
      const method = callee?.type === 'MemberExpression' && prop(callee, 'computed') !== true ? identifierName(child(callee, 'property')) : identifierName(callee);
      if (method === 'then') thenCalls += 1;
      if (method !== undefined && CHAIN_METHODS.has(method) && !continuesChain(node, tree)) promiseChains += 1;
      // Deferrals are not callback APIs, and `.then(ok, (err) => …)` hands its handlers to a promise.
      if (method !== undefined && (DEFERRALS.has(method) || CHAIN_METHODS.has(method))) return true;
      const last = argumentsOf(node).at(-1);
      const forwarded = last?.type === 'Identifier' && continuationReferencedBy(last, tree) !== undefined;
      if (forwarded || getTrailingErrorFirstCallback(node, tree) !== undefined) callbackSites += 1;
    }
    return true;
  });
  return { callbackSites, thenCalls, promiseChains, asyncFunctions, continuationDepths: continuationDepths(program, tree) };
}

/** `p.then(f)` inside `p.then(f).catch(g)`: a link of a longer chain. */
function continuesChain(call: AstNode, tree: ReturnType<typeof indexParents>): boolean {
  const member = tree.parentOf(call);
  const outer = member === undefined ? undefined : tree.parentOf(member);
  return member?.type === 'MemberExpression' && child(member, 'object') === call && outer?.type === 'CallExpression' && CHAIN_METHODS.has(identifierName(child(member, 'property')) ?? '');
}

function continuationDepths(program: AstNode, tree: ReturnType<typeof indexParents>): number[] {
  const depths: number[] = [];
  walk(program, (node) => {
    if (!isFunction(node) || !isCallArgument(node, tree)) return true;
    let depth = 1;
    for (let ancestor = tree.parentOf(node); ancestor !== undefined; ancestor = tree.parentOf(ancestor)) {
      if (isFunction(ancestor) && isCallArgument(ancestor, tree)) depth += 1;
    }
    depths.push(depth);
    return true;
  });
  return depths;
}

function isCallArgument(fn: AstNode, tree: ReturnType<typeof indexParents>): boolean {
  const parent = tree.parentOf(fn);
  return parent !== undefined && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && argumentsOf(parent).includes(fn);
}
