/** A promise chain read as a head and its steps, with each handler classified (or refused with a reason). */

import { type AstNode, child, children, identifierName, isFunction, prop } from '../../core/ast.js';
import { ownReturns } from '../utils/statements.js';
import { countNames } from '../utils/names.js';
import { FileFacts, functionName } from './file-facts.js';
import { SKIP_REASONS, Skip } from './reasons.js';
import { bare, build, ident, isChainCall, isOptionalChainCall, isUndefinedValue, unwrapParentheses, usesOwnBinding } from './syntax.js';

type ChainMethod = 'then' | 'catch' | 'finally';

export type Handler =
  | { readonly kind: 'none' }
  | { readonly kind: 'literal'; readonly fn: AstNode }
  | { readonly kind: 'reference'; readonly expression: AstNode };

export interface Step {
  readonly method: ChainMethod;
  /** then: the fulfilment handler; catch and finally: their handler. */
  readonly first: Handler;
  /** then: the rejection handler. */
  readonly second: Handler;
}

export interface Chain {
  readonly head: AstNode;
  readonly steps: readonly Step[];
}

/** Global functions that ignore `this`, so `then(String)` and `String(value)` are the same call. */
const GLOBAL_FUNCTIONS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'Symbol', 'parseInt', 'parseFloat', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'structuredClone', 'queueMicrotask', 'setTimeout', 'setImmediate']);

/** Methods whose functions ignore `this` in Node (console methods are bound), so `then(console.log)` is safe. */
const UNBOUND_SAFE_OBJECTS = new Set(['console', 'JSON', 'Object', 'Array', 'Math', 'Number', 'String']);

/** Roots of chains that look like promises but are not (Cypress commands queue, they never settle like one). */
const NON_PROMISE_ROOTS = new Set(['cy', 'Cypress']);

function rootIdentifier(node: AstNode | undefined): string | undefined {
  let current = bare(node);
  while (current !== undefined && (current.type === 'MemberExpression' || current.type === 'CallExpression')) {
    current = bare(current.type === 'MemberExpression' ? child(current, 'object') : child(current, 'callee'));
  }
  return identifierName(current);
}

export function parseChain(outermost: AstNode, facts: FileFacts): Chain {
  if (!isChainCall(outermost)) throw new Skip(SKIP_REASONS.optionalCall);
  const steps: Step[] = [];
  let current: AstNode = outermost;
  while (isChainCall(current)) {
    const callee = child(current, 'callee');
    const method = identifierName(child(callee ?? current, 'property')) as ChainMethod;
    const args = children(current, 'arguments');
    if (args.some((arg) => arg.type === 'SpreadElement')) throw new Skip(SKIP_REASONS.unknownHandler);
    steps.unshift({ method, first: classifyHandler(args[0], facts), second: method === 'then' ? classifyHandler(args[1], facts) : { kind: 'none' } });
    const object = callee === undefined ? undefined : child(callee, 'object');
    if (object === undefined) break;
    current = object;
  }
  if (isOptionalChainCall(current)) throw new Skip(SKIP_REASONS.optionalCall);
  if (NON_PROMISE_ROOTS.has(rootIdentifier(current) ?? '')) throw new Skip(SKIP_REASONS.notPromise);
  // with types: a thenable whose `then` is not the standard one may not settle like a promise when awaited
  const start = prop(current, 'start');
  const end = prop(current, 'end');
  if (typeof start === 'number' && typeof end === 'number' && facts.types?.isStandardPromise(start, end) === false) {
    throw new Skip(SKIP_REASONS.notPromise);
  }
  return { head: current, steps };
}

function classifyHandler(arg: AstNode | undefined, facts: FileFacts): Handler {
  if (isUndefinedValue(arg) || arg === undefined) return { kind: 'none' };
  const handler = bare(arg) ?? arg;
  if (handler.type === 'ArrowFunctionExpression' || handler.type === 'FunctionExpression') {
    if (prop(handler, 'generator') === true) throw new Skip(SKIP_REASONS.generatorHandler);
    if (handler.type === 'FunctionExpression') {
      if (usesOwnBinding(handler)) throw new Skip(SKIP_REASONS.thisInHandler);
      const ownName = functionName(handler);
      if (ownName !== undefined && (countNames(child(handler, 'body') ?? handler).get(ownName) ?? 0) > 0) throw new Skip(SKIP_REASONS.thisInHandler);
    }
    const params = children(handler, 'params');
    const first = params[0];
    if (params.length > 1 || (first !== undefined && (first.type === 'AssignmentPattern' || first.type === 'RestElement' || first.type === 'TSParameterProperty'))) {
      throw new Skip(SKIP_REASONS.handlerShape);
    }
    return { kind: 'literal', fn: handler };
  }
  const name = identifierName(handler);
  if (name !== undefined) {
    const known = (facts.callableNames.has(name) && facts.isUnambiguous(name)) || (GLOBAL_FUNCTIONS.has(name) && facts.isUndeclared(name));
    if (!known) throw new Skip(SKIP_REASONS.unknownHandler);
    return { kind: 'reference', expression: handler };
  }
  if (handler.type === 'MemberExpression') {
    const object = identifierName(child(handler, 'object'));
    if (object !== undefined && UNBOUND_SAFE_OBJECTS.has(object) && facts.isUndeclared(object) && prop(handler, 'computed') !== true) {
      return { kind: 'reference', expression: handler };
    }
    throw new Skip(SKIP_REASONS.methodReference);
  }
  throw new Skip(SKIP_REASONS.unknownHandler);
}

/**
 * `new Promise((resolve, reject) => { chain })` where the chain only forwards its outcome: the chain itself, with
 * `resolve(x)` at the end of the last handler read as `return x`. Anything that could leave the wrapper pending, or
 * settle it differently from the chain, is refused.
 */
export function unwrapPromiseConstruction(construction: AstNode, facts: FileFacts): Chain {
  const executor = children(construction, 'arguments')[0];
  const unusual = executor === undefined || !isFunction(executor) || prop(executor, 'async') === true || prop(executor, 'generator') === true;
  // an async executor's throw never reaches the wrapper; a `function` executor may use its own `this`
  if (unusual || (executor.type === 'FunctionExpression' && usesOwnBinding(executor))) throw new Skip(SKIP_REASONS.wrapper);
  const [resolveParam, rejectParam] = children(executor, 'params');
  const resolveName = identifierName(resolveParam);
  const rejectName = identifierName(rejectParam);
  if (resolveName === undefined || rejectName === undefined) throw new Skip(SKIP_REASONS.wrapper);
  let body = child(executor, 'body');
  if (body?.type === 'BlockStatement') {
    const statements = children(body, 'body');
    const only = statements.length === 1 ? statements[0] : undefined;
    body = only?.type === 'ExpressionStatement' ? child(only, 'expression') : undefined;
  }
  const outermost = unwrapParentheses(body);
  if (outermost === undefined || !isChainCall(outermost)) throw new Skip(SKIP_REASONS.wrapper);
  const isParam = (node: AstNode | undefined, name: string): boolean => identifierName(bare(node)) === name;
  const forwardsTo = (node: AstNode | undefined, name: string): boolean => {
    if (isParam(node, name)) return true;
    // (e) => reject(e)
    const fn = bare(node);
    if (fn?.type !== 'ArrowFunctionExpression') return false;
    const param = identifierName(children(fn, 'params')[0]);
    const call = unwrapParentheses(child(fn, 'body'));
    return param !== undefined && call?.type === 'CallExpression' && isParam(child(call, 'callee'), name) && children(call, 'arguments').length === 1 && isParam(children(call, 'arguments')[0], param);
  };
  // Peel the links that settle the wrapper, from the outside in.
  let links: AstNode[] = [];
  for (let link: AstNode | undefined = outermost; link !== undefined && isChainCall(link); link = child(child(link, 'callee') ?? link, 'object')) {
    links.unshift(link);
  }
  const method = (link: AstNode): string => identifierName(child(child(link, 'callee') ?? link, 'property')) ?? '';
  const last = links.at(-1);
  if (last === undefined) throw new Skip(SKIP_REASONS.wrapper);
  let resolveStep: AstNode | undefined;
  if (method(last) === 'catch' && forwardsTo(children(last, 'arguments')[0], rejectName) && links.length >= 2) {
    resolveStep = links.at(-2);
    links = links.slice(0, -2);
  } else if (method(last) === 'then' && forwardsTo(children(last, 'arguments')[1], rejectName) && forwardsTo(children(last, 'arguments')[0], resolveName)) {
    // only `then(resolve, reject)`: with any other first handler, what it throws would never reach `reject`
    resolveStep = last;
    links = links.slice(0, -1);
  } else {
    throw new Skip(SKIP_REASONS.wrapper);
  }
  if (resolveStep === undefined || method(resolveStep) !== 'then') throw new Skip(SKIP_REASONS.wrapper);
  const resolveHandler = children(resolveStep, 'arguments')[0];
  const settledBy = forwardsTo(resolveHandler, resolveName) ? undefined : resolvingHandler(resolveHandler, resolveName);
  if (settledBy === null) throw new Skip(SKIP_REASONS.wrapper);
  // Neither settle function may be used anywhere else: the chain would no longer be all that settles the wrapper.
  const references = countNames(executor);
  const uses = (name: string): number => (references.get(name) ?? 0) - 1;
  const expectedResolve = 1;
  const expectedReject = 1;
  if (uses(resolveName) !== expectedResolve || uses(rejectName) !== expectedReject) throw new Skip(SKIP_REASONS.wrapper);
  const inner = links.at(-1);
  const head = inner ?? child(child(resolveStep, 'callee') ?? resolveStep, 'object');
  if (head === undefined) throw new Skip(SKIP_REASONS.wrapper);
  const chain = inner === undefined ? { head, steps: [] as Step[] } : parseChain(inner, facts);
  const steps = [...chain.steps];
  if (settledBy !== undefined) steps.push({ method: 'then', first: { kind: 'literal', fn: settledBy }, second: { kind: 'none' } });
  return { head: chain.head, steps };
}

/**
 * For `(v) => { ...; resolve(x); }` (or `(v) => resolve(x)`): an equivalent handler that returns `x` instead, or
 * null when the handler might not call `resolve` exactly once at its very end.
 */
function resolvingHandler(node: AstNode | undefined, resolveName: string): AstNode | null {
  const fn = bare(node);
  if (fn === undefined || (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') || children(fn, 'params').length > 1) return null;
  if (fn.type === 'FunctionExpression' && usesOwnBinding(fn)) return null;
  const resolveCall = (expression: AstNode | undefined): AstNode | undefined => {
    const call = unwrapParentheses(expression);
    if (call?.type !== 'CallExpression' || identifierName(child(call, 'callee')) !== resolveName) return undefined;
    const args = children(call, 'arguments');
    return args.length <= 1 ? (args[0] ?? ident('undefined')) : undefined;
  };
  const body = child(fn, 'body');
  if (body === undefined) return null;
  if (body.type !== 'BlockStatement') {
    const value = resolveCall(body);
    return value === undefined ? null : build('ArrowFunctionExpression', { params: children(fn, 'params'), body: value, async: prop(fn, 'async') === true, expression: true });
  }
  const statements = children(body, 'body');
  const tail = statements.at(-1);
  const value = tail?.type === 'ExpressionStatement' || tail?.type === 'ReturnStatement' ? resolveCall(child(tail, tail.type === 'ReturnStatement' ? 'argument' : 'expression')) : undefined;
  if (value === undefined || ownReturns(body).some((statement) => statement !== tail)) return null;
  const newBody = build('BlockStatement', { body: [...statements.slice(0, -1), build('ReturnStatement', { argument: value })] });
  return build('ArrowFunctionExpression', { params: children(fn, 'params'), body: newBody, async: prop(fn, 'async') === true, expression: false });
}
