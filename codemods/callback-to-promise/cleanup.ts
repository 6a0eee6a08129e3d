/** What a conversion leaves behind and can go: bindings of core modules and of the `async` library nothing uses any more. */

import { type AstNode, argumentsOf, calleeOf, child, children, identifierName, prop } from '../../core/ast.js';
import { isCoreModuleSpecifier } from '../../core/node-api.js';
import { countNames } from '../utils/names.js';
import { ASYNC_LIBRARIES } from './steps.js';

/**
 * Bindings of core modules and of the `async` library that the rewrite left without a use (`const fs =
 * require('fs')` once every `fs.readFile` is `fsp.readFile`, `const async = require('async')` once its waterfall is a
 * chain): they go, since loading those modules does nothing else. Bindings that were unused before stay.
 */
export function removeImportsLeftUnused(program: AstNode, usesBefore: ReadonlyMap<string, number>): void {
  const usesAfter = countNames(program);
  const leftUnused = (local: AstNode | undefined): boolean => {
    const name = identifierName(local);
    return name !== undefined && (usesBefore.get(name) ?? 0) > 1 && usesAfter.get(name) === 1;
  };
  const body = prop(program, 'body') as AstNode[];
  for (let index = body.length - 1; index >= 0; index -= 1) {
    const statement = body[index];
    if (statement === undefined) continue;
    if (statement.type === 'ImportDeclaration') {
      const source = child(statement, 'source');
      const specifier = source === undefined ? undefined : prop(source, 'value');
      if (typeof specifier !== 'string' || !isRemovable(specifier)) continue;
      const specifiers = children(statement, 'specifiers');
      const kept = specifiers.filter((item) => !leftUnused(child(item, 'local')));
      if (kept.length === specifiers.length) continue;
      if (kept.length === 0) removeStatement(body, index);
      else (statement as unknown as { specifiers: AstNode[] }).specifiers = kept;
      continue;
    }
    if (statement.type !== 'VariableDeclaration') continue;
    const declarators = children(statement, 'declarations');
    const kept = declarators.filter((declarator) => {
      const init = child(declarator, 'init');
      const specifier = init?.type === 'CallExpression' && identifierName(calleeOf(init)) === 'require' ? prop(argumentsOf(init)[0] ?? init, 'value') : undefined;
      if (typeof specifier !== 'string' || !isRemovable(specifier)) return true;
      const id = child(declarator, 'id');
      if (id?.type === 'Identifier') return !leftUnused(id);
      if (id?.type !== 'ObjectPattern') return true;
      const properties = children(id, 'properties');
      const used = properties.filter((property) => !leftUnused(child(property, 'value')));
      if (used.length === properties.length) return true;
      if (used.length === 0) return false;
      (id as unknown as { properties: AstNode[] }).properties = used;
      return true;
    });
    if (kept.length === declarators.length) continue;
    if (kept.length === 0) removeStatement(body, index);
    else (statement as unknown as { declarations: AstNode[] }).declarations = kept;
  }
}

/** Takes a statement out of the list; comments attached to it (a file header, say) move to its neighbour. */
function removeStatement(body: AstNode[], index: number): void {
  const [removed] = body.splice(index, 1);
  const comments = removed === undefined ? undefined : (prop(removed, 'comments') as unknown[] | undefined);
  const neighbour = body[index] ?? body[index - 1];
  if (comments === undefined || comments.length === 0 || neighbour === undefined) return;
  const target = neighbour as unknown as { comments?: unknown[] };
  target.comments = [...comments, ...(target.comments ?? [])];
}

function isRemovable(specifier: string): boolean {
  return isCoreModuleSpecifier(specifier) || ASYNC_LIBRARIES.has(specifier);
}
