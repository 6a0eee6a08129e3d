/** Optional arguments shuffled in front of the callback: `if (typeof options === 'function') { cb = options; options = {}; }`. */

import { type AstNode, child, children, identifierName, prop } from '../../core/ast.js';
import type { ContinuationParameter } from '../../core/callbacks.js';
import { statementList } from './outcomes.js';

/** `if (typeof options === 'function') { callback = options; options = {}; }`: the optional argument and its default. */
export interface Shuffle {
  readonly statement: AstNode;
  /** What the optional parameter holds when it was left out: a literal, `{}` or `[]`, so a copy means the same. */
  readonly fallback: AstNode;
}

/**
 * The first statement of a function that takes its last-but-one parameter as optional: when it holds a function,
 * that is the callback and the parameter gets a default. Only this exact shape, with a default that a call site
 * can pass itself.
 */
export function optionalArgumentShuffle(fn: AstNode, continuation: ContinuationParameter<AstNode>, first: AstNode | undefined): Shuffle | undefined {
  const optional = identifierName(children(fn, 'params')[continuation.index - 1]);
  if (first?.type !== 'IfStatement' || optional === undefined || child(first, 'alternate') !== undefined) return undefined;
  if (!testsForLeftOutArgument(child(first, 'test'), optional, continuation.name)) return undefined;
  const consequent = child(first, 'consequent');
  // `{ cb = opts; opts = {}; }`, or the comma form `(cb = opts), (opts = {});`
  const assignments = statementList(consequent).flatMap((statement) => {
    const expression = statement.type === 'ExpressionStatement' ? child(statement, 'expression') : undefined;
    return expression?.type === 'SequenceExpression' ? children(expression, 'expressions') : [expression];
  });
  if (assignments.length !== 2) return undefined;
  const [toCallback, toDefault] = assignments;
  const assigns = (assignment: AstNode | undefined, target: string): AstNode | undefined =>
    assignment?.type === 'AssignmentExpression' && prop(assignment, 'operator') === '=' && identifierName(child(assignment, 'left')) === target ? child(assignment, 'right') : undefined;
  if (identifierName(assigns(toCallback, continuation.name)) !== optional) return undefined;
  const fallback = assigns(toDefault, optional);
  if (fallback === undefined || !isPlainDefault(fallback)) return undefined;
  return { statement: first, fallback };
}

/** `typeof opts === 'function'` (either way round), or `!cb`: the caller left the optional argument out. */
function testsForLeftOutArgument(test: AstNode | undefined, optional: string, continuation: string): boolean {
  if (test?.type === 'UnaryExpression' && prop(test, 'operator') === '!') return identifierName(child(test, 'argument')) === continuation;
  const operand = test?.type === 'BinaryExpression' && ['===', '=='].includes(String(prop(test, 'operator'))) ? typeofFunctionOperand(test) : undefined;
  return identifierName(operand) === optional;
}

function typeofFunctionOperand(test: AstNode): AstNode | undefined {
  for (const [operand, other] of [[child(test, 'left'), child(test, 'right')], [child(test, 'right'), child(test, 'left')]]) {
    if (operand?.type === 'UnaryExpression' && prop(operand, 'operator') === 'typeof' && (other?.type === 'StringLiteral' || other?.type === 'Literal') && prop(other, 'value') === 'function') {
      return child(operand, 'argument');
    }
  }
  return undefined;
}

/** A default a call site can write itself and get an equal fresh value: a literal, `{}`, `[]`, `undefined`. */
function isPlainDefault(node: AstNode): boolean {
  if (node.type === 'ObjectExpression') return children(node, 'properties').length === 0;
  if (node.type === 'ArrayExpression') return children(node, 'elements').length === 0;
  if (identifierName(node) === 'undefined') return true;
  return node.type !== 'TemplateLiteral' && node.type !== 'RegExpLiteral' && (node.type === 'Literal' ? prop(node, 'regex') === undefined : node.type.endsWith('Literal'));
}
