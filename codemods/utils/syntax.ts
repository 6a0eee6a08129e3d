/** Node builders and syntactic facts the codemods share, for both AST flavours. */

import { type AstNode, child, identifierName, isFunction, prop } from '../../core/ast.js';
import { walk } from '../../core/tree.js';
import { boundNames } from './names.js';

export function ident(name: string): AstNode {
  return { type: 'Identifier', name } as AstNode;
}

export function build(type: string, fields: Record<string, unknown>): AstNode {
  return { type, ...fields };
}

/** `(expression)`, unless it already prints with its parentheses. */
export function parenthesized(expression: AstNode): AstNode {
  const extra = prop(expression, 'extra') as { parenthesized?: boolean } | undefined;
  return extra?.parenthesized === true ? expression : build('ParenthesizedExpression', { expression });
}

/** An initializer or assigned value: only a comma expression needs parentheses there. */
export function assignedValue(value: AstNode): AstNode {
  return value.type === 'SequenceExpression' ? parenthesized(value) : value;
}

/** A statement of one expression; `{`, `function` and `class` at its start would read as something else. */
export function expressionStatement(expression: AstNode): AstNode {
  const ambiguous = expression.type === 'ObjectExpression' || expression.type === 'FunctionExpression' || expression.type === 'ClassExpression';
  return build('ExpressionStatement', { expression: ambiguous ? parenthesized(expression) : expression });
}

export function declaration(kind: 'const' | 'let' | 'var', id: AstNode, init: AstNode | null): AstNode {
  return build('VariableDeclaration', { kind, declarations: [build('VariableDeclarator', { id, init: init === null ? null : assignedValue(init) })] });
}

export function callOf(callee: AstNode, args: AstNode[]): AstNode {
  return build('CallExpression', { callee, arguments: args });
}

/** Whether the function's own scope (arrows included) reads `this`, `arguments`, `super` or `new.target`. */
export function usesOwnBinding(fn: AstNode): boolean {
  let found = false;
  walk(fn, (node) => {
    if (found) return false;
    if (node !== fn && isFunction(node) && node.type !== 'ArrowFunctionExpression') return false;
    if (node.type === 'ThisExpression' || node.type === 'Super' || node.type === 'MetaProperty') found = true;
    if (identifierName(node) === 'arguments') found = true;
    return true;
  });
  return found;
}

/** Whether code in `fn` assigns to any of `names` (plain, destructuring, update or for-in/of assignment). */
export function isReassigned(fn: AstNode, names: readonly string[]): boolean {
  if (names.length === 0) return false;
  let found = false;
  walk(fn, (node) => {
    if (found) return false;
    if (node.type === 'AssignmentExpression') found = boundNames(child(node, 'left')).some((name) => names.includes(name));
    else if (node.type === 'UpdateExpression') found = names.includes(identifierName(child(node, 'argument')) ?? '');
    else if (node.type === 'ForInStatement' || node.type === 'ForOfStatement') {
      const left = child(node, 'left');
      found = left?.type !== 'VariableDeclaration' && boundNames(left).some((name) => names.includes(name));
    }
    return true;
  });
  return found;
}
