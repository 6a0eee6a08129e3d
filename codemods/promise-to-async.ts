import type { API, FileInfo, Options } from 'jscodeshift';
import { type AstNode, child, children, identifierName, isFunction, prop } from '../core/ast.js';
import { isDualApiHelper } from './utils/dual-api.js';
import { wrapStatements } from './utils/statements.js';
import { NameTable } from './utils/names.js';
import { printTree } from './utils/print.js';
import { type TypeOracle, typeOracleFor } from './utils/types.js';
import { type Chain, parseChain, unwrapPromiseConstruction } from './promise-to-async/chain.js';
import { FileFacts, cannotBeAsync, expressionCannotThrow, functionName, hasPromiseReturnType, returnsPromiseEverywhere, syncPartCannotThrow } from './promise-to-async/file-facts.js';
import { ChainPlanner, type Sink } from './promise-to-async/planner.js';
import { SKIP_REASONS, Skip, type SkipReason } from './promise-to-async/reasons.js';
import { type Site, collectSites, functionsUnder, isLastStatementOf, ownChains } from './promise-to-async/sites.js';
import { build, callOf, declaration, expressionStatement, ident, unwrapParentheses } from './promise-to-async/syntax.js';
import './utils/child-keys.js'; // core's walks follow the parsers' own child keys

export { SKIP_REASONS, type SkipReason };

/**
 * `promise-to-async`: `.then/.catch/.finally` chains become `async`/`await`, one function at a time, with the
 * behaviour of every converted site kept (see docs/codemods/promise-to-async.md for the exact forms). Sites it
 * cannot prove equivalent are left as they are, each with one of {@link SKIP_REASONS} sent to `api.report`.
 */
export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  if (!CHAIN_TEXT.test(file.source)) return undefined; // most files of a repository: never parsed
  const root = api.jscodeshift(file.source);
  const program = (root.get() as { node: AstNode }).node;
  const tsconfig = typeof options.tsconfig === 'string' && options.tsconfig !== '' ? options.tsconfig : undefined;
  const isTypeScript = /\.[cm]?tsx?$/.test(file.path);
  const converter = new FileConverter(program, {
    types: isTypeScript || tsconfig !== undefined ? typeOracleFor(file.path, file.source, tsconfig) : undefined,
    syncThrows: options.syncThrows === 'reject' ? 'reject' : 'keep',
    promiseClass: options.promiseClass === 'native' ? 'native' : 'keep',
    report: (message) => {
      api.report(message);
    },
  });
  if (converter.run() === 0) return undefined;
  return printTree(file.path, file.source, root);
}

const CHAIN_TEXT = /\.\s*(?:then|catch|finally)\s*\(/;

interface ConverterOptions {
  /** Type information when the file belongs to a TypeScript project; never required. */
  readonly types: TypeOracle | undefined;
  /** 'reject' accepts that code before the first `await` which may throw now rejects instead (TypeScript's trade). */
  readonly syncThrows: 'keep' | 'reject';
  /** 'native' accepts that a function returning another library's promise (Bluebird, a subclass) returns a native one. */
  readonly promiseClass: 'keep' | 'native';
  readonly report: (message: string) => void;
}

/** Converts one file; `run` returns the number of sites converted. */
class FileConverter {
  private readonly facts: FileFacts;
  private readonly names: NameTable;
  private converted = 0;
  private readonly reported = new Set<AstNode>();
  /** Functions that a conversion inlined or dropped (handlers, unwrapped executors): no longer in the file. */
  private readonly detached = new Set<AstNode>();

  constructor(
    private readonly program: AstNode,
    private readonly options: ConverterOptions,
  ) {
    this.facts = new FileFacts(program, options.types);
    this.names = new NameTable(this.facts.usedNames());
  }

  run(): number {
    for (const fn of this.facts.functions) {
      // callback-to-promise's helper hands a promise to a callback on purpose: it is the callback API
      if (isDualApiHelper(fn)) continue;
      if (!this.detached.has(fn) && this.facts.mayHoldChain(fn)) this.convertFunction(fn);
    }
    for (const chain of ownChains(this.program)) this.report(chain, SKIP_REASONS.topLevel);
    return this.converted;
  }

  private report(node: AstNode, reason: SkipReason): void {
    if (this.reported.has(node)) return;
    this.reported.add(node);
    const loc = prop(node, 'loc') as { start?: { line?: number } } | undefined;
    this.options.report(`line ${String(loc?.start?.line ?? '?')}: left as is (${reason})`);
  }

  private convertFunction(fn: AstNode): void {
    const attempted = new Set<AstNode>();
    let sites = collectSites(fn);
    // Judged on the function as written, before any of its sites changes it.
    const needsSwitch = prop(fn, 'async') !== true && sites.some((site) => site.kind === 'return' || site.kind === 'arrowBody');
    const becomeAsync = needsSwitch ? this.asyncSwitch(fn) : 'ok';
    for (let site = sites[0]; site !== undefined; site = sites.find((candidate) => !attempted.has(candidate.expression))) {
      attempted.add(site.expression);
      try {
        this.convertSite(fn, site, becomeAsync);
        this.converted += 1;
        sites = collectSites(fn); // the function changed; a refused site changes nothing
      } catch (error) {
        if (!(error instanceof Skip)) throw error;
        this.report(site.expression, error.reason);
        // a wrapper left as is keeps its executor: one report for the site, not a second one for the chain inside
        if (site.expression.type === 'NewExpression') for (const executor of functionsUnder(site.expression)) this.detached.add(executor);
      }
    }
    // what is left is either reported above or sits where no statement-level rewrite can reach it
    for (const chain of ownChains(fn)) this.report(chain, SKIP_REASONS.inExpression);
  }

  /** Whether turning `fn` into an async function keeps what every caller sees. */
  private asyncSwitch(fn: AstNode): SkipReason | 'ok' {
    if (prop(fn, 'generator') === true) return SKIP_REASONS.generator;
    if (cannotBeAsync(fn, this.facts)) return SKIP_REASONS.cannotBeAsync;
    const name = functionName(fn);
    if (name !== undefined && this.facts.constructedNames.has(name)) return SKIP_REASONS.calledWithNew;
    if (hasPromiseReturnType(fn) === false) return SKIP_REASONS.returnType;
    if (!returnsPromiseEverywhere(fn, this.facts)) return SKIP_REASONS.notAlwaysPromise;
    // Callers that only await the result, or return it from async code, see neither a throw turned into a rejection
    // nor the class of the promise; any other caller may see both.
    if (this.facts.callersCannotTellThrowsFromRejections(fn)) return 'ok';
    if (this.options.syncThrows !== 'reject' && !syncPartCannotThrow(fn, this.facts)) return SKIP_REASONS.syncThrow;
    if (this.options.promiseClass !== 'native' && !this.facts.returnsNativePromise(fn)) return SKIP_REASONS.promiseClass;
    return 'ok';
  }

  /** Plans the site (handler-specific reasons come first: they say most), then checks the function, then commits. */
  private convertSite(fn: AstNode, site: Site, becomeAsync: SkipReason | 'ok'): void {
    if (site.kind === 'return' && site.guarded && !site.awaited) throw new Skip(SKIP_REASONS.returnInTry);
    if (site.kind === 'floating' && this.facts.executors.has(fn)) throw new Skip(SKIP_REASONS.executor);
    const parsed = this.chainOf(site.expression);
    const floating = site.kind === 'floating';
    // The head runs before any handler. Where it may throw (or await, or yield), it is evaluated on its own first,
    // so that neither a generated `try` nor a floating chain's async wrapper changes where that goes.
    const hoistHead = !expressionCannotThrow(parsed.head, this.facts) && (floating || createsTry(parsed));
    const pendingName = hoistHead ? this.names.fresh('pending') : undefined;
    const chain = pendingName === undefined ? parsed : { ...parsed, head: ident(pendingName) };
    const prelude = pendingName === undefined ? [] : [declaration('const', ident(pendingName), parsed.head)];
    const planner = new ChainPlanner(this.names, floating ? site.expression : fn, site.inLoop && !floating);
    const atEnd = site.kind === 'arrowBody' || floating || isLastStatementOf(fn, site);
    const operandName = site.kind === 'operand' ? this.names.fresh('value') : undefined;
    const statements = planner.emit(chain, this.sinkFor(site, atEnd, operandName));
    const switchesToAsync = site.kind === 'return' || site.kind === 'arrowBody';
    if (switchesToAsync && prop(fn, 'async') !== true && becomeAsync !== 'ok') throw new Skip(becomeAsync);
    planner.commit();
    const comments = chainComments(site.expression, parsed);
    this.replace(fn, site, statements, { operandName, prelude });
    if (comments.length > 0) keepComments(statements[0] ?? prelude[0], comments);
  }

  private sinkFor(site: Site, atEnd: boolean, operandName: string | undefined): Sink {
    switch (site.kind) {
      case 'return':
        return { kind: 'return', inTry: site.guarded, mustExit: !atEnd, unused: false };
      case 'arrowBody':
        return { kind: 'return', inTry: false, mustExit: false, unused: false };
      case 'floating':
        return { kind: 'return', inTry: false, mustExit: false, unused: true };
      case 'await':
        return { kind: 'bind', target: null, declaration: 'const' };
      case 'declare': {
        const declarator = children(site.statement, 'declarations')[0];
        const kind = prop(site.statement, 'kind');
        return { kind: 'bind', target: child(declarator ?? site.statement, 'id') ?? null, declaration: kind === 'let' || kind === 'var' ? kind : 'const' };
      }
      case 'operand':
        return { kind: 'bind', target: ident(operandName ?? 'value'), declaration: 'const' };
      case 'assign': {
        const assignment = unwrapParentheses(child(site.statement, 'expression'));
        const name = identifierName(child(assignment ?? site.statement, 'left'));
        if (name === undefined) throw new Skip(SKIP_REASONS.assignmentTarget);
        return { kind: 'assign', name };
      }
    }
  }

  /** The chain to convert: the site's own, or the one a `new Promise` wrapper only forwards. */
  private chainOf(expression: AstNode): Chain {
    if (expression.type === 'NewExpression') return unwrapPromiseConstruction(expression, this.facts);
    return parseChain(expression, this.facts);
  }

  private replace(fn: AstNode, site: Site, statements: AstNode[], extra: { operandName: string | undefined; prelude: AstNode[] }): void {
    const before = functionsUnder(site.kind === 'arrowBody' ? child(fn, 'body') : site.statement);
    const replacement = this.replacementFor(fn, site, statements, extra.operandName, extra.prelude);
    const after = new Set(replacement.flatMap((statement) => functionsUnder(statement)));
    for (const gone of before) if (!after.has(gone)) this.detached.add(gone);
    if (site.kind === 'arrowBody') return;
    const record = site.statement as unknown as Record<string, unknown>;
    const first = replacement[0];
    if (Array.isArray(record.comments) && first !== undefined && first !== site.statement) {
      (first as unknown as Record<string, unknown>).comments = record.comments;
      record.comments = undefined;
    }
    wrapStatements(site.container, site.key, site.index, replacement);
    if (site.kind === 'return') (fn as unknown as Record<string, unknown>).async = true;
    // the async wrapper of a floating chain is a function of its own: chains nested in what was inlined into it
    const voided = replacement.at(-1);
    const wrapper = site.kind === 'floating' ? child(child(child(voided ?? fn, 'expression') ?? fn, 'argument') ?? fn, 'callee') : undefined;
    if (wrapper !== undefined && isFunction(wrapper)) this.convertFunction(wrapper);
  }

  /** The statements that take the site's place (for an arrow body: its new body, already in place). */
  private replacementFor(fn: AstNode, site: Site, emitted: AstNode[], operandName: string | undefined, prelude: AstNode[]): AstNode[] {
    const statements = site.kind === 'floating' ? emitted : [...prelude, ...emitted];
    switch (site.kind) {
      case 'arrowBody': {
        const only = statements.length === 1 ? statements[0] : undefined;
        const value = only?.type === 'ReturnStatement' ? child(only, 'argument') : undefined;
        const record = fn as unknown as Record<string, unknown>;
        const keepsExpressionBody = value !== undefined && value.type !== 'ObjectExpression' && value.type !== 'SequenceExpression';
        record.body = keepsExpressionBody ? value : build('BlockStatement', { body: statements });
        record.async = true;
        return [record.body as AstNode];
      }
      case 'operand': {
        // the statements just emitted declare the value; the statement reads it where it awaited the chain
        if (site.holder === undefined || operandName === undefined) return statements;
        const { node, key, index } = site.holder;
        const slot = prop(node, key);
        if (Array.isArray(slot) && index !== undefined) slot[index] = ident(operandName);
        else (node as unknown as Record<string, unknown>)[key] = ident(operandName);
        return [...statements, site.statement];
      }
      case 'floating': {
        const wrapper = build('ArrowFunctionExpression', { async: true, params: [], body: build('BlockStatement', { body: statements }), expression: false });
        return [...prelude, expressionStatement(build('UnaryExpression', { operator: 'void', prefix: true, argument: callOf(wrapper, []) }))];
      }
      default:
        return statements;
    }
  }
}

/** Whether converting the chain wraps some of it in a `try` (for `catch`, `finally` or `then(ok, fail)`). */
function createsTry(chain: Chain): boolean {
  return chain.steps.some((step) => (step.method === 'then' ? step.second.kind !== 'none' : step.first.kind !== 'none'));
}

interface Comment {
  leading?: boolean;
  trailing?: boolean;
  start?: number;
}

/**
 * The comments written between the links of a chain and on its handlers: they hang on nodes that the conversion
 * drops (the calls, the handler functions) or on the head, after it. They are taken off those nodes, in source order.
 */
function chainComments(expression: AstNode, chain: Chain): Comment[] {
  const holders: AstNode[] = [];
  for (let link: AstNode | undefined = expression; link !== undefined && link !== chain.head; ) {
    const callee: AstNode | undefined = child(link, 'callee');
    const property = callee === undefined ? undefined : child(callee, 'property');
    holders.push(link, ...[callee, property].filter((node) => node !== undefined));
    link = callee === undefined ? undefined : child(callee, 'object');
  }
  for (const step of chain.steps) for (const handler of [step.first, step.second]) if (handler.kind === 'literal') holders.push(handler.fn);
  const end = prop(chain.head, 'end');
  const taken: Comment[] = [];
  for (const holder of [...holders, chain.head]) {
    const record = holder as unknown as { comments?: Comment[] };
    if (!Array.isArray(record.comments)) continue;
    const after = (comment: Comment): boolean => holder !== chain.head || (typeof end === 'number' && (comment.start ?? 0) >= end);
    taken.push(...record.comments.filter(after));
    record.comments = record.comments.filter((comment) => !after(comment));
  }
  return taken.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
}

/** Puts the chain's comments above the first statement that replaced it, after that statement's own. */
function keepComments(statement: AstNode | undefined, comments: Comment[]): void {
  if (statement === undefined) return;
  const record = statement as unknown as { comments?: Comment[] };
  const leading = comments.map((comment) => ({ ...comment, leading: true, trailing: false }));
  record.comments = [...(record.comments ?? []), ...leading];
}
