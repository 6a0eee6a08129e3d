/**
 * The helper `callback-to-promise` adds once to a file whose converted functions keep their callback API: given a
 * callback it calls back as before, otherwise it returns the promise. `promise-to-async` knows it too, so that the
 * helper's own `.then` is neither converted nor reported.
 */

import { type AstNode, argumentsOf, calleeOf, child, children, identifierName, prop } from '../../core/ast.js';

export const DUAL_API_HELPER = 'promiseOrCallback';

const PARAMETERS = ['callback', 'makePromise', 'passesValue'];

/** The helper's leading comment, one line each. */
export const DUAL_API_HELPER_COMMENT: readonly string[] = [
  ' Calls back when given a callback, as the function did before it returned a promise (with `(null)` alone',
  ' where it passed no value); returns the promise otherwise.',
];

/** The helper's declaration, typed in TypeScript files. */
export function dualApiHelperSource(name: string, typescript: boolean): string {
  if (typescript) {
    // a method signature, so that callbacks typed with any error type (`Error | null`, `ErrnoException`) fit
    return `function ${name}<T>(callback: { call(error: unknown, value?: T): void }['call'] | undefined, makePromise: () => Promise<T>, passesValue = true): Promise<T> | undefined {\n  const promise = makePromise();\n  if (typeof callback !== 'function') return promise;\n  promise.then((value) => (passesValue ? callback(null, value) : callback(null)), (error: unknown) => callback(error));\n  return undefined;\n}`;
  }
  return `function ${name}(callback, makePromise, passesValue = true) {\n  const promise = makePromise();\n  if (typeof callback !== 'function') return promise;\n  promise.then((value) => (passesValue ? callback(null, value) : callback(null)), callback);\n}`;
}

/** Whether `fn` is the helper as `callback-to-promise` writes it (its name made unique, its parameters as written). */
export function isDualApiHelper(fn: AstNode): boolean {
  if (fn.type !== 'FunctionDeclaration' || identifierName(child(fn, 'id'))?.startsWith(DUAL_API_HELPER) !== true) return false;
  const names = children(fn, 'params').map((param) => identifierName(param.type === 'AssignmentPattern' ? (child(param, 'left') ?? param) : param));
  return names.length === PARAMETERS.length && names.every((name, index) => name === PARAMETERS[index]);
}

/**
 * For `function f(a, cb) { return promiseOrCallback(cb, () => ..., false?); }`, the index of `cb`, and whether it
 * calls back with a value.
 */
export function wrappedCallbackIndex(fn: AstNode): { index: number; arity: 0 | 1 } | undefined {
  const body = child(fn, 'body');
  const last = body?.type === 'BlockStatement' ? children(body, 'body').at(-1) : undefined;
  const call = last?.type === 'ReturnStatement' ? child(last, 'argument') : undefined;
  if (call === undefined || identifierName(calleeOf(call))?.startsWith(DUAL_API_HELPER) !== true) return undefined;
  const [first, , passesValue] = argumentsOf(call);
  const name = identifierName(first);
  const index = children(fn, 'params').findIndex((param) => identifierName(param) === name);
  return index === -1 ? undefined : { index, arity: passesValue !== undefined && prop(passesValue, 'value') === false ? 0 : 1 };
}
