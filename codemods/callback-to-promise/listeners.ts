/**
 * Functions that call back from event listeners, once: `stream.on('error', (err) => { if (done) return; done = true;
 * cb(err); }); stream.on('end', () => { if (done) return; done = true; cb(null, result); });`. The listeners stay
 * as they are and settle a promise instead: the registrations go into `new Promise((resolve, reject) => { ... })`,
 * with `cb(err)` → `reject(err)` and `cb(null, v)` → `resolve(v)`. Exact because a flag makes every call of the
 * callback the first and last one, because what runs before the registrations stays outside the executor (so what it
 * throws still reaches the caller), and because the executor's part only declares plain values and registers
 * listeners, so nothing in it can throw where the executor would now catch it.
 */

import { type AstNode, argumentsOf, calleeOf, child, children, identifierName, isFunction, isLiteral, isNullish, prop } from '../../core/ast.js';
import { walk } from '../../core/tree.js';
import { boundNames, mentions, namesDeclaredBy, visitVariables } from '../utils/names.js';
import { build, callOf, copyWithReplacements, ident, isReassigned } from '../utils/syntax.js';
import { SKIP_REASONS, Skip } from './reasons.js';
import { statementList } from './outcomes.js';

const REGISTRATIONS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** Methods that release an object (`rl.close()`, `input.destroy()`); they may emit its own events, nothing else. */
const CLEANUP_METHODS = new Set(['close', 'destroy', 'pause', 'resume', 'unref', 'removeAllListeners']);

/**
 * The body as `return new Promise(...)`, or undefined when it is not made of listener registrations whose listeners
 * settle once (directly, or through a finishing function such as `function finish(err) { if (done) return; done =
 * true; ... }`), after statements that do not call back. Those statements stay in front of the promise, so that what
 * they throw (`fs.createReadStream(123)`) still reaches the caller at once.
 */
export function listenerSettlement(
  body: readonly AstNode[],
  continuation: string,
  freshName: (base: string) => string,
): { statements: AstNode[]; successArities: Set<0 | 1> } | undefined {
  const flags = settledFlags(body);
  const finishers = finishingFunctions(body, continuation, flags);
  const settleNames = [continuation, ...finishers.keys()];
  const settles = (node: AstNode): boolean => mentionsAny(node, settleNames);
  const isFinisher = (statement: AstNode): boolean => finishers.has(identifierName(child(statement, 'id')) ?? '');
  const firstInside = body.findIndex((statement) => settles(statement) && !isFinisher(statement));
  if (firstInside === -1) return undefined;
  const before = body.slice(0, firstInside).filter((statement) => !isFinisher(statement));
  const inside = body.filter((statement) => !before.includes(statement));
  if (!before.every((statement) => /^(?:VariableDeclaration|ExpressionStatement|FunctionDeclaration)$/.test(statement.type))) return undefined;
  // what moves into the executor is out of reach of the statements left in front of it
  const moved = [...namesDeclaredBy(inside)];
  if (before.some((statement) => mentionsAny(statement, moved))) return undefined;
  const created = createdObjects(body);
  const knownErrors = new Set<AstNode>();
  const cleanups: AstNode[] = [];
  let settlers = 0;
  for (const statement of inside) {
    if (isFinisher(statement) || isPlainDeclaration(statement, continuation)) continue;
    const registration = registeredListener(statement);
    if (registration === undefined) return undefined;
    const { event, listener } = registration;
    if (!settles(listener)) continue;
    settlers++;
    const listenerBody = listenerStatements(listener);
    if (mentions(listener, continuation)) {
      // a listener that calls back itself must first check and set a flag, so that only the first call happens
      const flag = guardedFlag(listenerBody[0], listenerBody[1]);
      if (flag === undefined || !flags.has(flag)) throw new Skip(SKIP_REASONS.callbackInLoop);
      // only an error event's argument is known to be an error
      if (event === 'error') for (const call of callsWithOwnParameter(listener, continuation)) knownErrors.add(call);
    }
    if (settledThenContinues(listenerBody, settleNames, created, cleanups) === undefined) throw new Skip(SKIP_REASONS.codeAfterCallback);
  }
  if (settlers === 0) return undefined;
  for (const finisher of finishers.values()) {
    if (settledThenContinues(statementList(child(finisher, 'body')).slice(2), [continuation], created, cleanups) === undefined) throw new Skip(SKIP_REASONS.codeAfterCallback);
    for (const call of callsUnderOwnErrorTest(finisher, continuation)) knownErrors.add(call);
  }
  // Events can still come in the same tick once it settled, before the promise's handlers run (readline emits a
  // chunk's lines at once; `rl.close()` emits 'close' at once): listeners that do not stop at the flag must leave
  // alone what the callback gets, and when a listener cleans up after settling, every listener must stop or only settle.
  const listeners = body.flatMap((statement) => registeredListener(statement)?.listener ?? []);
  const busy = listeners.filter((listener) => !stopsAtFlag(listener, flags) && !onlySettles(listener, settleNames, created));
  const handedOver = settledValues(body, settleNames, continuation);
  if (busy.some((listener) => mentionsAny(listener, handedOver))) throw new Skip(SKIP_REASONS.codeAfterCallback);
  if (cleanups.length > 0 && busy.length > 0) throw new Skip(SKIP_REASONS.codeAfterCallback);
  const replacer = new CallReplacer(continuation, freshName('resolve'), freshName('reject'), knownErrors);
  const replaced = inside.map((statement) => replacer.replace(statement));
  const executor = build('ArrowFunctionExpression', { params: [ident(replacer.resolve), ident(replacer.reject)], body: build('BlockStatement', { body: replaced }), async: false, expression: false });
  const statements = [...before, build('ReturnStatement', { argument: build('NewExpression', { callee: ident('Promise'), arguments: [executor] }) })];
  return { statements, successArities: replacer.successArities };
}

/** A listener's statements; an arrow's expression body as one. */
function listenerStatements(listener: AstNode): AstNode[] {
  const body = child(listener, 'body');
  if (body === undefined) return [];
  return body.type === 'BlockStatement' ? children(body, 'body') : [build('ExpressionStatement', { expression: body })];
}

/** `if (done) return;` first: the listener does nothing once one of the flags is set. */
function stopsAtFlag(listener: AstNode, flags: ReadonlySet<string>): boolean {
  return flags.has(checkedFlag(listenerStatements(listener)[0]) ?? '');
}

/** A listener that only calls a finishing function and then cleans up (`(err) => { finish(err); rl.close(); }`). */
function onlySettles(listener: AstNode, settleNames: readonly string[], created: ReadonlySet<string>): boolean {
  return listenerStatements(listener).every(
    (statement) => (statement.type === 'ExpressionStatement' && isSettleCall(child(statement, 'expression'), settleNames)) || isLocalCleanup(statement, created),
  );
}

/**
 * The variables whose values the callback gets (`cb(null, lines)`, `finish(null, { lines })`), as they are when a
 * listener reads them later: variables holding a primitive (`let count = 0; count++`) are read at the call and left
 * out, and so are values made by a call at that moment (`Buffer.concat(chunks)`).
 */
function settledValues(body: readonly AstNode[], settleNames: readonly string[], continuation: string): string[] {
  const names = new Set<string>();
  for (const statement of body) {
    walk(statement, (node) => {
      if (node.type !== 'CallExpression' || !isSettleCall(node, settleNames)) return true;
      const args = argumentsOf(node);
      for (const argument of identifierName(calleeOf(node)) === continuation ? args.slice(1) : args) {
        walk(argument, (inner) => {
          if (inner.type === 'CallExpression' || inner.type === 'NewExpression' || isFunction(inner)) return false;
          const name = inner.type === 'Identifier' ? identifierName(inner) : undefined;
          if (name !== undefined) names.add(name);
          return true;
        });
      }
      return true;
    });
  }
  return [...names].filter((name) => !holdsPrimitive(body, name));
}

/** `let count = 0;` (a literal) that the body only ever changes to another primitive (`count++`, `count += n`, `count = 1`). */
function holdsPrimitive(body: readonly AstNode[], name: string): boolean {
  let declared = false;
  let primitive = true;
  for (const statement of body) {
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of children(statement, 'declarations')) {
        if (identifierName(child(declarator, 'id')) === name && child(declarator, 'id')?.type === 'Identifier') declared = isLiteral(child(declarator, 'init'));
      }
    }
    walk(statement, (node) => {
      if (node.type === 'AssignmentExpression' && boundNames(child(node, 'left')).includes(name)) {
        if (prop(node, 'operator') === '=' && !isLiteral(child(node, 'right'))) primitive = false;
      }
      return true;
    });
  }
  return declared && primitive;
}

/** Calls of the continuation in a listener with the listener's own first parameter, which nothing reassigns. */
function callsWithOwnParameter(listener: AstNode, continuation: string): AstNode[] {
  const param = children(listener, 'params')[0];
  const name = param?.type === 'Identifier' ? identifierName(param) : undefined;
  return name === undefined || isReassigned(listener, [name]) ? [] : callsWithFirstArgument(listener, continuation, name);
}

/** `continuation(name, ...)` calls under `root`, nested functions aside. */
function callsWithFirstArgument(root: AstNode, continuation: string, name: string): AstNode[] {
  const found: AstNode[] = [];
  walk(root, (node) => {
    if (node !== root && isFunction(node)) return false;
    const [first] = node.type === 'CallExpression' ? argumentsOf(node) : [];
    if (node.type === 'CallExpression' && identifierName(calleeOf(node)) === continuation && first?.type === 'Identifier' && identifierName(first) === name) found.push(node);
    return true;
  });
  return found;
}

/**
 * Function declarations of the body that call back only after checking and setting one of its flags (`function
 * finish(err) { if (done) return; done = true; if (err) return cb(err); cb(null, total); }`) and that the body
 * only calls (`finish(err)`): whichever listener calls one first settles, and no later call does anything.
 */
function finishingFunctions(body: readonly AstNode[], continuation: string, flags: ReadonlySet<string>): Map<string, AstNode> {
  const finishers = new Map<string, AstNode>();
  for (const statement of body) {
    const name = statement.type === 'FunctionDeclaration' ? identifierName(child(statement, 'id')) : undefined;
    if (name === undefined || prop(statement, 'async') === true || prop(statement, 'generator') === true || !mentions(statement, continuation)) continue;
    const [check, set] = statementList(child(statement, 'body'));
    const flag = guardedFlag(check, set);
    if (flag !== undefined && flags.has(flag) && onlyCalled(body, statement, name)) finishers.set(name, statement);
  }
  return finishers;
}

/** Whether every use of the function `name` in the statements (its declaration's own name aside) calls it. */
function onlyCalled(body: readonly AstNode[], declaration: AstNode, name: string): boolean {
  let uses = 0;
  let calls = 0;
  for (const statement of body) {
    visitVariables(statement, (identifier) => {
      if (identifierName(identifier) === name && identifier !== child(declaration, 'id')) uses++;
    }, name);
    walk(statement, (node) => {
      if (node.type === 'CallExpression' && calleeOf(node)?.type === 'Identifier' && identifierName(calleeOf(node)) === name) calls++;
      return true;
    });
  }
  return uses === calls;
}

/**
 * Reads a listener's (or finisher's) statements in order. After a statement that settles (`cb(...)`, `finish(...)`)
 * and lets the path go on, only cleanup of the function's own objects may follow (`rl.close(); input.destroy();`):
 * the callback used to run before it and the promise's handlers run after it, which nothing outside the function can
 * tell apart. Returns whether the list may end normally after settling; undefined when other code would follow.
 */
function settledThenContinues(list: readonly AstNode[], settleNames: readonly string[], locals: ReadonlySet<string>, cleanups: AstNode[]): boolean | undefined {
  const settles = (node: AstNode): boolean => mentionsAny(node, settleNames);
  let settled = false;
  for (const statement of list) {
    if (settled) {
      if (statement.type === 'ReturnStatement' && child(statement, 'argument') === undefined) return false;
      if (!isLocalCleanup(statement, locals) || settles(statement)) return undefined;
      cleanups.push(statement);
      continue;
    }
    if (!settles(statement)) continue;
    if (statement.type === 'ExpressionStatement' && isSettleCall(child(statement, 'expression'), settleNames)) {
      settled = true;
    } else if (statement.type === 'ReturnStatement' && isSettleCall(child(statement, 'argument'), settleNames)) {
      return false;
    } else if (statement.type === 'IfStatement' && !settles(child(statement, 'test') ?? statement)) {
      const branches = [child(statement, 'consequent'), child(statement, 'alternate')].map((branch) => (branch === undefined ? false : settledThenContinues(statementList(branch), settleNames, locals, cleanups)));
      if (branches.includes(undefined)) return undefined;
      settled = branches.includes(true);
    } else if (statement.type === 'BlockStatement') {
      const inner = settledThenContinues(children(statement, 'body'), settleNames, locals, cleanups);
      if (inner === undefined) return undefined;
      settled = inner;
    } else {
      return undefined;
    }
  }
  return settled;
}

function mentionsAny(node: AstNode, names: readonly string[]): boolean {
  return names.some((name) => mentions(node, name));
}

function isSettleCall(node: AstNode | undefined, settleNames: readonly string[]): boolean {
  const callee = node?.type === 'CallExpression' ? calleeOf(node) : undefined;
  return callee?.type === 'Identifier' && settleNames.includes(identifierName(callee) ?? '');
}

/**
 * Variables of the body that hold an object the function made itself (`new Thing()`, `fs.createReadStream(file)`,
 * `readline.createInterface(...)`): nothing outside the function holds them.
 */
function createdObjects(body: readonly AstNode[]): Set<string> {
  const created = new Set<string>();
  for (const statement of body) {
    if (statement.type !== 'VariableDeclaration' || prop(statement, 'kind') !== 'const') continue;
    for (const declarator of children(statement, 'declarations')) {
      const init = child(declarator, 'init');
      const id = child(declarator, 'id');
      if (init === undefined || id?.type !== 'Identifier') continue;
      const callee = init.type === 'CallExpression' ? calleeOf(init) : undefined;
      const factory = callee?.type === 'MemberExpression' ? identifierName(child(callee, 'property')) : identifierName(callee);
      if (init.type === 'NewExpression' || (factory !== undefined && /^create[A-Z]/.test(factory))) created.add(identifierName(id) ?? '');
    }
  }
  return created;
}

/** `rl.close();`, `input.destroy();`: a method call on an object the function made itself. */
function isLocalCleanup(statement: AstNode, locals: ReadonlySet<string>): boolean {
  const call = statement.type === 'ExpressionStatement' ? child(statement, 'expression') : undefined;
  if (call?.type !== 'CallExpression' || argumentsOf(call).length > 0) return false;
  const callee = calleeOf(call);
  if (callee?.type !== 'MemberExpression' || prop(callee, 'computed') === true) return false;
  const object = child(callee, 'object');
  return object?.type === 'Identifier' && locals.has(identifierName(object) ?? '') && CLEANUP_METHODS.has(identifierName(child(callee, 'property')) ?? '');
}

/** Calls of the continuation with a parameter of `fn` that an enclosing `if (param)` found truthy: errors. */
function callsUnderOwnErrorTest(fn: AstNode, continuation: string): AstNode[] {
  const params = new Set(children(fn, 'params').map((param) => (param.type === 'Identifier' ? (identifierName(param) ?? '') : '')));
  const found: AstNode[] = [];
  walk(fn, (node) => {
    if (node !== fn && isFunction(node)) return false;
    const test = node.type === 'IfStatement' ? child(node, 'test') : undefined;
    const tested = test?.type === 'Identifier' ? identifierName(test) : undefined;
    const consequent = child(node, 'consequent');
    if (tested !== undefined && consequent !== undefined && params.has(tested) && !isReassigned(fn, [tested])) found.push(...callsWithFirstArgument(consequent, continuation, tested));
    return true;
  });
  return found;
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
  const flag = checkedFlag(check);
  const assignment = set?.type === 'ExpressionStatement' ? child(set, 'expression') : undefined;
  const sets = assignment?.type === 'AssignmentExpression' && identifierName(child(assignment, 'left')) === flag && prop(child(assignment, 'right') ?? assignment, 'value') === true;
  return sets ? flag : undefined;
}

/** `if (done) return;`: the flag's name. */
function checkedFlag(check: AstNode | undefined): string | undefined {
  if (check?.type !== 'IfStatement' || child(check, 'alternate') !== undefined) return undefined;
  const [exit, ...others] = statementList(child(check, 'consequent'));
  if (others.length > 0 || exit?.type !== 'ReturnStatement' || child(exit, 'argument') !== undefined) return undefined;
  return identifierName(child(check, 'test'));
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

/** `emitter.on('event', function (...) {...})` with a variable as the emitter: the event and the listener. */
function registeredListener(statement: AstNode): { event: unknown; listener: AstNode } | undefined {
  const call = statement.type === 'ExpressionStatement' ? child(statement, 'expression') : undefined;
  const callee = call === undefined ? undefined : calleeOf(call);
  if (call?.type !== 'CallExpression' || callee?.type !== 'MemberExpression' || prop(callee, 'computed') === true) return undefined;
  if (!REGISTRATIONS.has(identifierName(child(callee, 'property')) ?? '') || child(callee, 'object')?.type !== 'Identifier') return undefined;
  const [event, listener, ...others] = argumentsOf(call);
  if (!isLiteral(event) || event === undefined || listener === undefined || others.length > 0 || !isFunction(listener) || prop(listener, 'async') === true) return undefined;
  return { event: prop(event, 'value'), listener };
}

/** Copies of statements with `cb(err)` as `reject(err)` and `cb(null, v)` / `cb()` as `resolve(v)`. */
class CallReplacer {
  readonly successArities = new Set<0 | 1>();

  constructor(
    private readonly continuation: string,
    readonly resolve: string,
    readonly reject: string,
    /** Calls whose error argument is known to be set: an 'error' event's own, or one a test found truthy. */
    private readonly knownErrors: ReadonlySet<AstNode>,
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
    const isError = first.type === 'NewExpression' || this.knownErrors.has(call);
    if (!isError || values.length > 0) throw new Skip(SKIP_REASONS.unclearError);
    return callOf(ident(this.reject), [first]);
  }
}
