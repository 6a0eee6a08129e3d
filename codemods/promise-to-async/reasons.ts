/** The fixed reasons `promise-to-async` gives for a site it leaves alone, and the exception that carries one. */

/** Why a site was left as is. Fixed strings: users grep their reports for them, and the docs list each one. */
export const SKIP_REASONS = Object.freeze({
  generator: 'inside a generator',
  cannotBeAsync: 'function cannot be async (constructor, getter or setter)',
  calledWithNew: 'function is called with new',
  returnType: 'declared return type is not a Promise',
  notAlwaysPromise: 'not every path returns a promise',
  syncThrow: 'a synchronous throw would become a rejection',
  promiseClass: 'returned promise may not be a native Promise',
  returnInTry: 'returned from inside try without await',
  optionalCall: 'optional call',
  thisInHandler: 'this or arguments in a function handler',
  methodReference: 'handler is a method reference',
  unknownHandler: 'handler may not be a function',
  handlerShape: 'handler takes more than one parameter, a default or a rest parameter',
  generatorHandler: 'generator handler',
  earlyReturn: 'handler returns before its end in the middle of a chain',
  twoHandlersMidChain: 'then(ok, fail) whose value is not returned',
  finallyShape: 'finally handler takes parameters or returns before its end',
  typedCatch: 'typed catch parameter',
  nameClash: 'a handler variable or label cannot be renamed',
  varInLoop: 'handler declares var and the chain is in a loop',
  executor: 'inside a new Promise executor',
  wrapper: 'new Promise wrapper does not settle exactly like its chain',
  assignmentTarget: 'assignment target is not a variable',
  notPromise: 'receiver is not a promise',
  inExpression: 'chain used inside an expression',
  topLevel: 'chain at module top level',
} as const);

export type SkipReason = (typeof SKIP_REASONS)[keyof typeof SKIP_REASONS];

/** Thrown while planning a site; nothing is mutated before a plan is complete, so a skip loses nothing. */
export class Skip extends Error {
  constructor(readonly reason: SkipReason) {
    super(reason);
  }
}
