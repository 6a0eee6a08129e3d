/** Facts about a whole file that the converter reads once: assigned names, a local `Promise`, failure flags, lines. */

import { type AstNode, argumentsOf, child, children, identifierName, isNullish, prop } from '../../core/ast.js';
import { findDeclaration } from '../../core/scope.js';
import { type Tree, walk } from '../../core/tree.js';
import { boundNames } from '../utils/names.js';

/** Every name some assignment, update or for-in/of writes to, anywhere in the file. */
export function assignedNames(program: AstNode): Set<string> {
  const names = new Set<string>();
  walk(program, (node) => {
    if (node.type === 'AssignmentExpression') for (const name of boundNames(child(node, 'left'))) names.add(name);
    if (node.type === 'UpdateExpression') {
      const name = identifierName(child(node, 'argument'));
      if (name !== undefined) names.add(name);
    }
    return true;
  });
  return names;
}

export function declaresPromise(program: AstNode, tree: Tree): boolean {
  let declared = false;
  walk(program, (node) => {
    if (node.type === 'Identifier' && identifierName(node) === 'Promise' && findDeclaration(node, tree) !== undefined) declared = true;
    return !declared;
  });
  return declared;
}

/**
 * Variables declared `false` and only ever set to `true` right before an error is passed on (`failed = true;
 * return done(err);`): flags that record a callback already called with an error.
 */
export function failureFlags(program: AstNode): Set<string> {
  const declaredFalse = new Set<string>();
  const assignments = new Map<string, number>();
  const settingsBeforeError = new Map<string, number>();
  const add = (map: Map<string, number>, name: string): void => {
    map.set(name, (map.get(name) ?? 0) + 1);
  };
  walk(program, (node) => {
    const id = node.type === 'VariableDeclarator' ? child(node, 'id') : undefined;
    if (id?.type === 'Identifier' && prop(child(node, 'init') ?? node, 'value') === false) declaredFalse.add(identifierName(id) ?? '');
    if (node.type === 'AssignmentExpression') for (const name of boundNames(child(node, 'left'))) add(assignments, name);
    const body = node.type === 'BlockStatement' || node.type === 'Program' ? children(node, 'body') : [];
    body.forEach((statement, index) => {
      const assignment = statement.type === 'ExpressionStatement' ? child(statement, 'expression') : undefined;
      const right = assignment?.type === 'AssignmentExpression' && prop(assignment, 'operator') === '=' ? child(assignment, 'right') : undefined;
      const name = identifierName(child(assignment ?? statement, 'left'));
      if (name === undefined || right === undefined || prop(right, 'value') !== true) return;
      const next = body[index + 1];
      const call = next?.type === 'ReturnStatement' ? child(next, 'argument') : next?.type === 'ExpressionStatement' ? child(next, 'expression') : undefined;
      const [error] = call?.type === 'CallExpression' ? argumentsOf(call) : [];
      if (error !== undefined && !isNullish(error)) add(settingsBeforeError, name);
    });
    return true;
  });
  const flags = new Set<string>();
  for (const [name, count] of settingsBeforeError) if (declaredFalse.has(name) && assignments.get(name) === count) flags.add(name);
  return flags;
}

/** 1-based line of a character offset. */
export function lineFinder(source: string): (offset: number) => number {
  const starts = [0];
  for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}
