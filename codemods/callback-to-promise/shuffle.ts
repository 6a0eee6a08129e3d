/** Optional arguments shuffled in front of the callback: `if (typeof options === 'function') { cb = options; options = {}; }`. */

import { type AstNode, child, children, identifierName, prop } from '../../core/ast.js';
import type { ContinuationParameter } from '../../core/callbacks.js';
import { mentions, namesDeclaredBy } from '../utils/names.js';
import { canCompleteNormally, ownReturns } from '../utils/statements.js';
import { statementList } from './outcomes.js';

/** `if (typeof options === 'function') { callback = options; options = {}; }`: the optional argument and its default. */
export interface Shuffle {
  /** The statements kept as they are before the promise body: the shuffle, and any that come before it. */
  readonly statements: readonly AstNode[];
  /** What the optional parameter holds when it was left out: a literal, `{}` or `[]`, so a copy means the same. */
  readonly fallback: AstNode;
}

/**
 * The statement of a function's body that takes its last-but-one parameter as optional: when the caller left it out
 * (it holds the callback), that is the callback and the parameter gets a default. Only this exact shape, with a
 * default that a call site can pass itself. Statements before it may do anything but read either parameter or leave
 * the function: they run before it, as they did.
 */
export function optionalArgumentShuffle(fn: AstNode, continuation: ContinuationParameter<AstNode>, body: readonly AstNode[]): Shuffle | undefined {
  const optional = identifierName(children(fn, 'params')[continuation.index - 1]);
  if (optional === undefined) return undefined;
  const index = body.findIndex((statement) => statement.type === 'IfStatement' && testsForLeftOutArgument(child(statement, 'test'), optional, continuation.name));
  const shuffle = body[index];
  if (shuffle === undefined || child(shuffle, 'alternate') !== undefined) return undefined;
  const leading = body.slice(0, index);
  // the rest of the body moves into the promise's function: its declarations are no longer seen from before it
  const movedNames = namesDeclaredBy(body.slice(index + 1));
  const touches = (statement: AstNode): boolean =>
    mentions(statement, optional) || mentions(statement, continuation.name) || [...movedNames].some((name) => mentions(statement, name));
  if (leading.some((statement) => touches(statement) || ownReturns(statement).length > 0 || !canCompleteNormally([statement]))) return undefined;
  const consequent = child(shuffle, 'consequent');
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
  return { statements: body.slice(0, index + 1), fallback };
}

/**
 * Whether the test asks if the caller left the optional argument out: `typeof opts === 'function'` (either way
 * round), alone or joined with `&&` to `!cb` or `typeof cb !== 'function'`. A test of the callback alone would also
 * fire for a call that passes the option and no callback, as a promise caller does, and throw the option away.
 */
function testsForLeftOutArgument(test: AstNode | undefined, optional: string, continuation: string): boolean {
  const parts = conjuncts(test);
  const testsOptional = (part: AstNode): boolean => ['===', '=='].includes(String(prop(part, 'operator'))) && identifierName(typeofFunctionOperand(part)) === optional;
  const testsCallback = (part: AstNode): boolean =>
    (part.type === 'UnaryExpression' && prop(part, 'operator') === '!' && identifierName(child(part, 'argument')) === continuation) ||
    (['!==', '!='].includes(String(prop(part, 'operator'))) && identifierName(typeofFunctionOperand(part)) === continuation);
  return parts.some(testsOptional) && parts.every((part) => testsOptional(part) || testsCallback(part));
}


/** `a && b && c` as `[a, b, c]`; any other test as itself. */
function conjuncts(test: AstNode | undefined): AstNode[] {
  if (test === undefined) return [];
  if (test.type === 'LogicalExpression' && prop(test, 'operator') === '&&') return [...conjuncts(child(test, 'left')), ...conjuncts(child(test, 'right'))];
  return [test];
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
