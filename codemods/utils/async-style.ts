import jscodeshift from 'jscodeshift';
import { type AstNode, argumentsOf, calleeOf, child, identifierName, isFunction, prop } from '../../core/ast.js';
import { continuationReferencedBy, getContinuationParameter, getTrailingErrorFirstCallback } from '../../core/callbacks.js';
import { indexParents, walk } from '../../core/tree.js';
import { isPromiseExecutor } from '../../core/promises.js';
import { isDualApiHelper, wrappedCallbackIndex } from './dual-api.js';

/** What is left of callback code in a module, and how many promise chains it has. */
export interface AsyncStyleCount {
  /** Functions whose last parameter is an error-first continuation, and calls that pass one (inline or forwarded). */
  readonly callbackSites: number;
  /** `.then(...)` calls. */
  readonly thenCalls: number;
}

/** Deferrals call a callback later but are not callback APIs of their own. */
const DEFERRALS = new Set(['nextTick', 'setImmediate', 'setTimeout', 'queueMicrotask']);

/**
 * Counts a module's error-first callback sites, with core's recognition of continuations, so that code can be
 * counted before and after a migration (the callback programs' tests, `npm run verify:corpus`). The dual-API helper
 * the migration adds, and functions that only keep their callback API through it, are not counted.
 */
export function countAsyncStyle(source: string, file: string): AsyncStyleCount {
  const parser = /\.[cm]?tsx?$/.test(file) ? 'tsx' : 'babel';
  const root = jscodeshift.withParser(parser)(source);
  const fileNode = (root.get() as { node: AstNode }).node;
  const program = child(fileNode, 'program') ?? fileNode;
  const tree = indexParents(program);
  let callbackSites = 0;
  let thenCalls = 0;
  walk(program, (node) => {
    if (isDualApiHelper(node)) return false;
    if (isFunction(node) && !isPromiseExecutor(node, tree)) {
      const continuation = getContinuationParameter(node, tree);
      if (continuation !== undefined && wrappedCallbackIndex(node) === undefined) callbackSites += 1;
    }
    if (node.type === 'CallExpression') {
      const callee = calleeOf(node);
      const method = callee?.type === 'MemberExpression' && prop(callee, 'computed') !== true ? identifierName(child(callee, 'property')) : identifierName(callee);
      if (method === 'then') thenCalls += 1;
      if (method !== undefined && DEFERRALS.has(method)) return true;
      const last = argumentsOf(node).at(-1);
      const forwarded = last?.type === 'Identifier' && continuationReferencedBy(last, tree) !== undefined;
      if (forwarded || getTrailingErrorFirstCallback(node, tree) !== undefined) callbackSites += 1;
    }
    return true;
  });
  return { callbackSites, thenCalls };
}
