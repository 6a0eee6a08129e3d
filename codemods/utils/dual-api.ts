/**
 * The helper `callback-to-promise` adds once to a file whose converted functions keep their callback API: given a
 * callback it calls back as before, otherwise it returns the promise. `promise-to-async` knows it too, so that the
 * helper's own `.then` is neither converted nor reported.
 */

import { type AstNode, child, children, identifierName } from '../../core/ast.js';

export const DUAL_API_HELPER = 'promiseOrCallback';

const PARAMETERS = ['callback', 'makePromise'];

export const DUAL_API_HELPER_COMMENT = ' Calls back when given a callback, as before the migration to promises; returns the promise otherwise.';

/** The helper's declaration, typed in TypeScript files. */
export function dualApiHelperSource(name: string, typescript: boolean): string {
  if (typescript) {
    // a method signature, so that callbacks typed with any error type (`Error | null`, `ErrnoException`) fit
    return `function ${name}<T>(callback: { call(error: unknown, value?: T): void }['call'] | undefined, makePromise: () => Promise<T>): Promise<T> | undefined {\n  const promise = makePromise();\n  if (typeof callback !== 'function') return promise;\n  promise.then((value) => callback(null, value), (error: unknown) => callback(error));\n  return undefined;\n}`;
  }
  return `function ${name}(callback, makePromise) {\n  const promise = makePromise();\n  if (typeof callback !== 'function') return promise;\n  promise.then((value) => callback(null, value), callback);\n}`;
}

/** Whether `fn` is the helper as `callback-to-promise` writes it (its name made unique, its parameters as written). */
export function isDualApiHelper(fn: AstNode): boolean {
  if (fn.type !== 'FunctionDeclaration' || identifierName(child(fn, 'id'))?.startsWith(DUAL_API_HELPER) !== true) return false;
  const names = children(fn, 'params').map((param) => identifierName(param));
  return names.length === PARAMETERS.length && names.every((name, index) => name === PARAMETERS[index]);
}
