import path from 'node:path';
import type { API, FileInfo, Options } from 'jscodeshift';
import { type AstNode, argumentsOf, calleeOf, child, children, identifierName, isFunction, isLiteral, prop, skipWrappers } from '../core/ast.js';
import { type ContinuationParameter, getContinuationParameter, takesErrorFirst } from '../core/callbacks.js';
import { isCoreModuleSpecifier } from '../core/node-api.js';
import { isPromiseConstruction, isPromiseExecutor } from '../core/promises.js';
import { resolveModuleMember } from '../core/resolve.js';
import { findDeclaration, functionNamed } from '../core/scope.js';
import { type Tree, ancestorsOf, indexParents, walk } from '../core/tree.js';
import { plainParse } from './utils/plain-parse.js';
import { DUAL_API_HELPER, DUAL_API_HELPER_COMMENT, dualApiHelperSource, wrappedCallbackIndex } from './utils/dual-api.js';
import { jscodeshiftFor, parserForPath } from './index.js';
import { NameTable, boundNames, countNames, mentions } from './utils/names.js';
import { printTree } from './utils/print.js';
import { SKIP_REASONS, Skip, type SkipReason } from './callback-to-promise/reasons.js';
import { type ConvertedExports, RunModules, exportedFunctions } from './callback-to-promise/modules.js';
import { NOT_CALLBACK_APIS, type Placeholder, type Step, nodeApiStep } from './callback-to-promise/steps.js';
import { BindingNamer } from './callback-to-promise/bindings.js';
import { removeImportsLeftUnused } from './callback-to-promise/cleanup.js';
import { assignedNames, declaresPromise, failureFlags, lineFinder } from './callback-to-promise/file-facts.js';
import { listenerSettlement } from './callback-to-promise/listeners.js';
import { type Shuffle, optionalArgumentShuffle } from './callback-to-promise/shuffle.js';
import { ContinuationTranslator, type Translation, type TranslationContext, callbackStatements } from './callback-to-promise/translate.js';
import { build, callOf, ident, readsArguments, usesOwnBinding } from './utils/syntax.js';
import './utils/child-keys.js'; // core's walks follow the parsers' own child keys

export { SKIP_REASONS, type SkipReason };


/**
 * `callback-to-promise`: functions that finish by calling an error-first callback return a promise instead, and
 * Node core callback calls use their promise twins (see docs/codemods/callback-to-promise.md for the exact forms).
 * By default a converted function keeps its callback API as well (a dual API: it calls back when given a callback
 * and returns the promise otherwise); `api: 'promise'` drops the callback. Sites it cannot prove equivalent are left
 * as they are, each with one of {@link SKIP_REASONS} sent to `api.report`.
 */
export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  if (!CALLBACK_TEXT.test(file.source)) return undefined; // most files of a repository: never parsed
  const j = api.jscodeshift;
  const parse = (code: string): AstNode => {
    const parsed = (j(code).get() as { node: AstNode }).node;
    const [first] = children(child(parsed, 'program') ?? parsed, 'body');
    if (first === undefined) throw new Error(`nothing parsed from ${code}`);
    return first;
  };
  const apiOption = options.api === 'promise' ? 'promise' : 'dual';
  const trust: Trust = {
    api: apiOption,
    unknownCallees: options.unknownCallees === 'promisify' ? 'promisify' : 'keep',
    syncCallbacks: options.syncCallbacks === 'defer' ? 'defer' : 'keep',
  };
  const runFiles = Array.isArray(options.runFiles) ? runFileSet(options.runFiles) : undefined;
  const converterFor = (program: AstNode, report: (message: string) => void): FileConverter =>
    new FileConverter(program, {
      ...trust,
      typescript: /\.[cm]?tsx?$/.test(file.path),
      parseStatement: parse,
      lineAt: lineFinder(file.source),
      report,
      modules: new RunModules(file.path, runFiles, (other, source) => planExports(other, source, trust), JSON.stringify(trust)),
    });
  // Most files that mention callbacks convert nothing. A plain parse (without recast's copy of the tree, which only
  // printing needs) tells which; only the others are parsed again for printing. The plain tree is the same parser's.
  // Its reports are the ones given: the plain tree's offsets are the source's own.
  const plainFile = plainParse(file.path, file.source);
  const plain = plainFile === undefined ? undefined : (child(plainFile, 'program') ?? plainFile);
  const reports: string[] = [];
  const converted = plain === undefined ? undefined : converterFor(plain, (message) => reports.push(message)).run();
  for (const message of reports) api.report(message);
  if (converted === 0) return undefined;
  const root = j(file.source);
  const fileNode = (root.get() as { node: AstNode }).node;
  const converter = converterFor(child(fileNode, 'program') ?? fileNode, (message) => {
    if (plain === undefined) api.report(message);
  });
  if (converter.run() === 0) return undefined;
  return printTree(file.path, file.source, root);
}

const runFileSets = new WeakMap<readonly unknown[], ReadonlySet<string>>();

/** The run's files as a set, made once per run: the command passes the same list with every file. */
function runFileSet(list: readonly unknown[]): ReadonlySet<string> {
  let files = runFileSets.get(list);
  if (files === undefined) {
    files = new Set(list.filter((item): item is string => typeof item === 'string').map((item) => path.resolve(item)));
    runFileSets.set(list, files);
  }
  return files;
}

/** What another module of the run exports that converts (its own plan, made without looking at further modules). */
function planExports(file: string, source: string, trust: Trust): ConvertedExports {
  if (!CALLBACK_TEXT.test(source) && !source.includes(DUAL_API_HELPER)) return new Map();
  const parsed = plainParse(file, source);
  if (parsed === undefined) return new Map();
  const program = child(parsed, 'program') ?? parsed;
  const j = jscodeshiftFor(parserForPath(file));
  const parse = (code: string): AstNode => children(child((j(code).get() as { node: AstNode }).node, 'program') ?? program, 'body')[0] ?? program;
  // the same options as the run, which converts that module too: its plan must match what the run makes of it
  const converter = new FileConverter(program, { ...trust, typescript: false, parseStatement: parse, lineAt: () => 0, report: () => undefined, modules: undefined });
  return converter.exportPlan();
}

/** What the path reading says of a function whose listeners may call back once instead (see listeners.ts). */
const LISTENER_REASONS: ReadonlySet<SkipReason> = new Set([SKIP_REASONS.callbackInLoop, SKIP_REASONS.unconvertedCall, SKIP_REASONS.callbackEscapes]);

/** An error parameter, a conventional continuation name, or a `null` first argument: where callback code can be. */
const CALLBACK_TEXT = /\(\s*(?:err\w*|error|er|e)\s*[,)]|\b(?:cb|callback|done|next)\b|\(\s*null\s*[,)]/;

/** The user's options: the same for every file of a run. */
interface Trust {
  /** 'dual' keeps a callback API on every converted function that code outside the file may call. */
  readonly api: 'dual' | 'promise';
  /** 'promisify' trusts unknown functions called with an error-first callback to call it once, as util.promisify does. */
  readonly unknownCallees: 'keep' | 'promisify';
  /** 'defer' converts functions that call back synchronously on some paths: those paths settle the promise instead. */
  readonly syncCallbacks: 'keep' | 'defer';
}

interface ConverterOptions extends Trust {
  readonly typescript: boolean;
  readonly parseStatement: (code: string) => AstNode;
  readonly report: (message: string) => void;
  /** recast leaves some nodes without `loc`; every node has its `start` offset. */
  readonly lineAt: (offset: number) => number;
  /** The other modules of the run, whose converted exports are steps too; undefined when planning another module. */
  readonly modules: RunModules | undefined;
}

/** A converted function, planned: its promise body and how it keeps (or drops) its callback. */
interface FunctionPlan {
  readonly fn: AstNode;
  readonly continuation: ContinuationParameter<AstNode>;
  readonly statements: AstNode[];
  readonly placeholders: readonly Placeholder[];
  /** Statements kept before the promise body: the optional-argument shuffle, which must see the callback, and those before it. */
  readonly prelude: readonly AstNode[];
}

interface PlannedFunction extends FunctionPlan {
  readonly consumed: ReadonlySet<AstNode>;
  readonly successArities: ReadonlySet<0 | 1>;
  readonly forwardedTo: readonly AstNode[];
}

/**
 * How a planned function calls back on success, following the functions it forwards its callback to: 0 (no value),
 * 1 (one value) or 'mixed'. A function that never succeeds counts as 1.
 */
function successArity(plan: PlannedFunction, plans: ReadonlyMap<AstNode, PlannedFunction>, seen = new Set<AstNode>()): 0 | 1 | 'mixed' {
  seen.add(plan.fn);
  const arities = new Set(plan.successArities);
  for (const callee of plan.forwardedTo) {
    const forwarded = plans.get(callee);
    if (forwarded === undefined || seen.has(callee)) continue;
    const arity = successArity(forwarded, plans, seen);
    if (arity === 'mixed') return 'mixed';
    arities.add(arity);
  }
  if (arities.size > 1) return 'mixed';
  return arities.has(0) ? 0 : 1;
}

/** A free-standing call made for its effects: `api(args, (err, v) => ...)` → `twin(args).then(...)`. */
interface CallPlan {
  readonly statement: AstNode;
  readonly promise: AstNode;
  readonly placeholders: readonly Placeholder[];
}

/** Test framework functions whose function argument may take a `done` callback (mocha, jest, tap, ava...). */
const TEST_FUNCTIONS = new Set(['it', 'test', 'specify', 'before', 'after', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'suite', 'setup', 'teardown']);

/** `(req, res, next)` and `(err, req, res, next)`: Express, Connect and Koa v1 style handlers. */
function isMiddleware(fn: AstNode): boolean {
  const names = children(fn, 'params').map((param) => identifierName(param) ?? '');
  return names.length >= 3 && /^(?:req|request)$/.test(names.at(-3) ?? '') && /^(?:res|response|reply)$/.test(names.at(-2) ?? '');
}

/** A `new Promise` wrapper around a callback API, planned: the twin's promise that replaces it. */
interface WrapperPlan {
  readonly parent: AstNode;
  readonly wrapper: AstNode;
  readonly promise: AstNode;
  readonly placeholders: readonly Placeholder[];
  readonly consumed: ReadonlySet<AstNode>;
}

/** Promise modules whose functions are async functions (or return a rejected promise for bad arguments). */
const NEVER_THROWING_MODULES = new Set(['fs/promises', 'timers/promises']);

/** The chain's first call is a twin that rejects rather than throws, and its arguments cannot throw either. */
function cannotThrowSynchronously(promise: AstNode, placeholders: readonly Placeholder[]): boolean {
  let head = promise;
  for (;;) {
    const callee = calleeOf(head);
    if (callee?.type !== 'MemberExpression' || identifierName(child(callee, 'property')) !== 'then') break;
    const object = child(callee, 'object');
    if (object === undefined) return false;
    head = object;
  }
  // promisify's own wrapper calls the function inside its executor; child_process's custom forms call it outside
  const safeTwin = placeholders.length > 0 && placeholders.every(({ request }) => (request.kind === 'promisify' ? !request.key.startsWith('child_process.') : NEVER_THROWING_MODULES.has(request.module)));
  const plainArguments = head.type === 'CallExpression' && argumentsOf(head).every((arg) => arg.type === 'Identifier' || isLiteral(arg));
  return safeTwin && plainArguments;
}

/** Puts `replacement` where `original` is among `parent`'s children. */
function replaceChild(parent: AstNode, original: AstNode, replacement: AstNode): void {
  const record = parent as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === original) record[key] = replacement;
    else if (Array.isArray(value)) {
      const index = value.indexOf(original);
      if (index !== -1) value[index] = replacement;
    }
  }
}

/** Converts one file; `run` returns the number of sites converted. */
class FileConverter {
  private readonly tree: Tree;
  private readonly names: NameTable;
  private readonly assignedNames: Set<string>;
  private readonly context: TranslationContext;
  private readonly candidates = new Map<AstNode, ContinuationParameter<AstNode>>();
  /** The candidates still taken to convert while plans are made; a refusal removes one and plans are made again. */
  private readonly converting = new Set<AstNode>();
  private readonly reported = new Set<AstNode>();
  private readonly plannedNames = new Map<AstNode, Map<string, string>>();
  /** Converted bodies settle with `Promise.resolve/reject` and helpers rely on the global `Promise`. */
  private readonly promiseIsLocal: boolean;

  constructor(
    private readonly program: AstNode,
    private readonly options: ConverterOptions,
  ) {
    this.tree = indexParents(program);
    this.names = new NameTable(program);
    this.assignedNames = assignedNames(program);
    this.promiseIsLocal = declaresPromise(program, this.tree);
    this.context = {
      tree: this.tree,
      stepOf: (call) => this.stepOf(call),
      freshName: (base) => this.names.fresh(base),
      parseParameter: (text) => {
        const statement = options.parseStatement(`(${text}) => {};`);
        const param = children(child(statement, 'expression') ?? statement, 'params')[0];
        if (param === undefined) throw new Error(`no parameter in ${text}`);
        return param;
      },
      isAssigned: (name) => this.assignedNames.has(name),
      failureFlags: failureFlags(program),
      deferSyncCallbacks: options.syncCallbacks === 'defer',
    };
  }

  run(): number {
    this.findCandidates();
    const functionPlans = this.planFunctions();
    const consumed = new Set<AstNode>();
    for (const plan of functionPlans.values()) for (const call of plan.consumed) consumed.add(call);
    const wrapperPlans = this.planWrappers(consumed);
    for (const plan of wrapperPlans) for (const call of plan.consumed) consumed.add(call);
    const callPlans = this.planCalls(consumed, functionPlans);
    for (const plan of callPlans) consumed.add(child(plan.statement, 'expression') ?? plan.statement);
    if (functionPlans.size === 0 && callPlans.length === 0 && wrapperPlans.length === 0) return 0;
    const usesBefore = countNames(this.program);
    const bindings = new BindingNamer(this.program, this.tree, this.names, this.options.parseStatement);
    const privateFunctions = this.options.api === 'dual' ? this.privateFunctions([...functionPlans.keys()], consumed) : new Set<AstNode>();
    let helper: string | undefined;
    for (const plan of functionPlans.values()) {
      // a function that shuffles its optional arguments reads the callback to do so: it keeps its callback API
      const keepCallback = plan.prelude.length > 0 || (this.options.api === 'dual' && !privateFunctions.has(plan.fn));
      if (keepCallback) helper ??= this.names.fresh(DUAL_API_HELPER);
      commitFunction(plan, keepCallback ? helper : undefined, successArity(plan, functionPlans) === 0);
      bindings.name(plan.placeholders);
    }
    for (const plan of callPlans) {
      (plan.statement as unknown as { expression: AstNode }).expression = plan.promise;
      bindings.name(plan.placeholders);
    }
    for (const plan of wrapperPlans) {
      replaceChild(plan.parent, plan.wrapper, plan.promise);
      bindings.name(plan.placeholders);
    }
    // functions inside code that another plan rewrote (a waterfall's tasks) were committed too, but are not printed
    if (helper !== undefined && (countNames(this.program).get(helper) ?? 0) > 0) this.addHelper(helper);
    removeImportsLeftUnused(this.program, usesBefore);
    return functionPlans.size + callPlans.length + wrapperPlans.length;
  }

  /** The exports of this module that convert (or were converted by an earlier run), without changing anything. */
  exportPlan(): ConvertedExports {
    this.findCandidates();
    const plans = this.planFunctions();
    const converted = new Map<string, { index: number; converted: 'already' | 'in-run'; arity: 0 | 1 }>();
    for (const [key, fn] of exportedFunctions(this.program, this.tree)) {
      const plan = plans.get(fn);
      if (plan !== undefined) {
        converted.set(key, { index: plan.continuation.index, converted: 'in-run', arity: successArity(plan, plans) === 0 ? 0 : 1 });
        continue;
      }
      const wrapped = wrappedCallbackIndex(fn);
      if (wrapped !== undefined) converted.set(key, { ...wrapped, converted: 'already' });
    }
    return converted;
  }

  private report(node: AstNode, reason: SkipReason): void {
    if (this.reported.has(node)) return;
    this.reported.add(node);
    const start = prop(node, 'start');
    const line = typeof start === 'number' ? this.options.lineAt(start) : '?';
    this.options.report(`line ${String(line)}: left as is (${reason})`);
  }

  /** Every function whose last parameter is an error-first continuation, except ones this codemod already wrapped. */
  private findCandidates(): void {
    walk(this.program, (node) => {
      if (!isFunction(node) || node.type === 'TSDeclareFunction') return true;
      const continuation = isPromiseExecutor(node, this.tree) ? undefined : getContinuationParameter(node, this.tree);
      if (continuation?.index === children(node, 'params').length - 1 && !this.isWrapped(node, continuation.name)) {
        const notACallbackApi = this.isTestFunction(node) ? SKIP_REASONS.testDone : isMiddleware(node) ? SKIP_REASONS.middleware : undefined;
        if (notACallbackApi !== undefined) {
          this.report(node, notACallbackApi);
          return true;
        }
        this.candidates.set(node, continuation);
        this.converting.add(node);
      }
      return true;
    });
  }

  /** `it('works', (done) => ...)`, `beforeEach(function (done) {...})`: the test runner owns that callback. */
  private isTestFunction(fn: AstNode): boolean {
    const call = this.tree.parentOf(fn);
    if (call?.type !== 'CallExpression' || !argumentsOf(call).includes(fn)) return false;
    let callee = calleeOf(call);
    while (callee?.type === 'MemberExpression') callee = child(callee, 'object'); // it.only, test.skip
    return TEST_FUNCTIONS.has(identifierName(callee) ?? '');
  }

  /** `function f(a, cb) { ...; return promiseOrCallback(cb, () => ...); }`: the output of an earlier run. */
  private isWrapped(fn: AstNode, continuation: string): boolean {
    const wrapped = wrappedCallbackIndex(fn);
    return wrapped !== undefined && identifierName(children(fn, 'params')[wrapped.index]) === continuation;
  }

  /**
   * Plans every candidate, assuming the others convert too (so that calls between them are steps); a refusal takes
   * one out of that assumption and everything is planned again, until no plan changes.
   */
  private planFunctions(): Map<AstNode, PlannedFunction> {
    for (;;) {
      const plans = new Map<AstNode, PlannedFunction>();
      let refused = false;
      for (const fn of this.converting) {
        const continuation = this.candidates.get(fn);
        if (continuation === undefined) continue;
        try {
          plans.set(fn, this.planFunction(fn, continuation));
        } catch (error) {
          if (!(error instanceof Skip)) throw error;
          this.converting.delete(fn);
          this.report(fn, error.reason);
          refused = true;
        }
      }
      if (refused) continue;
      // a function that calls back with a value on some paths and without one on others cannot say which it did
      for (const [fn, plan] of plans) {
        if (successArity(plan, plans) !== 'mixed') continue;
        this.converting.delete(fn);
        this.report(fn, SKIP_REASONS.mixedArity);
        refused = true;
      }
      if (!refused) return plans;
    }
  }

  private planFunction(fn: AstNode, continuation: ContinuationParameter<AstNode>): PlannedFunction {
    if (prop(fn, 'async') === true || prop(fn, 'generator') === true) throw new Skip(SKIP_REASONS.generator);
    if (child(fn, 'returnType') !== undefined) throw new Skip(SKIP_REASONS.declaredReturnType);
    if (continuation.param !== children(fn, 'params').at(-1)) throw new Skip(SKIP_REASONS.callbackShape);
    if (readsArguments(fn)) throw new Skip(SKIP_REASONS.readsArguments);
    const body = callbackStatements(fn);
    const shuffle = optionalArgumentShuffle(fn, continuation, body);
    const statements = shuffle === undefined ? body : body.slice(shuffle.statements.length);
    if (statements.some((statement) => this.assignedInside(statement, continuation.name))) throw new Skip(SKIP_REASONS.callbackReassigned);
    if (this.promiseIsLocal) throw new Skip(SKIP_REASONS.shadowedPromise);
    const translation = this.translateFunctionBody(statements, continuation.name, this.namesFor(fn));
    return {
      fn,
      continuation,
      statements: translation.statements,
      placeholders: translation.placeholders,
      consumed: translation.consumed,
      prelude: shuffle?.statements ?? [],
      successArities: translation.successArities,
      forwardedTo: translation.forwardedTo,
    };
  }

  /**
   * Fresh names for the code planned for `owner`: the same ones each time it is planned again (a refusal elsewhere
   * makes the converter plan every function anew), so that refusals do not leave numbered names behind.
   */
  private namesFor(owner: AstNode): (base: string) => string {
    let known = this.plannedNames.get(owner);
    if (known === undefined) {
      known = new Map();
      this.plannedNames.set(owner, known);
    }
    const names = known;
    const asked = new Map<string, number>();
    return (base) => {
      const count = (asked.get(base) ?? 0) + 1;
      asked.set(base, count);
      const key = `${base}#${String(count)}`;
      let name = names.get(key);
      if (name === undefined) {
        name = this.names.fresh(base);
        names.set(key, name);
      }
      return name;
    };
  }

  /** The body as promise code: its paths, or failing that, listeners that each settle it once. */
  private translateFunctionBody(statements: readonly AstNode[], continuation: string, freshName: (base: string) => string): Translation {
    try {
      return new ContinuationTranslator({ ...this.context, freshName }, continuation).functionBody(statements);
    } catch (error) {
      if (!(error instanceof Skip) || !LISTENER_REASONS.has(error.reason)) throw error;
      const settled = listenerSettlement(statements, continuation, freshName);
      if (settled === undefined) throw error;
      return { ...settled, placeholders: [], consumed: new Set(), forwardedTo: [] };
    }
  }

  private assignedInside(fn: AstNode, name: string): boolean {
    let assigned = false;
    walk(fn, (node) => {
      if (node.type === 'AssignmentExpression' && boundNames(child(node, 'left')).includes(name)) assigned = true;
      return !assigned;
    });
    return assigned;
  }

  /** A step: a call of a function this run converts (without its callback), or a Node core callback API. */
  private stepOf(call: AstNode): Step | undefined {
    const local = this.convertedFunctionCalled(call);
    if (local !== undefined) {
      const args = argumentsOf(call);
      const callback = args.at(-1);
      const callee = calleeOf(call);
      if (callback === undefined || callee === undefined) return undefined;
      const values = args.slice(0, -1);
      if (args.length === local.continuation.index) {
        // `load(file, cb)` of `load(file, options, cb)`: the shuffle would have set options to its default
        if (local.shuffle === undefined) return undefined;
        values.push(local.shuffle.fallback);
      } else if (args.length !== local.continuation.index + 1) {
        return undefined;
      }
      return { promise: callOf(callee, values), callback, errorFirst: true, results: ['value'], placeholders: [], forwardsTo: local.fn, nullOnSuccess: true };
    }
    const callee = calleeOf(call);
    const exported = callee === undefined ? undefined : this.options.modules?.convertedCallee(callee, this.tree);
    if (callee !== undefined && exported !== undefined) {
      const args = argumentsOf(call);
      const callback = args.at(-1);
      if (callback === undefined || args.length !== exported.index + 1) return undefined;
      return { promise: callOf(callee, args.slice(0, -1)), callback, errorFirst: true, results: ['value'], placeholders: [], arity: exported.arity, nullOnSuccess: true };
    }
    const nodeApi = nodeApiStep(call, this.tree, (name) => this.assignedNames.has(name));
    if (nodeApi !== undefined || this.options.unknownCallees !== 'promisify') return nodeApi;
    return this.trustedStep(call);
  }

  /**
   * With `unknownCallees: 'promisify'`, a call of another package's function (`mkdirp(dir, cb)`, `db.query(sql, cb)`
   * with `db` from `require('mysql')`...) with an error-first callback, as `promisify(f)(...)`: the user asserts what
   * util.promisify assumes, that it calls back once. Never for this run's own modules or this file's functions
   * (their own analysis decided), nor for listener registrations, array methods or timers.
   */
  private trustedStep(call: AstNode): Step | undefined {
    const callee = calleeOf(call);
    const args = argumentsOf(call);
    const callback = args.at(-1);
    if (callee === undefined || callback === undefined) return undefined;
    const forwarded = callback.type === 'Identifier' && [...this.candidates.values()].some((continuation) => continuation.name === identifierName(callback));
    if (!forwarded && !(isFunction(callback) && takesErrorFirst(callback, this.tree))) return undefined;
    const member = resolveModuleMember(callee, this.tree);
    const method = member?.path.at(-1);
    const isPackage = member !== undefined && !member.specifier.startsWith('.') && !member.specifier.startsWith('/') && !isCoreModuleSpecifier(member.specifier);
    if (!isPackage || (method !== undefined && NOT_CALLBACK_APIS.has(method))) return undefined;
    const promisify = ident('');
    const placeholders: Placeholder[] = [{ identifier: promisify, request: { kind: 'module', module: 'util', name: 'promisify', preferredLocal: 'promisify' } }];
    const rest = args.slice(0, -1);
    if (callee.type === 'Identifier') return { promise: callOf(callOf(promisify, [callee]), rest), callback, errorFirst: true, results: ['value'], placeholders };
    const object = callee.type === 'MemberExpression' && prop(callee, 'computed') !== true ? child(callee, 'object') : undefined;
    // the method keeps its receiver: promisify(db.query).call(db, ...)
    if (object?.type !== 'Identifier') return undefined;
    const bound = build('MemberExpression', { object: callOf(promisify, [callee]), property: ident('call'), computed: false });
    return { promise: callOf(bound, [object, ...rest]), callback, errorFirst: true, results: ['value'], placeholders };
  }

  /** The continuation (and argument shuffle) of the converted function `call` calls by name, if it calls one. */
  private convertedFunctionCalled(call: AstNode): { fn: AstNode; continuation: ContinuationParameter<AstNode>; shuffle: Shuffle | undefined } | undefined {
    const callee = calleeOf(call);
    if (callee?.type !== 'Identifier') return undefined;
    const declared = findDeclaration(callee, this.tree);
    if (declared === undefined) return undefined;
    let fn: AstNode | undefined;
    if (declared.kind === 'function') fn = declared.node;
    else if ((declared.kind === 'const' || declared.kind === 'let' || declared.kind === 'var') && declared.path?.length === 0) {
      const init = child(declared.node, 'init');
      fn = init === undefined ? undefined : skipWrappers(init);
      if (this.assignedNames.has(declared.name)) fn = undefined;
    }
    const continuation = fn === undefined || !this.converting.has(fn) ? undefined : this.candidates.get(fn);
    if (fn === undefined || continuation === undefined) return undefined;
    return { fn, continuation, shuffle: optionalArgumentShuffle(fn, continuation, callbackStatements(fn)) };
  }

  /**
   * `new Promise((resolve, reject) => fs.readFile(p, (err, text) => err ? reject(err) : resolve(text)))`: a wrapper
   * around a callback API whose promise twin settles the same way becomes the twin. Only when nothing in it can throw
   * synchronously (the executor turned such a throw into a rejection): the twin is an `fs/promises` function, a
   * `timers/promises` one or a promisified function, called with variables and literals only.
   */
  private planWrappers(consumed: ReadonlySet<AstNode>): WrapperPlan[] {
    const plans: WrapperPlan[] = [];
    if (this.promiseIsLocal) return plans;
    walk(this.program, (node) => {
      if (!isPromiseConstruction(node, this.tree)) return true;
      const [executor, ...others] = argumentsOf(node);
      const parent = this.tree.parentOf(node);
      const params = executor === undefined ? [] : children(executor, 'params');
      const [resolve, reject] = params.map((param) => (param.type === 'Identifier' ? identifierName(param) : undefined));
      if (executor === undefined || parent === undefined || others.length > 0 || (executor.type !== 'ArrowFunctionExpression' && executor.type !== 'FunctionExpression')) return true;
      if (params.length !== 2 || resolve === undefined || reject === undefined || prop(executor, 'async') === true || (executor.type === 'FunctionExpression' && usesOwnBinding(executor))) return true;
      try {
        const translator = new ContinuationTranslator(this.context, { resolve, reject });
        const translation = translator.functionBody(callbackStatements(executor));
        const [only] = translation.statements;
        const promise = translation.statements.length === 1 && only?.type === 'ReturnStatement' ? child(only, 'argument') : undefined;
        if (promise === undefined || [...translation.consumed].some((call) => consumed.has(call))) return true;
        if (!cannotThrowSynchronously(promise, translation.placeholders)) throw new Skip(SKIP_REASONS.wrapperMayThrow);
        plans.push({ parent, wrapper: node, promise, placeholders: translation.placeholders, consumed: translation.consumed });
      } catch (error) {
        if (!(error instanceof Skip)) throw error;
        // a wrapper is reported only when it wraps a rewritable operation and that alone stops it
        if (error.reason === SKIP_REASONS.wrapperMayThrow) this.report(node, error.reason);
      }
      return true;
    });
    return plans;
  }

  /**
   * Calls made for their effects, outside any converted function: a Node core API or a converted function called
   * with an inline error-first callback that does not continue an enclosing callback function.
   */
  private planCalls(consumed: ReadonlySet<AstNode>, functionPlans: ReadonlyMap<AstNode, PlannedFunction>): CallPlan[] {
    const plans: CallPlan[] = [];
    walk(this.program, (node) => {
      if (node.type !== 'CallExpression' || consumed.has(node)) return true;
      const call = node;
      const statement = this.tree.parentOf(call);
      const callback = argumentsOf(call).at(-1);
      const named = callback?.type === 'Identifier' ? this.namedCallbackFunction(callback) : undefined;
      if (statement === undefined || callback === undefined || (!isFunction(callback) && named === undefined) || this.continuesEnclosingFunction(call, named ?? callback)) return true;
      try {
        const step = this.stepOf(call);
        if (!step?.errorFirst) return true;
        // `const child = exec(cmd, (err, out) => ...)`: the caller keeps what the call returns
        if (statement.type !== 'ExpressionStatement') throw new Skip(SKIP_REASONS.returnValueUsed);
        const translator = new ContinuationTranslator(this.context, undefined);
        const promise = named === undefined ? translator.freeStep(call, step) : translator.namedCallbackStep(step, this.successValues(step, functionPlans));
        plans.push({ statement, promise, placeholders: translator.placeholders });
      } catch (error) {
        if (!(error instanceof Skip)) throw error;
        this.report(call, error.reason);
      }
      return true;
    });
    return plans;
  }

  /**
   * The function a callback passed by name stands for (`fs.stat(file, report)` with `function report(err, stats)`
   * or `const report = (err, stats) => ...` in scope): surely a function, so calling it from a promise's handlers
   * does what the call did. Not a function this run converts (it takes a callback itself), nor a parameter or
   * anything else that might hold no function at all.
   */
  private namedCallbackFunction(callback: AstNode): AstNode | undefined {
    const fn = functionNamed(callback, this.tree);
    if (fn === undefined || prop(fn, 'async') === true || prop(fn, 'generator') === true || this.candidates.has(fn)) return undefined;
    return this.assignedNames.has(identifierName(callback) ?? '') ? undefined : fn;
  }

  /** How many values a step's named callback gets after `null` on success: what the callback API gave it. */
  private successValues(step: Step, functionPlans: ReadonlyMap<AstNode, PlannedFunction>): 0 | 1 {
    if (step.results.length > 1) throw new Skip(SKIP_REASONS.multipleValues);
    if (step.nullOnSuccess !== true) throw new Skip(SKIP_REASONS.namedCallbackOnSuccess);
    const plan = step.forwardsTo === undefined ? undefined : functionPlans.get(step.forwardsTo);
    const arity = plan === undefined ? (step.arity ?? step.results.length) : successArity(plan, functionPlans);
    if (arity === 'mixed') throw new Skip(SKIP_REASONS.mixedArity);
    if (arity > 1) throw new Skip(SKIP_REASONS.multipleValues);
    return arity === 0 ? 0 : 1;
  }

  /** Whether `callback` calls or passes on the continuation of a callback function around `statement`. */
  private continuesEnclosingFunction(call: AstNode, callback: AstNode): boolean {
    for (const ancestor of ancestorsOf(call, this.tree)) {
      // candidates, and functions that are no callback API (a test's `done`, a middleware's `next`) but still
      // continue through one: a promise handler calling it would mix the two styles
      const continuation = isFunction(ancestor) ? (this.candidates.get(ancestor) ?? getContinuationParameter(ancestor, this.tree)) : undefined;
      if (continuation !== undefined && mentions(callback, continuation.name)) return true;
    }
    return false;
  }

  /**
   * The functions among `fns` that only this file calls, and only through calls this run rewrites: they need no
   * callback API. Anything else (exported, passed around, called with a callback the run cannot rewrite) keeps one.
   * Decided for all of them in one walk, before anything changes (a walk per function made large files quadratic).
   */
  private privateFunctions(fns: readonly AstNode[], consumed: ReadonlySet<AstNode>): Set<AstNode> {
    const byBinding = new Map<AstNode, AstNode>();
    for (const fn of fns) {
      const binding = fn.type === 'FunctionDeclaration' ? child(fn, 'id') : this.variableBindingOf(fn);
      const parent = this.tree.parentOf(fn);
      if (binding === undefined || identifierName(binding) === undefined) continue;
      if (parent?.type.startsWith('Export') === true || this.tree.parentOf(parent ?? fn)?.type.startsWith('Export') === true) continue;
      byBinding.set(binding, fn);
    }
    const names = new Set([...byBinding.keys()].map((binding) => identifierName(binding)));
    const private_ = new Set(byBinding.values());
    if (private_.size === 0) return private_;
    walk(this.program, (node) => {
      if (node.type !== 'Identifier' || byBinding.has(node) || !names.has(identifierName(node))) return true;
      const declared = findDeclaration(node, this.tree);
      const fn = declared === undefined ? undefined : byBinding.get(declared.id);
      if (fn === undefined) return true;
      const use = this.tree.parentOf(node);
      if (use === undefined || calleeOf(use) !== node || !consumed.has(use)) private_.delete(fn);
      return true;
    });
    return private_;
  }

  /** `x` in `const x = function (cb) {...}`. */
  private variableBindingOf(fn: AstNode): AstNode | undefined {
    const parent = this.tree.parentOf(fn);
    if (parent?.type !== 'VariableDeclarator' || child(parent, 'init') !== fn) return undefined;
    const id = child(parent, 'id');
    return id?.type === 'Identifier' ? id : undefined;
  }

  /** `function promiseOrCallback(callback, makePromise) {...}` at the end of the file. */
  private addHelper(name: string): void {
    const helper = { ...this.options.parseStatement(dualApiHelperSource(name, this.options.typescript)), loc: null } as AstNode;
    (helper as unknown as { comments: unknown[] }).comments = DUAL_API_HELPER_COMMENT.map((value) => ({ type: 'CommentLine', value, leading: true, trailing: false }));
    (prop(this.program, 'body') as AstNode[]).push(helper);
  }
}

/** Puts the promise body in place: wrapped in the callback helper (dual API), or instead of the callback. */
function commitFunction(plan: FunctionPlan, helper: string | undefined, callsBackWithoutValue: boolean): void {
  const fn = plan.fn as unknown as { params: AstNode[]; body: AstNode; expression?: boolean };
  if (helper === undefined) {
    fn.params = fn.params.slice(0, -1);
    fn.body = build('BlockStatement', { body: [...plan.prelude, ...plan.statements] });
  } else {
    const run = build('ArrowFunctionExpression', { params: [], body: build('BlockStatement', { body: plan.statements }), async: false, expression: false });
    const args = [ident(plan.continuation.name), run, ...(callsBackWithoutValue ? [build('BooleanLiteral', { value: false })] : [])];
    fn.body = build('BlockStatement', { body: [...plan.prelude, build('ReturnStatement', { argument: callOf(ident(helper), args) })] });
  }
  if (fn.expression === true) fn.expression = false;
}
