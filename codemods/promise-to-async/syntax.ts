/** Small node builders and syntactic tests that `promise-to-async` reads both AST flavours with. */

import { type AstNode, child, children, identifierName, isLiteral, prop, staticPropertyName } from '../../core/ast.js';
import { build, expressionStatement, parenthesized } from '../utils/syntax.js';

export { assignedValue, build, callOf, declaration, expressionStatement, ident, isReassigned, usesOwnBinding } from '../utils/syntax.js';

const CHAIN_METHODS = new Set<string>(['then', 'catch', 'finally']);

/** Operands that bind more loosely than `await`, or than a declaration's `=`, and so need parentheses there. */
const LOOSER_THAN_UNARY = new Set([
  'AssignmentExpression',
  'SequenceExpression',
  'ConditionalExpression',
  'LogicalExpression',
  'BinaryExpression',
  'ArrowFunctionExpression',
  'YieldExpression',
  'TSAsExpression',
  'TSSatisfiesExpression',
]);

export function awaitOf(argument: AstNode): AstNode {
  return build('AwaitExpression', { argument: LOOSER_THAN_UNARY.has(argument.type) ? parenthesized(argument) : argument });
}

export function unwrapParentheses(node: AstNode | undefined): AstNode | undefined {
  let current = node;
  while (current?.type === 'ParenthesizedExpression') current = child(current, 'expression');
  return current;
}

export function isUndefinedValue(node: AstNode | undefined): boolean {
  if (node === undefined) return true;
  if (identifierName(node) === 'undefined') return true;
  if (node.type === 'NullLiteral' || (node.type === 'Literal' && prop(node, 'value') === null && prop(node, 'regex') === undefined)) return true;
  return false;
}

export function isChainCall(node: AstNode | undefined): boolean {
  if (node?.type !== 'CallExpression' || prop(node, 'optional') === true) return false;
  const callee = child(node, 'callee');
  if (callee?.type !== 'MemberExpression' || prop(callee, 'computed') === true || prop(callee, 'optional') === true) return false;
  return CHAIN_METHODS.has(identifierName(child(callee, 'property')) ?? '');
}

/** `p?.then(f)`, however the parser spells it (Babel: optional nodes; ESTree: a `ChainExpression` around them). */
export function isOptionalChainCall(node: AstNode | undefined): boolean {
  const call = node?.type === 'ChainExpression' ? child(node, 'expression') : node;
  if (call === undefined || (call.type !== 'OptionalCallExpression' && !(node?.type === 'ChainExpression' && call.type === 'CallExpression'))) return false;
  const callee = child(call, 'callee');
  return CHAIN_METHODS.has(identifierName(child(callee ?? call, 'property')) ?? '');
}

/** A value that is certainly not a thenable, so awaiting it would only cost a tick. */
export function cannotBeThenable(node: AstNode | undefined): boolean {
  if (node === undefined || isLiteral(node)) return true;
  switch (node.type) {
    case 'TemplateLiteral':
    case 'ArrayExpression':
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'UpdateExpression':
    case 'BinaryExpression':
    case 'UnaryExpression':
      return true;
    case 'ObjectExpression':
      // a spread, a computed key or `__proto__` could all supply a `then`
      return !children(node, 'properties').some((property) => {
        const key = staticPropertyName(property);
        return property.type.includes('Spread') || prop(property, 'computed') === true || key === 'then' || key === '__proto__';
      });
    case 'Identifier':
      return identifierName(node) === 'undefined';
    case 'LogicalExpression':
      return cannotBeThenable(child(node, 'left')) && cannotBeThenable(child(node, 'right'));
    case 'ConditionalExpression':
      return cannotBeThenable(child(node, 'consequent')) && cannotBeThenable(child(node, 'alternate'));
    case 'CallExpression':
      return isKnownPlainValueCall(node);
    default:
      return false;
  }
}

/** Built-ins whose result is never a thenable (JSON cannot hold a function): no `await` needed after them. */
const PLAIN_VALUE_FUNCTIONS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'isNaN', 'encodeURIComponent', 'decodeURIComponent']);
const PLAIN_VALUE_METHODS = new Map([
  ['JSON', new Set(['parse', 'stringify'])],
  ['Object', new Set(['keys', 'values', 'entries'])],
  ['Array', new Set(['isArray', 'from', 'of'])],
  ['Math', undefined],
  ['console', undefined],
  ['Number', new Set(['isInteger', 'isFinite', 'isNaN', 'parseFloat', 'parseInt'])],
]);

function isKnownPlainValueCall(call: AstNode): boolean {
  const callee = child(call, 'callee');
  const name = identifierName(callee);
  if (name !== undefined) return PLAIN_VALUE_FUNCTIONS.has(name);
  if (callee?.type !== 'MemberExpression' || prop(callee, 'computed') === true) return false;
  const object = identifierName(child(callee, 'object'));
  if (object === undefined || !PLAIN_VALUE_METHODS.has(object)) return false;
  // `JSON.parse(text, reviver)` returns whatever the reviver makes
  if (object === 'JSON' && children(call, 'arguments').length > 1) return false;
  const methods = PLAIN_VALUE_METHODS.get(object);
  return methods === undefined || methods.has(identifierName(child(callee, 'property')) ?? '');
}

/** Skips TS's value-preserving wrappers and parentheses; unlike core's skipWrappers, not an optional chain's. */
export function bare(node: AstNode | undefined): AstNode | undefined {
  let current = node;
  while (current !== undefined && ['ParenthesizedExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion'].includes(current.type)) {
    current = child(current, 'expression');
  }
  return current;
}

/** An expression evaluated only for its effects: nothing at all when it has none. */
export function sideEffectsOf(expression: AstNode): AstNode[] {
  const pure = isLiteral(expression) || ['Identifier', 'ArrowFunctionExpression', 'FunctionExpression'].includes(expression.type);
  return pure ? [] : [expressionStatement(expression)];
}
