import { type AstNode, argumentsOf, calledMethodName, calleeOf, child, isCall, isMember, skipWrappers, staticPropertyName } from './ast.js';
import { isGlobalReference } from './resolve.js';
import type { Tree } from './tree.js';

/**
 * Promise recognition shared by rules and codemods: chains, constructions and the `Promise` statics, read from
 * syntax and from what `Promise` refers to (a local class named `Promise` is not the global).
 */

export type ChainMethod = 'then' | 'catch' | 'finally';

const CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** The statics whose result is a promise; the combinators settle from the promises they are given. */
export const PROMISE_COMBINATORS: ReadonlySet<string> = new Set(['all', 'allSettled', 'any', 'race']);
const PROMISE_STATICS: ReadonlySet<string> = new Set([...PROMISE_COMBINATORS, 'resolve', 'reject', 'try', 'withResolvers']);

/** For `x.then(...)`, `x?.catch(...)`, `x.finally(...)`: the method; otherwise undefined. */
export function chainMethod(call: AstNode): ChainMethod | undefined {
  if (!isCall(call)) return undefined;
  const method = calledMethodName(call);
  return method !== undefined && CHAIN_METHODS.has(method) ? (method as ChainMethod) : undefined;
}

/** The object a chain link is called on: `p` in `p.then(f)`. */
export function chainReceiver<N extends AstNode>(call: N): N | undefined {
  const callee = calleeOf(call);
  return callee !== undefined && isMember(callee) ? child(callee, 'object') : undefined;
}

/** The outermost link of the chain that `call` belongs to: `p.then(a).catch(b)` from the `then` call. */
export function outermostChainLink<N extends AstNode>(call: N, tree: Tree<N>): N {
  let current = call;
  for (;;) {
    const member = parentSkippingWrappers(current, tree);
    const object = member !== undefined && isMember(member) ? child(member, 'object') : undefined;
    if (member === undefined || object === undefined || skipWrappers(object) !== current) return current;
    const next = parentSkippingWrappers(member, tree);
    if (next === undefined || chainMethod(next) === undefined || calleeOf(next) !== member) return current;
    current = next;
  }
}

/** The links of a chain from its innermost call outwards, with the expression the chain starts from. */
export function chainLinks<N extends AstNode>(outermost: N): { origin: N; links: N[] } {
  const links: N[] = [];
  let current: N = skipWrappers(outermost);
  while (isCall(current) && chainMethod(current) !== undefined) {
    links.unshift(current);
    const receiver = chainReceiver(current);
    if (receiver === undefined) break;
    current = skipWrappers(receiver);
  }
  return { origin: current, links };
}

function parentSkippingWrappers<N extends AstNode>(node: N, tree: Tree<N>): N | undefined {
  let parent = tree.parentOf(node);
  while (parent !== undefined && (parent.type === 'ChainExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'ParenthesizedExpression')) {
    parent = tree.parentOf(parent);
  }
  return parent;
}

/** `new Promise(...)` with the global `Promise`. */
export function isPromiseConstruction<N extends AstNode>(node: N, tree: Tree<N>): boolean {
  return node.type === 'NewExpression' && isGlobalReference(calleeOf(node), 'Promise', tree);
}

/** `Promise.all(...)`, `Promise.resolve(...)`...: the static's name, with the global `Promise`. */
export function promiseStatic<N extends AstNode>(call: N, tree: Tree<N>): string | undefined {
  if (!isCall(call)) return undefined;
  const callee = calleeOf(call);
  if (callee === undefined || !isMember(callee) || !isGlobalReference(child(callee, 'object'), 'Promise', tree)) return undefined;
  const name = staticPropertyName(callee);
  return name !== undefined && PROMISE_STATICS.has(name) ? name : undefined;
}

/** The handlers of a chain link: `[onFulfilled, onRejected]` for `then`, `[undefined, onRejected]` for `catch`. */
export function chainHandlers<N extends AstNode>(link: N): { fulfilled: N | undefined; rejected: N | undefined; settled: N | undefined } {
  const [first, second] = argumentsOf(link);
  switch (chainMethod(link)) {
    case 'then':
      return { fulfilled: first, rejected: second, settled: undefined };
    case 'catch':
      return { fulfilled: undefined, rejected: first, settled: undefined };
    case 'finally':
      return { fulfilled: undefined, rejected: undefined, settled: first };
    default:
      return { fulfilled: undefined, rejected: undefined, settled: undefined };
  }
}
