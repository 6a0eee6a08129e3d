/** Turns one chain into statements for an async function, keeping `catch`, `then(ok, fail)` and `finally` exact. */

import { type AstNode, child, children, identifierName, prop } from '../../core/ast.js';
import { walk } from '../../core/tree.js';
import { canCompleteNormally, ownReturns, returnsGuardedByTry } from '../utils/statements.js';
import { NameTable, boundNames, canRenameBinding, countNames, namesIntroducedBy, renameBinding } from '../utils/names.js';
import { type Chain, type Handler, type Step } from './chain.js';
import { SKIP_REASONS, Skip } from './reasons.js';
import { assignedValue, awaitOf, build, callOf, cannotBeThenable, declaration, expressionStatement, ident, isReassigned, sideEffectsOf } from './syntax.js';

/** Where the value of a chain (or of a part of it) goes. */
export type Sink =
  | {
      readonly kind: 'return';
      /** Inside a `try` whose `catch`/`finally` must see the value settle: `return await`. */
      readonly inTry: boolean;
      /** More code follows the site, so inlined code that falls off its end must `return;`. */
      readonly mustExit: boolean;
      /** Nobody reads the value (a floating chain's async wrapper). */
      readonly unused: boolean;
    }
  | {
      readonly kind: 'bind';
      /** The pattern declared, or null when the value is not needed. */
      readonly target: AstNode | null;
      readonly declaration: 'const' | 'let' | 'var';
      /** The target's name once the handler it comes from is renamed (a plain identifier target only). */
      readonly name?: string;
    }
  | { readonly kind: 'assign'; readonly name: string };

/** A settled value (an awaited expression or a variable holding one) or an expression still to await. */
interface Value {
  readonly statements: AstNode[];
  readonly expression: AstNode;
  readonly settled: boolean;
}

/**
 * Builds the statements for one chain. Nothing in the file changes until `commit`: renames and the `await`s added to
 * handlers' own returns are recorded, so a `Skip` thrown half way leaves the file as it was.
 */
export class ChainPlanner {
  private readonly pendingChanges: (() => void)[] = [];
  private readonly renames = new Map<AstNode, Map<string, string>>();
  private readonly introduced = new Set<string>();
  private scopeCounts: Map<string, number> | undefined;
  private handlerCounts = new Map<AstNode, Map<string, number>>();
  private inlined: AstNode[] = [];
  private readonly placed = new Set<AstNode>();
  private readonly introducedMemo = new Map<AstNode, string[]>();

  constructor(
    private readonly names: NameTable,
    /** The code whose names inlined handlers must not collide with: the enclosing function (or the chain itself). */
    private readonly scope: AstNode,
    /** The statements land in a loop: a handler's `var`, one per call before, would be shared by the iterations. */
    private readonly inLoop: boolean,
  ) {}

  emit(chain: Chain, sink: Sink): AstNode[] {
    this.inlined = chain.steps.flatMap((step) => [step.first, step.second]).flatMap((handler) => (handler.kind === 'literal' ? [handler.fn] : []));
    // Names are claimed in source order, so the first handler keeps its names and later ones get the suffixes.
    for (const step of chain.steps) if (step.method === 'then' && step.first.kind === 'literal') this.placeBlockHandler(step.first.fn);
    return this.emitSteps(chain.head, chain.steps, sink);
  }

  commit(): void {
    for (const [fn, renames] of this.renames) for (const [from, to] of renames) renameBinding(fn, from, to);
    for (const change of this.pendingChanges) change();
  }

  private emitSteps(head: AstNode, steps: readonly Step[], sink: Sink): AstNode[] {
    const last = steps.at(-1);
    if (last === undefined) return this.deliver({ statements: [], expression: head, settled: false }, sink);
    const prefix = steps.slice(0, -1);
    if (last.method === 'finally') return last.first.kind === 'none' ? this.emitSteps(head, prefix, sink) : this.emitFinally(head, prefix, last.first, sink);
    if (last.method === 'catch') return last.first.kind === 'none' ? this.emitSteps(head, prefix, sink) : this.emitCatch(head, prefix, last.first, sink);
    const { first: onFulfilled, second: onRejected } = last;
    if (onRejected.kind !== 'none') {
      if (onFulfilled.kind === 'none') return this.emitCatch(head, prefix, onRejected, sink);
      return this.emitTwoHandlers(head, prefix, onFulfilled, onRejected, sink);
    }
    if (onFulfilled.kind === 'none') return this.emitSteps(head, prefix, sink);
    if (onFulfilled.kind === 'reference') {
      const input = this.valueOf(head, prefix);
      return this.deliver({ statements: input.statements, expression: callOf(onFulfilled.expression, [input.expression]), settled: false }, sink);
    }
    const fn = onFulfilled.fn;
    const param = children(fn, 'params')[0];
    this.placeBlockHandler(fn);
    const target = param === undefined ? null : this.declaredPattern(param);
    const paramName = identifierName(param);
    const bind: Sink = { kind: 'bind', target, declaration: this.declarationKindFor(fn, param) };
    const before = this.emitSteps(head, prefix, paramName === undefined ? bind : { ...bind, name: this.finalName(fn, paramName) });
    return [...before, ...this.inline(fn, sink)];
  }

  private declarationKindFor(fn: AstNode, param: AstNode | undefined): 'const' | 'let' {
    return isReassigned(fn, boundNames(param)) ? 'let' : 'const';
  }

  /** A parameter as a declaration target: TypeScript's `x?: T` has no meaning in a declaration. */
  private declaredPattern(param: AstNode): AstNode {
    if (prop(param, 'optional') === true) this.pendingChanges.push(() => ((param as unknown as Record<string, unknown>).optional = false));
    return param;
  }

  /** The value of a chain prefix as an expression, nesting `f(await p)` for named handlers. */
  private valueOf(head: AstNode, steps: readonly Step[]): Value {
    if (steps.length === 0) return { statements: [], expression: awaitOf(head), settled: true };
    const last = steps.at(-1);
    if (last?.method === 'then' && last.first.kind === 'reference' && last.second.kind === 'none' && steps.length <= 2) {
      const inner = this.valueOf(head, steps.slice(0, -1));
      return { statements: inner.statements, expression: awaitOf(callOf(last.first.expression, [inner.expression])), settled: true };
    }
    const name = this.names.fresh('value');
    return { statements: this.emitSteps(head, steps, { kind: 'bind', target: ident(name), declaration: 'const' }), expression: ident(name), settled: true };
  }

  /** Statements that hand `value` to the sink. */
  private deliver(value: Value, sink: Sink): AstNode[] {
    const { statements, expression, settled } = value;
    const needsAwait = !settled && !cannotBeThenable(expression);
    switch (sink.kind) {
      case 'return':
        if (sink.unused && !sink.mustExit) {
          // Nobody reads the value, but a thenable is still awaited: the chain called its `then` (a lazy query runs
          // only then) and passed on its rejection.
          return [...statements, ...(needsAwait ? [expressionStatement(awaitOf(expression))] : sideEffectsOf(expression))];
        }
        return [...statements, build('ReturnStatement', { argument: sink.inTry && needsAwait ? awaitOf(expression) : expression })];
      case 'bind':
        if (sink.target === null) {
          if (needsAwait) return [...statements, expressionStatement(awaitOf(expression))];
          return [...statements, ...sideEffectsOf(expression)];
        }
        return [...statements, declaration(sink.declaration, sink.target, needsAwait ? awaitOf(expression) : expression)];
      case 'assign':
        return [...statements, expressionStatement(build('AssignmentExpression', { operator: '=', left: ident(sink.name), right: needsAwait ? awaitOf(expression) : assignedValue(expression) }))];
    }
  }

  /**
   * A hoisted variable for a value produced inside a `try`: the sink's own name when it binds a plain identifier,
   * else a fresh one destructured after the `try`.
   */
  /**
   * A variable for a value produced inside a `try` (or in branches): the sink's own name when it binds a plain
   * identifier, else a fresh one handed to the sink after. A fresh one also when `readers` (handlers that run before
   * the chain settles: a `finally`, or a `catch` seeing a declaration still in its temporal dead zone) mention the
   * target, since they must not see it assigned early.
   */
  private hoist(sink: Sink, readers: readonly AstNode[] = []): { before: AstNode[]; inner: Sink; after: AstNode[] } {
    if (sink.kind === 'return' || (sink.kind === 'bind' && sink.target === null)) return { before: [], inner: sink, after: [] };
    const targetNames = sink.kind === 'assign' ? [sink.name] : boundNames(sink.target ?? undefined);
    const readEarly = readers.some((reader) => targetNames.some((name) => (this.countsIn(reader).get(name) ?? 0) > 0));
    if (sink.kind === 'assign') {
      if (!readEarly) return { before: [], inner: sink, after: [] };
      const temporary = this.names.fresh('value');
      return { before: [declaration('let', ident(temporary), null)], inner: { kind: 'assign', name: temporary }, after: this.deliver({ statements: [], expression: ident(temporary), settled: true }, sink) };
    }
    const name = sink.name ?? identifierName(sink.target ?? undefined);
    if (name !== undefined && sink.target !== null && !readEarly) {
      return { before: [declaration(sink.declaration === 'var' ? 'var' : 'let', sink.target, null)], inner: { kind: 'assign', name }, after: [] };
    }
    const temporary = this.names.fresh('value');
    return {
      before: [declaration('let', ident(temporary), null)],
      inner: { kind: 'assign', name: temporary },
      after: this.deliver({ statements: [], expression: ident(temporary), settled: true }, sink),
    };
  }

  private emitCatch(head: AstNode, prefix: readonly Step[], handler: Handler, sink: Sink): AstNode[] {
    const { before, inner, after } = this.hoist(sink, sink.kind === 'bind' && handler.kind === 'literal' ? [handler.fn] : []);
    const tryBlock = this.emitSteps(head, prefix, inner.kind === 'return' ? { ...inner, inTry: true } : inner);
    const clause = this.catchClause(handler, inner);
    return [...before, build('TryStatement', { block: build('BlockStatement', { body: tryBlock }), handler: clause, finalizer: null }), ...after];
  }

  /** `then(ok, fail)`: only `fail` sees the rejection of what came before; errors thrown by `ok` pass it by. */
  private emitTwoHandlers(head: AstNode, prefix: readonly Step[], onFulfilled: Handler, onRejected: Handler, sink: Sink): AstNode[] {
    if (sink.kind !== 'return') throw new Skip(SKIP_REASONS.twoHandlersMidChain);
    const failSink: Sink = { ...sink, mustExit: true };
    if (onFulfilled.kind === 'reference') {
      const name = this.names.fresh('value');
      const tryBlock = this.emitSteps(head, prefix, { kind: 'assign', name });
      return [
        declaration('let', ident(name), null),
        build('TryStatement', { block: build('BlockStatement', { body: tryBlock }), handler: this.catchClause(onRejected, failSink), finalizer: null }),
        ...this.deliver({ statements: [], expression: callOf(onFulfilled.expression, [ident(name)]), settled: false }, sink),
      ];
    }
    if (onFulfilled.kind !== 'literal') throw new Skip(SKIP_REASONS.unknownHandler);
    const fn = onFulfilled.fn;
    this.placeBlockHandler(fn);
    const param = children(fn, 'params')[0];
    const before: AstNode[] = [];
    const after: AstNode[] = [];
    let inner: Sink = { kind: 'bind', target: null, declaration: 'const' };
    if (param !== undefined) {
      const name = identifierName(param);
      if (name !== undefined) {
        before.push(declaration('let', this.declaredPattern(param), null));
        inner = { kind: 'assign', name: this.finalName(fn, name) };
      } else {
        const temporary = this.names.fresh('value');
        before.push(declaration('let', ident(temporary), null));
        inner = { kind: 'assign', name: temporary };
        after.push(declaration(this.declarationKindFor(fn, param), param, ident(temporary)));
      }
    }
    const tryBlock = this.emitSteps(head, prefix, inner);
    const clause = this.catchClause(onRejected, failSink);
    return [...before, build('TryStatement', { block: build('BlockStatement', { body: tryBlock }), handler: clause, finalizer: null }), ...after, ...this.inline(fn, sink)];
  }

  private emitFinally(head: AstNode, prefix: readonly Step[], handler: Handler, sink: Sink): AstNode[] {
    const cleanup = this.finallyBody(handler);
    if (cleanup.length === 0) return this.emitSteps(head, prefix, sink); // a handler with no effect: only ticks differ
    const finalizer = build('BlockStatement', { body: cleanup });
    const { before, inner, after } = this.hoist(sink, handler.kind === 'literal' ? [handler.fn] : []);
    const tryBlock = this.emitSteps(head, prefix, inner.kind === 'return' ? { ...inner, inTry: true } : inner);
    return [...before, build('TryStatement', { block: build('BlockStatement', { body: tryBlock }), handler: null, finalizer }), ...after];
  }

  /** The finally handler's code, run for its effects only: what it returns never replaces the chain's value. */
  private finallyBody(handler: Handler): AstNode[] {
    if (handler.kind === 'reference') return [expressionStatement(awaitOf(callOf(handler.expression, [])))];
    if (handler.kind !== 'literal') return [];
    const fn = handler.fn;
    if (children(fn, 'params').length > 0) throw new Skip(SKIP_REASONS.finallyShape);
    this.placeClauseHandler(fn, []);
    const body = child(fn, 'body');
    if (body === undefined) return [];
    if (body.type !== 'BlockStatement') return this.effectOf(body);
    const statements = children(body, 'body');
    const tail = statements.at(-1);
    const returns = ownReturns(body);
    if (returns.length === 0) return statements;
    if (returns.length > 1 || returns[0] !== tail || tail === undefined) throw new Skip(SKIP_REASONS.finallyShape);
    const value = child(tail, 'argument');
    return [...statements.slice(0, -1), ...(value === undefined ? [] : this.effectOf(value))];
  }

  /** A finally handler's result: awaited when it may be a promise (the chain waits for it), else just evaluated. */
  private effectOf(expression: AstNode): AstNode[] {
    return cannotBeThenable(expression) ? sideEffectsOf(expression) : [expressionStatement(awaitOf(expression))];
  }

  private catchClause(handler: Handler, sink: Sink): AstNode {
    if (handler.kind === 'reference') {
      const name = this.names.fresh('error');
      const body = this.deliver({ statements: [], expression: callOf(handler.expression, [ident(name)]), settled: false }, sink);
      return build('CatchClause', { param: ident(name), body: build('BlockStatement', { body }) });
    }
    if (handler.kind !== 'literal') throw new Skip(SKIP_REASONS.unknownHandler);
    const fn = handler.fn;
    const param = children(fn, 'params')[0];
    const annotation = child(child(param ?? fn, 'typeAnnotation') ?? fn, 'typeAnnotation');
    if (param !== undefined && child(param, 'typeAnnotation') !== undefined && annotation?.type !== 'TSAnyKeyword' && annotation?.type !== 'TSUnknownKeyword') {
      throw new Skip(SKIP_REASONS.typedCatch);
    }
    this.placeClauseHandler(fn, sink.kind === 'assign' ? [sink.name] : []);
    return build('CatchClause', { param: param ?? null, body: build('BlockStatement', { body: this.inline(fn, sink) }) });
  }

  /** Counts of names in the enclosing scope outside every handler that this chain inlines. */
  private outsideCounts(): Map<string, number> {
    this.scopeCounts ??= countNames(this.scope, new Set(this.inlined));
    return this.scopeCounts;
  }

  private countsIn(fn: AstNode): Map<string, number> {
    let counts = this.handlerCounts.get(fn);
    if (counts === undefined) {
      counts = countNames(fn);
      this.handlerCounts.set(fn, counts);
    }
    return counts;
  }

  /**
   * A handler whose parameter and top-level declarations join the enclosing block: each name that another part of
   * the function (or another handler of the chain) uses is renamed to a fresh one. Returns whether any was.
   */
  private placeBlockHandler(fn: AstNode): void {
    if (this.placed.has(fn)) return;
    this.placed.add(fn);
    const introduced = this.checkedNamesOf(fn);
    this.resolveClashes(fn, [...introduced.parameters, ...introduced.lexical, ...introduced.hoisted], true);
  }

  /**
   * A handler inlined into a `catch` or `finally` block: its block scopes its parameter and declarations, so only
   * its `var`s and any name the block itself needs (the variable the value is assigned to) can clash.
   */
  private placeClauseHandler(fn: AstNode, namesUsedInBlock: readonly string[]): void {
    const introduced = this.checkedNamesOf(fn);
    const scoped = [...introduced.parameters, ...introduced.lexical].filter((name) => namesUsedInBlock.includes(name));
    this.resolveClashes(fn, introduced.hoisted, true);
    this.resolveClashes(fn, scoped, false);
  }

  /** What inlining the handler adds to the enclosing code, refused where a `var` or a label cannot follow. */
  private checkedNamesOf(fn: AstNode): ReturnType<typeof namesIntroducedBy> {
    const introduced = namesIntroducedBy(fn);
    if (this.inLoop && introduced.hoisted.length > 0) throw new Skip(SKIP_REASONS.varInLoop);
    const labels = labelsIn(fn);
    if (labels.length > 0) {
      const outside = labelsIn(this.scope, new Set(this.inlined));
      if (labels.some((label) => outside.includes(label))) throw new Skip(SKIP_REASONS.nameClash);
    }
    return introduced;
  }

  /** Renames each of `names` that would clash; `joinsBlock` names stay visible to the code inlined after them. */
  private resolveClashes(fn: AstNode, names: readonly string[], joinsBlock: boolean): void {
    const outside = this.outsideCounts();
    for (const name of new Set(names)) {
      const usedOutside = (outside.get(name) ?? 0) > 0;
      const usedByOtherHandler = this.inlined.some((other) => other !== fn && (this.countsIn(other).get(name) ?? 0) > 0 && !this.introducedBy(other).includes(name));
      if (!usedOutside && !usedByOtherHandler && !this.introduced.has(name)) {
        if (joinsBlock) this.introduced.add(name);
        continue;
      }
      if (!canRenameBinding(fn, name)) throw new Skip(SKIP_REASONS.nameClash);
      const fresh = this.names.fresh(name);
      let renames = this.renames.get(fn);
      if (renames === undefined) {
        renames = new Map();
        this.renames.set(fn, renames);
      }
      renames.set(name, fresh);
      this.introduced.add(fresh);
    }
  }

  private introducedBy(fn: AstNode): string[] {
    let names = this.introducedMemo.get(fn);
    if (names === undefined) {
      const introduced = namesIntroducedBy(fn);
      names = [...introduced.parameters, ...introduced.lexical, ...introduced.hoisted];
      this.introducedMemo.set(fn, names);
    }
    return names;
  }

  private finalName(fn: AstNode, name: string): string {
    return this.renames.get(fn)?.get(name) ?? name;
  }

  /** The handler's body as statements of the enclosing function, its result handed to the sink. */
  private inline(fn: AstNode, sink: Sink): AstNode[] {
    const body = child(fn, 'body');
    if (body === undefined) return [];
    if (body.type !== 'BlockStatement') {
      const extra = prop(body, 'extra') as { parenthesized?: boolean } | undefined;
      // `() => ({ ... })` needs its parentheses only as an arrow body
      if (extra?.parenthesized === true && body.type === 'ObjectExpression') this.pendingChanges.push(() => (extra.parenthesized = false));
      return this.deliver({ statements: [], expression: body, settled: false }, sink);
    }
    // statements that shared a line get a line each when printed (printTree)
    const statements = children(body, 'body');
    const returns = ownReturns(build('BlockStatement', { body: statements }));
    if (sink.kind === 'return') {
      if (sink.inTry) {
        const guarded = returnsGuardedByTry(body);
        for (const statement of returns) {
          const argument = child(statement, 'argument');
          if (argument === undefined || cannotBeThenable(argument)) continue;
          // awaited there, the handler's own catch/finally would see a rejection that today only the chain sees
          if (guarded.has(statement)) throw new Skip(SKIP_REASONS.returnInTry);
          this.pendingChanges.push(() => ((statement as unknown as Record<string, unknown>).argument = awaitOf(argument)));
        }
      }
      if (sink.mustExit && canCompleteNormally(statements)) return [...statements, build('ReturnStatement', { argument: null })];
      return statements;
    }
    const tail = statements.at(-1);
    if (returns.every((statement) => statement === tail)) return this.inlineStatements(statements, sink);
    // Guard clauses (`if (c) return a;` and the rest): each exit hands its value to one variable, in if/else branches.
    const { before, inner, after } = this.hoist(sink);
    return [...before, ...this.inlineStatements(statements, inner), ...after];
  }

  /**
   * Statements of a handler whose value goes to a non-returning sink: the `return` that ends them becomes the sink,
   * and `if (c) { ...; return a } rest` becomes `if (c) { ...; sink(a) } else { rest }`, which runs the same code on
   * every path. Returns anywhere else (in loops, `switch`, `try`) would need jumps: those handlers are refused.
   */
  private inlineStatements(statements: readonly AstNode[], sink: Sink): AstNode[] {
    const index = statements.findIndex((statement) => ownReturns(statement).length > 0);
    if (index === -1) {
      const undefinedValue = sink.kind === 'bind' && sink.target === null ? [] : this.deliver({ statements: [], expression: ident('undefined'), settled: true }, sink);
      return [...statements, ...undefinedValue];
    }
    const statement = statements[index];
    const before = statements.slice(0, index);
    const rest = statements.slice(index + 1);
    if (statement?.type === 'ReturnStatement') {
      // code after a return never runs
      return [...before, ...this.deliver({ statements: [], expression: child(statement, 'argument') ?? ident('undefined'), settled: false }, sink)];
    }
    const declaresInRest = rest.some((node) => node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration'); // hoisting would change
    const declares = sink.kind === 'bind' && sink.target !== null;
    if (statement?.type !== 'IfStatement' || declares || declaresInRest) throw new Skip(SKIP_REASONS.earlyReturn);
    const branch = (node: AstNode | undefined): AstNode[] => (node === undefined ? [] : node.type === 'BlockStatement' ? children(node, 'body') : [node]);
    const consequent = branch(child(statement, 'consequent'));
    const alternate = branch(child(statement, 'alternate'));
    const consequentExits = !canCompleteNormally(consequent);
    const alternateExits = alternate.length > 0 && !canCompleteNormally(alternate);
    let thenBranch: AstNode[];
    let elseBranch: AstNode[];
    if (consequentExits && alternateExits) {
      [thenBranch, elseBranch] = [this.inlineStatements(consequent, sink), this.inlineStatements(alternate, sink)];
    } else if (consequentExits && ownReturns(build('BlockStatement', { body: alternate })).length === 0) {
      [thenBranch, elseBranch] = [this.inlineStatements(consequent, sink), this.inlineStatements([...alternate, ...rest], sink)];
    } else if (alternateExits && ownReturns(build('BlockStatement', { body: consequent })).length === 0) {
      [thenBranch, elseBranch] = [this.inlineStatements([...consequent, ...rest], sink), this.inlineStatements(alternate, sink)];
    } else {
      throw new Skip(SKIP_REASONS.earlyReturn);
    }
    const rewritten = build('IfStatement', {
      test: child(statement, 'test'),
      consequent: build('BlockStatement', { body: thenBranch }),
      alternate: elseBranch.length === 0 ? null : elseBranch.length === 1 && elseBranch[0]?.type === 'IfStatement' ? elseBranch[0] : build('BlockStatement', { body: elseBranch }),
    });
    return [...before, rewritten];
  }
}

/** The statement labels used under `root`, leaving out the subtrees in `skip`. */
function labelsIn(root: AstNode, skip: ReadonlySet<AstNode> = new Set()): string[] {
  const labels: string[] = [];
  walk(root, (node) => {
    if (skip.has(node) && node !== root) return false;
    if (node.type === 'LabeledStatement') labels.push(identifierName(child(node, 'label')) ?? '');
    return true;
  });
  return labels;
}

