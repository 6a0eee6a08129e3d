/**
 * Functions that call back from event listeners, once: `stream.on('error', (err) => { if (done) return; done = true;
 * cb(err); }); stream.on('end', () => { if (done) return; done = true; cb(null, result); });`. The listeners stay
 * as they are and settle a promise instead: the body goes into `new Promise((resolve, reject) => { ... })`, with
 * `cb(err)` → `reject(err)` and `cb(null, v)` → `resolve(v)`. Exact because a flag makes every call of the callback
 * the first and last one, and because the body only declares plain values and registers listeners, so nothing in it
 * can throw where the executor would now catch it.
 */

import { type AstNode, argumentsOf, calleeOf, child, children, identifierName, isFunction, isLiteral, isNullish, prop } from '../../core/ast.js';
import { mentions } from '../utils/names.js';
import { build, callOf, copyWithReplacements, ident } from '../utils/syntax.js';
import { SKIP_REASONS, Skip } from './reasons.js';
import { statementList } from './outcomes.js';

const REGISTRATIONS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/**
 * The body as `return new Promise(...)`, or undefined when it is not made only of plain declarations and listener
 * registrations whose listeners settle once.
 */
export function listenerSettlement(
  body: readonly AstNode[],
  continuation: string,
  freshName: (base: string) => string,
): { statements: AstNode[]; successArities: Set<0 | 1> } | undefined {
  const flags = settledFlags(body);
  const settlers: AstNode[] = [];
  for (const statement of body) {
    if (isPlainDeclaration(statement, continuation)) continue;
    const listener = registeredListener(statement);
    if (listener === undefined) return undefined;
    if (mentions(listener, continuation)) settlers.push(listener);
  }
  if (settlers.length === 0) return undefined;
  // each listener that calls back must first check and set one flag, so that only the first call happens
  for (const listener of settlers) {
    const [check, set] = statementList(child(listener, 'body'));
    const flag = guardedFlag(check, set);
    if (flag === undefined || !flags.has(flag)) throw new Skip(SKIP_REASONS.callbackInLoop);
  }
  // an error event's argument is an error; any other value passed as the error could be null
  const errorArguments = new Set(settlers.map((listener) => identifierName(children(listener, 'params')[0]) ?? ''));
  const replacer = new CallReplacer(continuation, freshName('resolve'), freshName('reject'), errorArguments);
  const replaced = body.map((statement) => replacer.replace(statement));
  const executor = build('ArrowFunctionExpression', { params: [ident(replacer.resolve), ident(replacer.reject)], body: build('BlockStatement', { body: replaced }), async: false, expression: false });
  const statements = [build('ReturnStatement', { argument: build('NewExpression', { callee: ident('Promise'), arguments: [executor] }) })];
  return { statements, successArities: replacer.successArities };
}

/** `let done = false;` declarations of the body: the flags a listener may check. */
function settledFlags(body: readonly AstNode[]): Set<string> {
  const flags = new Set<string>();
  for (const statement of body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declarator of children(statement, 'declarations')) {
      const init = child(declarator, 'init');
      if (init !== undefined && prop(init, 'value') === false) flags.add(identifierName(child(declarator, 'id')) ?? '');
    }
  }
  return flags;
}

/** `if (done) return; done = true;` at the start of a listener: the flag's name. */
function guardedFlag(check: AstNode | undefined, set: AstNode | undefined): string | undefined {
  if (check?.type !== 'IfStatement' || child(check, 'alternate') !== undefined) return undefined;
  const flag = identifierName(child(check, 'test'));
  const [exit, ...others] = statementList(child(check, 'consequent'));
  if (flag === undefined || others.length > 0 || exit?.type !== 'ReturnStatement' || child(exit, 'argument') !== undefined) return undefined;
  const assignment = set?.type === 'ExpressionStatement' ? child(set, 'expression') : undefined;
  const sets = assignment?.type === 'AssignmentExpression' && identifierName(child(assignment, 'left')) === flag && prop(child(assignment, 'right') ?? assignment, 'value') === true;
  return sets ? flag : undefined;
}

/** A declaration whose values are literals, `[]`, `{}` or names: evaluating it cannot throw. */
function isPlainDeclaration(statement: AstNode, continuation: string): boolean {
  if (statement.type !== 'VariableDeclaration') return false;
  return children(statement, 'declarations').every((declarator) => {
    const init = child(declarator, 'init');
    if (child(declarator, 'id')?.type !== 'Identifier') return false;
    if (init === undefined || isLiteral(init)) return true;
    if (init.type === 'Identifier') return identifierName(init) !== continuation;
    return (init.type === 'ArrayExpression' && children(init, 'elements').length === 0) || (init.type === 'ObjectExpression' && children(init, 'properties').length === 0);
  });
}

/** `emitter.on('event', function (...) {...})` with a variable as the emitter: the listener. */
function registeredListener(statement: AstNode): AstNode | undefined {
  const call = statement.type === 'ExpressionStatement' ? child(statement, 'expression') : undefined;
  const callee = call === undefined ? undefined : calleeOf(call);
  if (call?.type !== 'CallExpression' || callee?.type !== 'MemberExpression' || prop(callee, 'computed') === true) return undefined;
  if (!REGISTRATIONS.has(identifierName(child(callee, 'property')) ?? '') || child(callee, 'object')?.type !== 'Identifier') return undefined;
  const [event, listener, ...others] = argumentsOf(call);
  if (!isLiteral(event) || listener === undefined || others.length > 0 || !isFunction(listener) || prop(listener, 'async') === true) return undefined;
  return listener;
}

/** Copies of statements with `cb(err)` as `reject(err)` and `cb(null, v)` / `cb()` as `resolve(v)`. */
class CallReplacer {
  readonly successArities = new Set<0 | 1>();

  constructor(
    private readonly continuation: string,
    readonly resolve: string,
    readonly reject: string,
    private readonly errorArguments: ReadonlySet<string>,
  ) {}

  replace(node: AstNode): AstNode {
    return copyWithReplacements(node, (inner) => {
      if (inner.type === 'CallExpression' && identifierName(calleeOf(inner)) === this.continuation) return this.settle(inner);
      if (inner.type === 'Identifier' && identifierName(inner) === this.continuation) throw new Skip(SKIP_REASONS.callbackEscapes);
      return undefined;
    });
  }

  private settle(call: AstNode): AstNode {
    const [first, ...values] = argumentsOf(call);
    if (values.length > 1) throw new Skip(SKIP_REASONS.multipleValues);
    if (first === undefined || isNullish(first)) {
      this.successArities.add(values.length === 0 ? 0 : 1);
      return callOf(ident(this.resolve), values);
    }
    const isError = first.type === 'NewExpression' || (first.type === 'Identifier' && this.errorArguments.has(identifierName(first) ?? ''));
    if (!isError || values.length > 0) throw new Skip(SKIP_REASONS.unclearError);
    return callOf(ident(this.reject), [first]);
  }
}
