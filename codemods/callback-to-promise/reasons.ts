/** The fixed reasons `callback-to-promise` gives for a site it leaves alone, and the exception that carries one. */

/** Why a site was left as is. Fixed strings: users grep their reports for them, and the docs list each one. */
export const SKIP_REASONS = Object.freeze({
  syncCallback: 'calls back synchronously on some paths',
  notEveryPath: 'not every path calls back',
  codeAfterCallback: 'code runs after the callback is called',
  callbackEscapes: 'callback is stored or handed to unknown code',
  callbackInLoop: 'callback called from a loop or a listener',
  unconvertedCall: 'continues in the callback of a call that stays callback-based',
  callbackReassigned: 'callback parameter is reassigned (optional arguments)',
  rejoiningBranches: 'branches rejoin before calling back',
  repeatedErrors: 'every failing item calls back again (no failure flag)',
  lastItemOwnValues: 'the last item to finish uses values of its own before calling back',
  multipleValues: 'calls back with more than one value',
  mixedArity: 'calls back with a value on some paths and without one on others',
  unclearError: 'error argument is neither null nor an error',
  thisOrArguments: 'this or arguments in a callback',
  readsArguments: 'function reads arguments, which calls without the callback would change',
  callbackShape: 'callback has a default, a rest or a destructured parameter',
  ignoresError: 'callback ignores its error',
  errorOnSuccessPath: 'error used on the success path',
  resultOnErrorPath: 'result used on the error path',
  notErrorFirst: 'callback is not error-first',
  testDone: "a test framework's done callback",
  middleware: 'an Express-style middleware: next is not an error-first callback',
  noPromiseForm: 'API has no promise form that resolves to the same value',
  promisifyTarget: 'promisified function is not a module-level binding',
  returnValueUsed: "the call's return value is used",
  namedCallback: 'callback is neither the continuation nor an inline function',
  namedCallbackOnSuccess: 'callback passed by name to an API not known to call back with null and its values',
  asyncCallback: 'callback is an async function or a generator',
  unsupportedStatement: 'callback used inside a statement form the codemod does not rewrite',
  generator: 'function is a generator or already async',
  declaredReturnType: 'function declares its return type',
  shadowedPromise: 'Promise is a local name',
  wrapperMayThrow: 'the Promise executor turns a synchronous throw into a rejection, its promise twin would not',
} as const);

export type SkipReason = (typeof SKIP_REASONS)[keyof typeof SKIP_REASONS];

/** Thrown while planning a site; the site is left exactly as written and the reason reported. */
export class Skip extends Error {
  constructor(readonly reason: SkipReason) {
    super(reason);
  }
}
