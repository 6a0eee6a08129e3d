/**
 * Continuation-passing code as promise code. A function that ends every path by calling its callback `cb` once
 * becomes one that returns a promise on every path: `cb(null, v)` → the promise resolves to `v`, `cb(err)` → it
 * rejects, an operation whose callback continues the work → `return twin(...).then(ok, fail)`, where `ok` and
 * `fail` are the callback's body on each outcome. Anything it cannot map exactly throws a {@link Skip}; nothing is
 * mutated while translating, so a skip loses nothing.
 */

import { type AstNode, argumentsOf, calleeOf, child, children, identifierName, isFunction, isNullish, prop } from '../../core/ast.js';
import { isGlobalReference, resolveModuleMember } from '../../core/resolve.js';
import { findDeclaration } from '../../core/scope.js';
import { type Tree, forEachChild, isAncestorOf } from '../../core/tree.js';
import { build, callOf, copyWithReplacements, declaration, ident, usesOwnBinding } from '../utils/syntax.js';
import { mentions, visitVariables } from '../utils/names.js';
import { canCompleteNormally } from '../utils/statements.js';
import { bodyOnOutcome, declaresLexically, statementList } from './outcomes.js';
import { SKIP_REASONS, Skip, type SkipReason } from './reasons.js';
import { ASYNC_LIBRARIES, type Placeholder, REPEATING_METHODS, type Step } from './steps.js';

export interface TranslationContext {
  readonly tree: Tree;
  /** The step a call is, undefined when it is none; throws a Skip for a known operation with no exact promise form. */
  readonly stepOf: (call: AstNode) => Step | undefined;
  readonly freshName: (base: string) => string;
  /** Parses `({ stdout: out })`-style parameter text in the file's own parser (recast prints built patterns badly). */
  readonly parseParameter: (text: string) => AstNode;
  /** Whether any code in the file assigns to a variable of this name (then its value may change before it is read). */
  readonly isAssigned: (name: string) => boolean;
  /** Variables only ever set to `true` right before calling back with an error (see the counter pattern). */
  readonly failureFlags: ReadonlySet<string>;
  /** Whether a path that calls back before the function returns may settle the promise instead (`syncCallbacks: 'defer'`). */
  readonly deferSyncCallbacks: boolean;
}

/** What a handler knows about names: which hold null (no error), which hold an error. */
interface Outcome {
  readonly nullNames: ReadonlySet<string>;
  readonly errorNames: ReadonlySet<string>;
}

const NO_OUTCOME: Outcome = { nullNames: new Set(), errorNames: new Set() };

/** Where statements run: the function's own body (before any operation completes), or inside a handler. */
type Timing = 'sync' | 'async';

/** The promise form of what one function, or one free-standing call, does; its placeholders name its new bindings. */
export interface Translation {
  readonly statements: AstNode[];
  readonly placeholders: Placeholder[];
  /** The calls this translation rewrote into promise form: no other site may claim them. */
  readonly consumed: ReadonlySet<AstNode>;
  readonly successArities: ReadonlySet<0 | 1>;
  readonly forwardedTo: readonly AstNode[];
}

/** Inside a counter loop's iteratee: the counter, what the loop resolves to (null: nothing) and the failure flags. */
interface ItemContext {
  readonly iteratee: AstNode;
  readonly counter: string;
  result: AstNode | null | undefined;
  /** Statements the last item runs before calling back (`if (--pending === 0) { log(); cb(null, r); }`). */
  finish: readonly AstNode[] | undefined;
  readonly flags: ReadonlySet<string>;
}

export class ContinuationTranslator {
  readonly placeholders: Placeholder[] = [];
  readonly consumed = new Set<AstNode>();
  /**
   * How the function calls back on success: with no value (`cb()`, `cb(null)`: 0) or with one (1). Its callback API
   * must do the same, since code such as a waterfall passes the values on by position.
   */
  readonly successArities = new Set<0 | 1>();
  /** The converted functions it passes its callback to (`save(x, cb)`): it calls back as they do. */
  readonly forwardedTo: AstNode[] = [];
  private item: ItemContext | undefined;
  /** The first statement of each `try` block whose `try` went: `let v; try { v = JSON.parse(t) } ...` can join up. */
  private readonly unwrappedFromTry = new WeakSet<AstNode>();
  /** Inner functions that now return the promise of the path they continue (see innerContinuations). */
  private readonly innerSteps = new Set<string>();
  /** Function declarations read as the inline callback of the one call they are passed to, by name. */
  private readonly relays = new Set<AstNode>();
  private readonly relayNames = new Set<string>();
  /** The `if (...) return ...;` guards whose rest of the path is being translated. */
  private readonly guards: AstNode[] = [];

  /** For a `new Promise` executor, its `reject` parameter; `continuation` is then its `resolve`. */
  private readonly reject: string | undefined;

  /**
   * `continuation` is the callback the code calls back, or a `new Promise` executor's `{ resolve, reject }`;
   * undefined for a free-standing call's handlers.
   */
  constructor(
    private readonly context: TranslationContext,
    continuation: string | { readonly resolve: string; readonly reject: string | undefined } | undefined,
  ) {
    this.continuation = typeof continuation === 'object' ? continuation.resolve : continuation;
    this.reject = typeof continuation === 'object' ? continuation.reject : undefined;
  }

  private readonly continuation: string | undefined;

  /**
   * The arguments of a call of the continuation in error-first form: `cb(...args)` as they are, an executor's
   * `resolve(v)` as `(null, v)` and `reject(e)` as `(e)`; undefined for any other call.
   */
  private continuationArguments(call: AstNode): AstNode[] | undefined {
    const callee = calleeOf(call);
    const name = callee?.type === 'Identifier' ? identifierName(callee) : undefined;
    if (name === undefined) return undefined;
    const args = argumentsOf(call);
    if (this.reject === undefined) return name === this.continuation ? args : undefined;
    if (name === this.continuation) return [build('Literal', { value: null, raw: 'null' }), ...args];
    if (name === this.reject) {
      if (args.length !== 1) throw new Skip(SKIP_REASONS.unclearError);
      return args;
    }
    return undefined;
  }

  /** A task's body run inside a handler (after the task before it): every path must settle. */
  handlerBody(statements: readonly AstNode[]): AstNode[] {
    return this.tail(statements, 'async', NO_OUTCOME);
  }

  /** A converted function's body: every path must end by settling the promise. */
  functionBody(statements: readonly AstNode[]): Translation {
    const out = this.tail(statements, 'sync', NO_OUTCOME);
    return { statements: out, placeholders: this.placeholders, consumed: this.consumed, successArities: this.successArities, forwardedTo: this.forwardedTo };
  }

  /**
   * `step(args, report)` with `report` a function named in scope → `promise.then((value) => report(null, value),
   * report)`: called as the callback API called it, `null` first on success, and never again for an error it throws.
   */
  namedCallbackStep(step: Step, values: 0 | 1): AstNode {
    this.placeholders.push(...step.placeholders);
    const callback = step.callback;
    const value = values === 0 ? [] : [ident(this.context.freshName(step.results[0] ?? 'value'))];
    const onSuccess = build('ArrowFunctionExpression', {
      params: value,
      body: callOf(callback, [build('Literal', { value: null, raw: 'null' }), ...value]),
      async: false,
      generator: false,
      expression: true,
    });
    return thenCall(step.promise, [onSuccess, callback]);
  }

  /**
   * `step(args, callback)` → `promise.then(ok[, fail])`, for a step whose callback does not continue a converted
   * function (a call made for its effects): the handlers keep the callback's statements as they are.
   */
  freeStep(call: AstNode, step: Step): AstNode {
    return this.stepPromise(call, step);
  }

  /** The statements of a path in tail position (nothing runs after them in the function), as promise code. */
  private tail(whole: readonly AstNode[], timing: Timing, outcome: Outcome): AstNode[] {
    const relays = this.relayCallbacks(whole);
    const list = relays.length === 0 ? whole : whole.filter((statement) => !relays.includes(statement));
    const inner = this.innerContinuations(list);
    if (inner.length === 0) return this.path(list, timing, outcome);
    const path = this.path(
      list.filter((statement) => !inner.includes(statement)),
      timing,
      outcome,
    );
    // hoisted as before; they follow the path that calls them
    return [...path, ...inner.map((fn) => ({ ...fn, body: build('BlockStatement', { body: this.tail(callbackStatements(fn), 'sync', NO_OUTCOME) }) }) as AstNode)];
  }

  /**
   * Function declarations of the list that call back and are passed, once, as the callback of a call of the same
   * list (`function relay(err, stats) { if (err) return cb(err); cb(null, stats.size); } fs.stat(file, relay);`):
   * that call reads them as its inline callback, and the declaration goes.
   */
  private relayCallbacks(list: readonly AstNode[]): AstNode[] {
    const found = this.continuingDeclarations(list, passedOnceAsLastArgument);
    for (const fn of found) {
      this.relays.add(fn);
      this.relayNames.add(identifierName(child(fn, 'id')) ?? '');
    }
    return found;
  }

  /**
   * Function declarations of the list that continue the work (`function doRename() { fs.rename(a, b, cb); }`) and
   * are only ever called where a path ends (`if (x) mkdirs(); else doRename();`): each becomes a function that
   * returns the promise, and calling it ends the path. Their bodies are read as synchronous code, since a call may
   * come before any operation.
   */
  private innerContinuations(list: readonly AstNode[]): AstNode[] {
    const found = this.continuingDeclarations(list, onlyCalledAsStatements);
    for (const fn of found) this.innerSteps.add(identifierName(child(fn, 'id')) ?? '');
    return found;
  }

  /** Plain function declarations of the list that use the continuation, and whose name the list uses only as `usedAs` allows. */
  private continuingDeclarations(list: readonly AstNode[], usedAs: (list: readonly AstNode[], name: string, declaration: AstNode) => boolean): AstNode[] {
    return list.filter((statement) => {
      const name = identifierName(child(statement, 'id'));
      if (statement.type !== 'FunctionDeclaration' || name === undefined || prop(statement, 'async') === true || prop(statement, 'generator') === true) return false;
      return this.mentionsContinuation(statement) && usedAs(list, name, statement);
    });
  }

  private path(list: readonly AstNode[], timing: Timing, outcome: Outcome): AstNode[] {
    const out: AstNode[] = [];
    for (let index = 0; index < list.length; index += 1) {
      const statement = list[index];
      if (statement === undefined) break;
      const rest = list.slice(index + 1);
      if (!this.mentionsContinuation(statement)) {
        if (this.continuation !== undefined && hasOwnReturn(statement) && !this.isFailureGuard(statement)) throw new Skip(SKIP_REASONS.notEveryPath);
        out.push(statement);
        if (!canCompleteNormally([statement])) return out; // a throw: the path ends here, as before
        continue;
      }
      const early = timing === 'async' ? this.earlyReturns(statement, outcome) : undefined;
      if (early !== undefined) {
        // a loop (or any statement) that leaves the handler only through `return cb(...)`: the path goes on after it
        out.push(early);
        continue;
      }
      const continued = this.statementWithContinuation(statement, rest, timing, outcome, list.slice(0, index));
      const merged = this.unwrappedFromTry.has(continued[0] ?? statement) ? mergedDeclaration(out.at(-1), continued[0], [...out, ...continued]) : undefined;
      if (merged !== undefined) out.splice(-1, 1, merged);
      out.push(...(merged === undefined ? continued : continued.slice(1)));
      return out;
    }
    if (this.continuation !== undefined) throw new Skip(SKIP_REASONS.notEveryPath);
    return out;
  }

  /**
   * Inside a handler, `for (...) { if (bad) return cb(error); }` ends the path at each such `return` and otherwise
   * goes on: each `return cb(...)` becomes its promise form in a copy of the statement. Undefined when the statement
   * uses the continuation any other way, or is a form the ordinary path rules handle better.
   */
  private earlyReturns(statement: AstNode, outcome: Outcome): AstNode | undefined {
    if (['ExpressionStatement', 'ReturnStatement', 'IfStatement', 'BlockStatement', 'TryStatement'].includes(statement.type)) return undefined;
    const returns: AstNode[] = [];
    const found = { otherUse: false };
    const visit = (node: AstNode, parent: AstNode | undefined): void => {
      if (found.otherUse || isFunction(node)) {
        if (isFunction(node) && this.mentionsContinuation(node)) found.otherUse = true;
        return;
      }
      if (node.type === 'ReturnStatement') {
        const argument = child(node, 'argument');
        if (argument !== undefined && isCallNode(argument) && this.continuationArguments(argument) !== undefined) {
          returns.push(node);
          return;
        }
      }
      if (node.type === 'Identifier' && this.isContinuationName(identifierName(node)) && parent !== undefined) found.otherUse = true;
      forEachChild(node, (kid) => {
        visit(kid, node);
      });
    };
    visit(statement, undefined);
    if (found.otherUse || returns.length === 0) return undefined;
    const replacements = new Map(returns.map((node) => [node, this.settle(this.continuationArguments(child(node, 'argument') ?? node) ?? [], outcome, 'settle')]));
    return copyWithReplacements(statement, (node) => replacements.get(node));
  }

  /**
   * The counter pattern: `let pending = items.length; items.forEach((item, i) => { op(item, (err, v) => { ...;
   * if (--pending === 0) cb(null, results); }); });` starts every operation at once and calls back when the last one
   * is done, or with the first error. As promises: `return Promise.all(items.map((item, i) => op(item).then(...)))
   * .then(() => results)`, each item's path ending where it counted itself done. A failure flag that stops later
   * items after the first error (`if (failed) return;` ... `failed = true; return cb(err);`) is kept as it is.
   */
  private counterLoop(expression: AstNode, rest: readonly AstNode[], before: readonly AstNode[]): AstNode[] | undefined {
    const callee = calleeOf(expression);
    const [iteratee, ...others] = argumentsOf(expression);
    if (expression.type !== 'CallExpression' || callee?.type !== 'MemberExpression' || identifierName(child(callee, 'property')) !== 'forEach') return undefined;
    const items = child(callee, 'object');
    const itemsName = items?.type === 'Identifier' ? identifierName(items) : undefined;
    if (itemsName === undefined || iteratee === undefined || others.length > 0 || (iteratee.type !== 'FunctionExpression' && iteratee.type !== 'ArrowFunctionExpression')) return undefined;
    const counter = this.counterOf(iteratee, itemsName);
    if (counter === undefined) return undefined;
    if (rest.length > 0) throw new Skip(SKIP_REASONS.codeAfterCallback);
    // with no items the original never called back; Promise.all([]) would resolve
    if (![...before, ...this.guards].some((statement) => isEmptyGuard(statement, counter, itemsName))) throw new Skip(SKIP_REASONS.notEveryPath);
    if (prop(iteratee, 'async') === true || prop(iteratee, 'generator') === true) throw new Skip(SKIP_REASONS.asyncCallback);
    if (iteratee.type === 'FunctionExpression' && usesOwnBinding(iteratee)) throw new Skip(SKIP_REASONS.thisOrArguments);
    const outer = this.item;
    this.item = { iteratee, counter, result: undefined, finish: undefined, flags: this.context.failureFlags };
    try {
      const body = this.tail(callbackStatements(iteratee), 'sync', NO_OUTCOME);
      const result = this.item.result;
      if (result === undefined) throw new Skip(SKIP_REASONS.notEveryPath);
      const mapped = { ...iteratee, body: build('BlockStatement', { body }), expression: false } as AstNode;
      const all = callOf(build('MemberExpression', { object: ident('Promise'), property: ident('all'), computed: false }), [methodCall(items ?? iteratee, 'map', [mapped])]);
      const done = build(iteratee.type, {
        id: null,
        params: [],
        body: build('BlockStatement', { body: [...(this.item.finish ?? []), ...(result === null ? [] : [build('ReturnStatement', { argument: result })])] }),
        async: false,
        generator: false,
        expression: false,
      });
      return [build('ReturnStatement', { argument: thenCall(all, [done]) })];
    } finally {
      this.item = outer;
    }
  }

  /** The counter an iteratee counts down (`--pending`), when it was set to `items.length` and is used for nothing else. */
  private counterOf(iteratee: AstNode, itemsName: string): string | undefined {
    const decremented = new Set<string>();
    visitVariables(iteratee, (identifier, parent) => {
      if (parent?.type === 'UpdateExpression' && prop(parent, 'operator') === '--') decremented.add(identifierName(identifier) ?? '');
    });
    const [name] = decremented;
    if (decremented.size !== 1 || name === undefined) return undefined;
    const counterId = findIdentifier(iteratee, name);
    const declaration = counterId === undefined ? undefined : findDeclaration(counterId, this.context.tree);
    const init = declaration?.node.type === 'VariableDeclarator' ? child(declaration.node, 'init') : undefined;
    const countsItems = init?.type === 'MemberExpression' && identifierName(child(init, 'object')) === itemsName && identifierName(child(init, 'property')) === 'length';
    return countsItems ? name : undefined;
  }

  /** `if (--pending === 0) cb(null, results);` inside an item: the item is done (its path ends), recording what the loop resolves to. */
  private itemDone(statement: AstNode): AstNode[] | undefined {
    if (this.item === undefined || child(statement, 'alternate') !== undefined) return undefined;
    const test = child(statement, 'test');
    const update =
      test?.type === 'UnaryExpression' && prop(test, 'operator') === '!'
        ? child(test, 'argument')
        : test?.type === 'BinaryExpression' && ['===', '=='].includes(String(prop(test, 'operator'))) && prop(child(test, 'right') ?? test, 'value') === 0
          ? child(test, 'left')
          : undefined;
    if (update?.type !== 'UpdateExpression' || prop(update, 'operator') !== '--' || prop(update, 'prefix') !== true || identifierName(child(update, 'argument')) !== this.item.counter) return undefined;
    const consequent = statementList(child(statement, 'consequent'));
    const last = consequent.at(-1);
    const call = last?.type === 'ReturnStatement' ? child(last, 'argument') : last?.type === 'ExpressionStatement' ? child(last, 'expression') : undefined;
    if (call === undefined || !isCallNode(call) || identifierName(calleeOf(call)) !== this.continuation) return undefined;
    const finish = consequent.slice(0, -1);
    if (!this.canFinishAfterAll(finish)) throw new Skip(SKIP_REASONS.lastItemOwnValues);
    // two different finishing blocks: which one runs depends on which item is last
    if (this.item.finish !== undefined && (this.item.finish.length !== finish.length || this.item.finish.some((node, index) => node !== finish[index]))) {
      throw new Skip(SKIP_REASONS.lastItemOwnValues);
    }
    this.item.finish = finish;
    const [error, value, ...more] = argumentsOf(call);
    if ((error !== undefined && !isNullish(error)) || more.length > 0 || (value !== undefined && !readsNothing(value))) throw new Skip(SKIP_REASONS.unclearError);
    const result = value ?? null;
    const known = this.item.result;
    // the same call seen again (an item body is translated once per outcome), or another call passing the same name
    const agrees = known === undefined || known === result || (known === null ? result === null : result !== null && identifierName(known) !== undefined && identifierName(known) === identifierName(result));
    if (!agrees) throw new Skip(SKIP_REASONS.unclearError);
    this.item.result = result;
    this.successArities.add(result === null ? 0 : 1);
    return [build('ReturnStatement', { argument: null })];
  }

  /**
   * Whether the statements the last item runs before calling back can run once all items are done instead: plain
   * statements that read nothing of one item's own (its parameters or variables), so they mean the same there.
   */
  private canFinishAfterAll(statements: readonly AstNode[]): boolean {
    const iteratee = this.item?.iteratee;
    if (iteratee === undefined) return false;
    return statements.every((statement) => {
      if (this.mentionsContinuation(statement) || hasOwnReturn(statement) || !canCompleteNormally([statement]) || statement.type === 'FunctionDeclaration') return false;
      // the counter is not counted down any more: it would read its value before the items finished
      if (this.item !== undefined && mentions(statement, this.item.counter)) return false;
      let itemOwn = false;
      visitVariables(statement, (identifier) => {
        const declared = findDeclaration(identifier, this.context.tree)?.node;
        if (declared === undefined || !(declared === iteratee || isAncestorOf(iteratee, declared, this.context.tree))) return;
        // names the finishing statements declare themselves move with them
        if (!statements.some((moved) => moved === declared || isAncestorOf(moved, declared, this.context.tree))) itemOwn = true;
      });
      return !itemOwn;
    });
  }

  private isFailureGuard(statement: AstNode): boolean {
    if (this.item === undefined || statement.type !== 'IfStatement' || child(statement, 'alternate') !== undefined) return false;
    const flag = identifierName(child(statement, 'test'));
    const [only, ...others] = statementList(child(statement, 'consequent'));
    return flag !== undefined && this.item.flags.has(flag) && others.length === 0 && only?.type === 'ReturnStatement' && child(only, 'argument') === undefined;
  }

  /** A statement that uses the continuation, with the statements after it on its path. */
  private statementWithContinuation(statement: AstNode, rest: readonly AstNode[], timing: Timing, outcome: Outcome, before: readonly AstNode[] = []): AstNode[] {
    switch (statement.type) {
      case 'ExpressionStatement':
      case 'ReturnStatement': {
        const expression = child(statement, statement.type === 'ExpressionStatement' ? 'expression' : 'argument');
        if (expression === undefined) throw new Skip(SKIP_REASONS.notEveryPath);
        // `cb(err); return;` ends the path like `return cb(err);`
        const after = statement.type === 'ExpressionStatement' && !endsWithBareReturn(rest) ? rest : [];
        const loop = statement.type === 'ExpressionStatement' ? this.counterLoop(expression, after, before) : undefined;
        if (loop !== undefined) return loop;
        return this.terminal(expression, after, timing, outcome, statement.type === 'ReturnStatement');
      }
      case 'IfStatement': {
        const itemDone = this.itemDone(statement);
        if (itemDone !== undefined) {
          if (timing === 'sync') throw new Skip(SKIP_REASONS.syncCallback);
          if (rest.length > 0) throw new Skip(SKIP_REASONS.codeAfterCallback);
          return itemDone;
        }
        return this.ifStatement(statement, rest, timing, outcome);
      }
      case 'BlockStatement': {
        const body = children(statement, 'body');
        if (rest.length > 0 && canCompleteNormally(body) && declaresLexically(body)) throw new Skip(SKIP_REASONS.unsupportedStatement);
        const path = canCompleteNormally(body) ? [...body, ...rest] : body;
        return [build('BlockStatement', { body: this.tail(path, timing, outcome) })];
      }
      case 'TryStatement':
        return this.tryStatement(statement, rest, timing, outcome);
      default:
        throw new Skip(this.whyUnsupported(statement));
    }
  }

  /** The reason for a statement form that uses the continuation in a way no rewrite here maps. */
  private whyUnsupported(statement: AstNode): SkipReason {
    // a function declared beside the path that calls back, and is handed on (`fs.stat(a, relay); fs.stat(b, relay);`)
    if (statement.type === 'FunctionDeclaration') return SKIP_REASONS.callbackEscapes;
    if (/^(?:For|While|DoWhile|ForIn|ForOf)Statement$/.test(statement.type) || this.callsContinuationInNestedFunction(statement)) {
      return SKIP_REASONS.callbackInLoop;
    }
    return statement.type === 'VariableDeclaration' || statement.type === 'FunctionDeclaration' ? SKIP_REASONS.callbackEscapes : SKIP_REASONS.unsupportedStatement;
  }

  private ifStatement(statement: AstNode, rest: readonly AstNode[], timing: Timing, outcome: Outcome): AstNode[] {
    const test = child(statement, 'test');
    if (test !== undefined && this.mentionsContinuation(test)) throw new Skip(SKIP_REASONS.callbackEscapes);
    const consequent = statementList(child(statement, 'consequent'));
    const alternateNode = child(statement, 'alternate');
    const alternate = statementList(alternateNode);
    const consequentCompletes = canCompleteNormally(consequent);
    const alternateCompletes = canCompleteNormally(alternate);
    if (consequentCompletes && alternateCompletes && rest.length > 0) throw new Skip(SKIP_REASONS.rejoiningBranches);
    const consequentPath = this.tail(consequentCompletes ? [...consequent, ...rest] : consequent, timing, outcome);
    if (alternateNode === undefined && !consequentCompletes) {
      // `if (err) return cb(err); ...rest`: keeps its flat shape
      // what follows runs only when the test failed: a guard the counter pattern looks for
      this.guards.push(statement);
      try {
        return [build('IfStatement', { test, consequent: asBranch(child(statement, 'consequent'), consequentPath), alternate: null }), ...this.tail(rest, timing, outcome)];
      } finally {
        this.guards.pop();
      }
    }
    const alternatePath = this.tail(alternateCompletes ? [...alternate, ...rest] : alternate, timing, outcome);
    return [
      build('IfStatement', {
        test,
        consequent: asBranch(child(statement, 'consequent'), consequentPath),
        alternate: asBranch(alternateNode, alternatePath),
      }),
    ];
  }

  /**
   * `try { plain } catch (e) { return cb(e) }`: inside a handler a throw already rejects with `e`, so the `try` goes;
   * elsewhere the catch clause is translated like any path.
   */
  private tryStatement(statement: AstNode, rest: readonly AstNode[], timing: Timing, outcome: Outcome): AstNode[] {
    const block = child(statement, 'block');
    const handler = child(statement, 'handler');
    const parameter = handler === undefined ? undefined : child(handler, 'param');
    const errorName = identifierName(parameter);
    if (block === undefined || handler === undefined || child(statement, 'finalizer') !== undefined || errorName === undefined || parameter?.type !== 'Identifier') {
      throw new Skip(SKIP_REASONS.unsupportedStatement);
    }
    const blockStatements = children(block, 'body');
    if (this.mentionsContinuation(block) || hasOwnReturn(block)) throw new Skip(SKIP_REASONS.unsupportedStatement);
    const handlerStatements = children(child(handler, 'body') ?? handler, 'body');
    if (canCompleteNormally(handlerStatements) && rest.length > 0) throw new Skip(SKIP_REASONS.rejoiningBranches);
    const caught: Outcome = { nullNames: outcome.nullNames, errorNames: new Set([...outcome.errorNames, errorName]) };
    const handlerPath = this.tail(handlerStatements, timing, caught);
    const restPath = this.tail(rest, timing, outcome);
    const rethrows = handlerPath.length === 1 && handlerPath[0]?.type === 'ThrowStatement' && identifierName(child(handlerPath[0], 'argument')) === errorName;
    if (timing === 'async' && rethrows) {
      const unwrapped = declaresLexically(blockStatements) ? [build('BlockStatement', { body: blockStatements })] : blockStatements;
      if (unwrapped[0] !== undefined) this.unwrappedFromTry.add(unwrapped[0]);
      return [...unwrapped, ...restPath];
    }
    const newHandler = build('CatchClause', { param: parameter, body: build('BlockStatement', { body: handlerPath }) });
    return [build('TryStatement', { block, handler: newHandler, finalizer: null }), ...restPath];
  }

  /** An expression statement or return that uses the continuation: the end of its path. */
  private terminal(expression: AstNode, rest: readonly AstNode[], timing: Timing, outcome: Outcome, returned: boolean): AstNode[] {
    const call = expression.type === 'CallExpression' ? expression : undefined;
    if (call === undefined) throw new Skip(SKIP_REASONS.callbackEscapes);
    const settled = this.continuationArguments(call);
    if (settled !== undefined) {
      if (timing === 'sync' && !this.context.deferSyncCallbacks) throw new Skip(SKIP_REASONS.syncCallback);
      if (rest.length > 0) throw new Skip(SKIP_REASONS.codeAfterCallback);
      return this.settle(settled, outcome, timing === 'sync' ? 'promise' : 'settle');
    }
    const calleeName = calleeOf(call)?.type === 'Identifier' ? identifierName(calleeOf(call)) : undefined;
    if (calleeName !== undefined && this.innerSteps.has(calleeName)) {
      if (rest.length > 0) throw new Skip(SKIP_REASONS.codeAfterCallback);
      return [build('ReturnStatement', { argument: call })];
    }
    const deferred = this.deferredCall(call);
    if (deferred !== undefined) {
      if (rest.length > 0) throw new Skip(SKIP_REASONS.codeAfterCallback);
      return this.settle(deferred, outcome, timing === 'sync' ? 'promise' : 'settle');
    }
    const step = this.controlFlowStep(call) ?? this.context.stepOf(call);
    if (step === undefined) throw new Skip(this.whyNotStep(call));
    // `return exec(cmd, cb)` handed its caller a ChildProcess, which a promise body cannot return as well
    if (returned && timing === 'sync' && step.returns !== undefined) throw new Skip(SKIP_REASONS.returnValueUsed);
    const promise = this.stepPromise(call, step);
    if (rest.length === 0) return [build('ReturnStatement', { argument: promise })];
    // the operation starts, the code after it runs at once, and the function then waits for the operation
    if (rest.some((statement) => this.mentionsContinuation(statement) || hasOwnReturn(statement)) || !canCompleteNormally(rest)) {
      throw new Skip(SKIP_REASONS.codeAfterCallback);
    }
    const pending = this.context.freshName('pending');
    return [declaration('const', ident(pending), promise), ...rest, build('ReturnStatement', { argument: ident(pending) })];
  }

  /** Why a call that uses the continuation is no step: a loop or listener, a callback API we cannot rewrite, or other code. */
  private whyNotStep(call: AstNode): SkipReason {
    if (!this.callsContinuationInNestedFunction(call)) return SKIP_REASONS.callbackEscapes;
    const callee = calleeOf(call);
    const method = callee?.type === 'MemberExpression' ? identifierName(child(callee, 'property')) : undefined;
    return method !== undefined && REPEATING_METHODS.has(method) ? SKIP_REASONS.callbackInLoop : SKIP_REASONS.unconvertedCall;
  }

  /** `process.nextTick(cb, ...args)` and `process.nextTick(() => cb(...args))`: the arguments `cb` will get. */
  private deferredCall(call: AstNode): AstNode[] | undefined {
    const callee = calleeOf(call);
    if (callee?.type !== 'MemberExpression' || prop(callee, 'computed') === true) return undefined;
    const object = child(callee, 'object');
    if (!isGlobalReference(object, 'process', this.context.tree) || identifierName(child(callee, 'property')) !== 'nextTick') return undefined;
    const [first, ...args] = argumentsOf(call);
    // the arguments after the callback are evaluated now, as `Promise.resolve(value)` evaluates them
    if (identifierName(first) === this.continuation && first?.type === 'Identifier') return args;
    if (first === undefined || !isFunction(first) || args.length > 0 || children(first, 'params').length > 0) return undefined;
    const body = child(first, 'body');
    const only = body?.type === 'BlockStatement' ? children(body, 'body') : body === undefined ? [] : [build('ExpressionStatement', { expression: body })];
    const inner = only.length === 1 && only[0]?.type === 'ExpressionStatement' ? child(only[0], 'expression') : undefined;
    if (inner?.type !== 'CallExpression' || identifierName(calleeOf(inner)) !== this.continuation) return undefined;
    // read later in the original: only values that cannot change in between keep their meaning
    const values = argumentsOf(inner);
    return values.every((value) => this.isStable(value)) ? values : undefined;
  }

  /** A value that reads the same later as now: a literal, or a variable nothing in the file assigns to. */
  private isStable(node: AstNode): boolean {
    if (readsNothing(node) && node.type !== 'Identifier') return true;
    const name = identifierName(node);
    return node.type === 'Identifier' && name !== undefined && findDeclaration(node, this.context.tree) !== undefined && !this.context.isAssigned(name);
  }

  /**
   * `cb(...args)` as the end of a promise path: `return value`, `throw error`, or, for an error argument that may be
   * null, both behind a test. `form` 'promise' settles with `Promise.resolve/reject` (outside any handler).
   */
  private settle(args: readonly AstNode[], outcome: Outcome, form: 'settle' | 'promise'): AstNode[] {
    const [first, ...values] = args;
    if (values.length > 1) throw new Skip(SKIP_REASONS.multipleValues);
    const [value] = values;
    const resolve = (): AstNode => {
      this.successArities.add(value === undefined ? 0 : 1);
      return form === 'promise'
        ? build('ReturnStatement', { argument: promiseCall('resolve', value === undefined ? [] : [value]) })
        : build('ReturnStatement', { argument: value ?? null });
    };
    const reject = (error: AstNode): AstNode =>
      form === 'promise' ? build('ReturnStatement', { argument: promiseCall('reject', [error]) }) : build('ThrowStatement', { argument: error });
    const name = first?.type === 'Identifier' ? identifierName(first) : undefined;
    if (first === undefined || isNullish(first) || (name !== undefined && outcome.nullNames.has(name))) return [resolve()];
    // on failure the value is not passed on; dropping it is exact only when reading it does nothing
    if (value !== undefined && !readsNothing(value)) throw new Skip(SKIP_REASONS.unclearError);
    if ((name !== undefined && outcome.errorNames.has(name)) || first.type === 'NewExpression' || (name !== undefined && findDeclaration(first, this.context.tree)?.kind === 'catch')) {
      return [reject(first)];
    }
    if (name === undefined) throw new Skip(SKIP_REASONS.unclearError);
    // `cb(e, v)` where `e` may be null: error-first callers read a truthy `e` as the failure
    return [build('IfStatement', { test: ident(name), consequent: reject(ident(name)), alternate: null }), resolve()];
  }

  /**
   * The `async` library's `waterfall`, `series` and `parallel` over a literal array of task functions: each task is
   * translated like a function of its own (its last parameter is its continuation), and the tasks are joined the way
   * the library runs them. `waterfall` and `series` start the first task at once and each next one when the one
   * before succeeds; `parallel` starts all at once (`Promise.all`, results in task order, the first error wins).
   */
  private controlFlowStep(call: AstNode): Step | undefined {
    const callee = calleeOf(call);
    const member = callee === undefined ? undefined : resolveModuleMember(callee, this.context.tree);
    const flow = member !== undefined && ASYNC_LIBRARIES.has(member.specifier) && member.path.length === 1 ? member.path[0] : undefined;
    if (flow === 'each' || flow === 'map') return this.collectionStep(call, flow);
    if (flow !== 'waterfall' && flow !== 'series' && flow !== 'parallel') return undefined;
    const [tasks, callback, ...others] = argumentsOf(call);
    if (tasks?.type !== 'ArrayExpression' || callback === undefined || others.length > 0) return undefined;
    const functions = children(tasks, 'elements');
    if (functions.length === 0 || functions.some((task) => (task.type !== 'FunctionExpression' && task.type !== 'ArrowFunctionExpression') || prop(task, 'async') === true || prop(task, 'generator') === true)) {
      throw new Skip(SKIP_REASONS.unconvertedCall);
    }
    if (functions.some((task) => task.type === 'FunctionExpression' && usesOwnBinding(task))) throw new Skip(SKIP_REASONS.thisOrArguments);
    const translated = functions.map((task, index) => this.task(task, flow === 'parallel' || index === 0 ? 'sync' : 'async', flow === 'waterfall' && index > 0));
    let promise: AstNode;
    if (flow === 'parallel') {
      promise = callOf(build('MemberExpression', { object: ident('Promise'), property: ident('all'), computed: false }), [build('ArrayExpression', { elements: translated.map(({ start }) => start) })]);
    } else if (flow === 'waterfall') {
      promise = translated.slice(1).reduce((chain, { handler }) => thenCall(chain, [handler]), translated[0]?.start ?? tasks);
    } else {
      promise = this.seriesOf(translated.map(({ start }) => start));
    }
    // a waterfall calls back as its last task did; series and parallel always with their array of results
    const lastArities = translated.at(-1)?.arities ?? new Set<0 | 1>();
    if (flow === 'waterfall' && lastArities.size > 1) throw new Skip(SKIP_REASONS.mixedArity);
    const arity = flow === 'waterfall' && lastArities.has(0) ? 0 : 1;
    return { promise, callback, errorFirst: true, results: ['value'], placeholders: [], arity };
  }

  /**
   * `async.each(items, (item, next) => ..., cb)` and `async.map(...)`: every item's work starts at once, as
   * `Promise.all(items.map(...))`. Only behind a guard for no items (`if (!items.length) return ...;`): with none the
   * library calls back before it returns, which a promise would not.
   */
  private collectionStep(call: AstNode, flow: 'each' | 'map'): Step | undefined {
    const [items, iteratee, callback, ...others] = argumentsOf(call);
    const itemsName = items?.type === 'Identifier' ? identifierName(items) : undefined;
    if (items === undefined || itemsName === undefined || iteratee === undefined || callback === undefined || others.length > 0) return undefined;
    if (iteratee.type !== 'FunctionExpression' && iteratee.type !== 'ArrowFunctionExpression') throw new Skip(SKIP_REASONS.unconvertedCall);
    if (!this.guards.some((guard) => isEmptyGuard(guard, '', itemsName))) throw new Skip(SKIP_REASONS.notEveryPath);
    if (prop(iteratee, 'async') === true || prop(iteratee, 'generator') === true) throw new Skip(SKIP_REASONS.asyncCallback);
    if (iteratee.type === 'FunctionExpression' && usesOwnBinding(iteratee)) throw new Skip(SKIP_REASONS.thisOrArguments);
    const params = children(iteratee, 'params');
    const next = identifierName(params.at(-1));
    if (params.length !== 2 || next === undefined || params.some((param) => param.type !== 'Identifier')) throw new Skip(SKIP_REASONS.callbackShape);
    const inner = new ContinuationTranslator(this.library(), next);
    const body = inner.functionBody(callbackStatements(iteratee)).statements;
    this.placeholders.push(...inner.placeholders);
    for (const consumed of inner.consumed) this.consumed.add(consumed);
    const mapped = { ...iteratee, params: params.slice(0, 1), body: build('BlockStatement', { body }), expression: false } as AstNode;
    const all = callOf(build('MemberExpression', { object: ident('Promise'), property: ident('all'), computed: false }), [methodCall(items, 'map', [mapped])]);
    // each calls back with no value; map with the values in item order
    if (flow === 'map') return { promise: all, callback, errorFirst: true, results: ['value'], placeholders: [], arity: 1 };
    const done = build('ArrowFunctionExpression', { params: [], body: build('BlockStatement', { body: [] }), async: false, expression: false });
    return { promise: thenCall(all, [done]), callback, errorFirst: true, results: [], placeholders: [], arity: 0 };
  }

  /**
   * One task: the promise it starts (`start`, run where the task ran), or, for a waterfall's later tasks, a handler
   * taking the value the task before passed on.
   */
  private task(task: AstNode, timing: Timing, takesPrevious: boolean): { start: AstNode; handler: AstNode; arities: ReadonlySet<0 | 1> } {
    const params = children(task, 'params');
    const next = identifierName(params.at(-1));
    const values = params.slice(0, -1);
    if (next === undefined || params.some((param) => param.type !== 'Identifier') || values.length > (takesPrevious ? 1 : 0)) throw new Skip(SKIP_REASONS.multipleValues);
    const inner = new ContinuationTranslator(this.library(), next);
    const statements = timing === 'sync' ? inner.functionBody(callbackStatements(task)).statements : inner.handlerBody(callbackStatements(task));
    this.placeholders.push(...inner.placeholders);
    for (const consumed of inner.consumed) this.consumed.add(consumed);
    const handler = build('ArrowFunctionExpression', { params: values, body: build('BlockStatement', { body: statements }), async: false, expression: false });
    const [only] = statements;
    const start = statements.length === 1 && only?.type === 'ReturnStatement' && child(only, 'argument') !== undefined ? (child(only, 'argument') ?? only) : callOf(build('ArrowFunctionExpression', { params: [], body: build('BlockStatement', { body: statements }), async: false, expression: false }), []);
    return { start, handler, arities: inner.successArities };
  }

  /** `first.then((r1) => second.then((r2) => [r1, r2]))`: each task starts when the one before succeeded. */
  private seriesOf(starts: readonly AstNode[]): AstNode {
    const names = starts.map(() => this.context.freshName('result'));
    const build_ = (index: number): AstNode => {
      const start = starts[index] ?? ident('undefined');
      const name = names[index] ?? 'result';
      const rest = index + 1 < starts.length ? build_(index + 1) : build('ArrayExpression', { elements: names.map((item) => ident(item)) });
      return thenCall(start, [build('ArrowFunctionExpression', { params: [ident(name)], body: rest, async: false, expression: true })]);
    };
    return build_(0);
  }

  /**
   * The context for a task or iteratee of the `async` library: its continuation is the library's, which starts the
   * next task at once when a task calls back synchronously, so such a task is never deferred.
   */
  private library(): TranslationContext {
    return { ...this.context, deferSyncCallbacks: false };
  }

  /** The step's promise with the callback's work attached: forwarded (`cb` itself) or `.then(ok[, fail])`. */
  private stepPromise(call: AstNode, step: Step): AstNode {
    this.placeholders.push(...step.placeholders);
    this.consumed.add(call);
    // the relay this very name refers to: another function of the same name elsewhere is not it
    const declared = step.callback.type === 'Identifier' ? findDeclaration(step.callback, this.context.tree)?.node : undefined;
    const relay = declared !== undefined && this.relays.has(declared) ? declared : undefined;
    const callback = relay === undefined ? step.callback : ({ ...relay, type: 'FunctionExpression' } as AstNode);
    if (callback.type === 'Identifier' && identifierName(callback) === this.continuation) {
      if (step.results.length > 1) throw new Skip(SKIP_REASONS.multipleValues);
      if (step.forwardsTo !== undefined) this.forwardedTo.push(step.forwardsTo);
      else this.successArities.add(step.arity ?? (step.results.length === 0 ? 0 : 1));
      return step.promise;
    }
    if (callback.type !== 'FunctionExpression' && callback.type !== 'ArrowFunctionExpression') throw new Skip(SKIP_REASONS.namedCallback);
    if (prop(callback, 'async') === true || prop(callback, 'generator') === true) throw new Skip(SKIP_REASONS.asyncCallback);
    if (callback.type === 'FunctionExpression' && usesOwnBinding(callback)) throw new Skip(SKIP_REASONS.thisOrArguments);
    const params = children(callback, 'params');
    if (params.some((param) => param.type !== 'Identifier' || child(param, 'typeAnnotation') !== undefined)) throw new Skip(SKIP_REASONS.callbackShape);
    const body = callbackStatements(callback);
    if (!step.errorFirst) {
      if (params.length > 0) throw new Skip(SKIP_REASONS.noPromiseForm);
      const ok = this.handler(callback, [], this.tail(body, 'async', NO_OUTCOME));
      return thenCall(step.promise, [ok]);
    }
    const [errorParam, ...valueParams] = params;
    const errorName = identifierName(errorParam);
    if (errorParam === undefined || errorName === undefined || !mentions(build('BlockStatement', { body }), errorName)) throw new Skip(SKIP_REASONS.ignoresError);
    const expected = step.results.length;
    if (valueParams.length > Math.max(expected, 1) || (expected === 0 && valueParams.length > 0)) throw new Skip(SKIP_REASONS.noPromiseForm);
    const succeeded = bodyOnOutcome(body, errorName, false);
    const failed = bodyOnOutcome(body, errorName, true);
    const valueNames = valueParams.map((param) => identifierName(param) ?? '');
    if (valueNames.some((name) => mentions(build('BlockStatement', { body: failed }), name))) throw new Skip(SKIP_REASONS.resultOnErrorPath);
    const successOutcome: Outcome = { nullNames: new Set([errorName]), errorNames: new Set() };
    const failureOutcome: Outcome = { nullNames: new Set(), errorNames: new Set([errorName]) };
    if (this.errorReadOnSuccess(succeeded, errorName)) throw new Skip(SKIP_REASONS.errorOnSuccessPath);
    const okStatements = this.tail(succeeded, 'async', successOutcome);
    const failStatements = this.tail(failed, 'async', failureOutcome);
    // in a counter loop, each failing item called back again unless a failure flag stopped it first
    const guarded = body[0] !== undefined && this.isFailureGuard(body[0]);
    if (this.item !== undefined && !guarded && (throwsOwn(okStatements) || throwsOwn(failStatements))) throw new Skip(SKIP_REASONS.repeatedErrors);
    const ok = this.handler(callback, this.valueParameters(valueParams, step), okStatements);
    const rethrowsOnly = failStatements.length === 1 && failStatements[0]?.type === 'ThrowStatement' && identifierName(child(failStatements[0], 'argument')) === errorName;
    // `(v) => v` on success adds nothing: the promise already resolves to the value
    const passesValueOn = step.results.length <= 1 && okStatements.length === 1 && okStatements[0]?.type === 'ReturnStatement' && valueNames.length === 1 && identifierName(child(okStatements[0], 'argument')) === valueNames[0];
    if (rethrowsOnly) return passesValueOn ? step.promise : thenCall(step.promise, [ok]);
    const fail = build(callback.type, {
      id: null,
      params: mentions(build('BlockStatement', { body: failStatements }), errorName) ? [ident(errorName)] : [],
      body: build('BlockStatement', { body: withoutTrailingReturn(failStatements) }),
      async: false,
      generator: false,
      expression: false,
    });
    return passesValueOn ? methodCall(step.promise, 'catch', [fail]) : thenCall(step.promise, [ok, fail]);
  }

  /** The success handler's parameter: the one value, or the fields of the result object (`{ stdout, stderr }`). */
  private valueParameters(valueParams: readonly AstNode[], step: Step): AstNode[] {
    if (valueParams.length === 0) return [];
    if (step.results.length <= 1) return [...valueParams];
    const fields = valueParams.map((param, index) => {
      const key = step.results[index] ?? '';
      const local = identifierName(param) ?? key;
      return key === local ? key : `${key}: ${local}`;
    });
    return [this.context.parseParameter(`{ ${fields.join(', ')} }`)];
  }

  /** The callback itself (a shallow copy, so recast keeps its text) with new parameters and body. */
  private handler(callback: AstNode, params: AstNode[], statements: AstNode[]): AstNode {
    return { ...callback, params, body: build('BlockStatement', { body: withoutTrailingReturn(statements) }), expression: false } as AstNode;
  }

  /** Whether the success path reads the error other than as the first argument of a call to the continuation. */
  private errorReadOnSuccess(statements: readonly AstNode[], errorName: string): boolean {
    let read = false;
    visitVariables(build('BlockStatement', { body: statements }), (identifier, parent, key) => {
      if (identifierName(identifier) !== errorName) return;
      const isContinuationArgument =
        parent?.type === 'CallExpression' && key === 'arguments' && argumentsOf(parent)[0] === identifier && identifierName(calleeOf(parent)) === this.continuation && this.reject === undefined;
      if (!isContinuationArgument) read = true;
    }, errorName);
    return read;
  }

  private mentionsContinuation(node: AstNode): boolean {
    if (this.continuation !== undefined && mentions(node, this.continuation)) return true;
    if (this.reject !== undefined && mentions(node, this.reject)) return true;
    return [...this.innerSteps, ...this.relayNames].some((name) => mentions(node, name));
  }

  private isContinuationName(name: string | undefined): boolean {
    return name !== undefined && (name === this.continuation || name === this.reject);
  }

  private callsContinuationInNestedFunction(node: AstNode): boolean {
    let found = false;
    visitVariables(node, (identifier, parent, key) => {
      if (identifierName(identifier) === this.continuation && key === 'callee' && parent !== undefined && isCallNode(parent)) found = true;
    }, this.continuation);
    return found;
  }
}

/** Whether every use of `name` under the list (its declaration aside) is a call made as a statement or returned. */
/**
 * Whether the list mentions `name` (besides declaring it) exactly once, as the callback of a call that is itself a
 * statement of the list (`fs.stat(file, relay);`, `return fs.stat(file, relay);`): read in place there, the function
 * sees the same names as where it was declared.
 */
function passedOnceAsLastArgument(list: readonly AstNode[], name: string, declaration: AstNode): boolean {
  let uses = 0;
  let asCallback = false;
  for (const statement of list) {
    const call = statement.type === 'ExpressionStatement' ? child(statement, 'expression') : statement.type === 'ReturnStatement' ? child(statement, 'argument') : undefined;
    visitVariables(statement, (identifier, parent) => {
      if (identifierName(identifier) !== name || identifier === child(declaration, 'id')) return;
      uses += 1;
      asCallback = parent !== undefined && parent === call && isCallNode(parent) && argumentsOf(parent).at(-1) === identifier;
    });
  }
  return uses === 1 && asCallback;
}

function onlyCalledAsStatements(list: readonly AstNode[], name: string, declaration: AstNode): boolean {
  let ok = true;
  for (const statement of list) {
    visitVariables(statement, (identifier, parent, key) => {
      if (identifierName(identifier) !== name || identifier === child(declaration, 'id')) return;
      if (parent === undefined || key !== 'callee' || !isCallNode(parent)) ok = false;
    });
  }
  return ok;
}

/** `if (pending === 0) return ...;` or `if (!items.length) { ...; return; }`: no item, no loop. */
function isEmptyGuard(statement: AstNode, counter: string, itemsName: string): boolean {
  if (statement.type !== 'IfStatement' || child(statement, 'alternate') !== undefined || canCompleteNormally(statementList(child(statement, 'consequent')))) return false;
  const test = child(statement, 'test');
  const countsNothing = (node: AstNode | undefined): boolean =>
    identifierName(node) === counter ||
    (node?.type === 'MemberExpression' && identifierName(child(node, 'object')) === itemsName && identifierName(child(node, 'property')) === 'length');
  if (test?.type === 'UnaryExpression' && prop(test, 'operator') === '!') return countsNothing(child(test, 'argument'));
  return test?.type === 'BinaryExpression' && ['===', '=='].includes(String(prop(test, 'operator'))) && countsNothing(child(test, 'left')) && prop(child(test, 'right') ?? test, 'value') === 0;
}

function findIdentifier(root: AstNode, name: string): AstNode | undefined {
  let found: AstNode | undefined;
  visitVariables(root, (identifier) => {
    if (identifierName(identifier) === name) found ??= identifier;
  });
  return found;
}

/** The `async` library and its drop-in twin, whose control-flow functions take error-first tasks. */
function isCallNode(node: AstNode): boolean {
  return node.type === 'CallExpression' || node.type === 'OptionalCallExpression';
}

function thenCall(promise: AstNode, handlers: AstNode[]): AstNode {
  return methodCall(promise, 'then', handlers);
}

function methodCall(object: AstNode, method: string, args: AstNode[]): AstNode {
  return callOf(build('MemberExpression', { object, property: ident(method), computed: false }), args);
}

function promiseCall(method: 'resolve' | 'reject', args: AstNode[]): AstNode {
  return callOf(build('MemberExpression', { object: ident('Promise'), property: ident(method), computed: false }), args);
}

/** A branch with its new statements, braced as it was (a lone statement stays unbraced). */
function asBranch(original: AstNode | undefined, statements: AstNode[]): AstNode {
  if (original?.type !== 'BlockStatement' && statements.length === 1 && statements[0] !== undefined) return statements[0];
  return build('BlockStatement', { body: statements });
}

/** A handler's body ends in `return;` only to stop the path; at the very end it says nothing. */
function withoutTrailingReturn(statements: AstNode[]): AstNode[] {
  const last = statements.at(-1);
  return last?.type === 'ReturnStatement' && child(last, 'argument') === undefined ? statements.slice(0, -1) : statements;
}

/** A callback's body as statements; an expression body is a statement whose value Node ignored anyway. */
export function callbackStatements(fn: AstNode): AstNode[] {
  const body = child(fn, 'body');
  if (body === undefined) return [];
  return body.type === 'BlockStatement' ? children(body, 'body') : [build('ExpressionStatement', { expression: body })];
}

/** A literal, a variable, or an array or object literal of those: evaluating it has no effect. */
function readsNothing(node: AstNode): boolean {
  if (node.type === 'ArrayExpression') return children(node, 'elements').every(readsNothing);
  // `{ counts, total }`: plain keys and values that read nothing (no spread, getter, method or computed key)
  if (node.type === 'ObjectExpression') {
    return children(node, 'properties').every((property) => {
      const value = child(property, 'value');
      const plain = (property.type === 'Property' && prop(property, 'kind') === 'init') || property.type === 'ObjectProperty';
      return plain && prop(property, 'computed') !== true && prop(property, 'method') !== true && value !== undefined && readsNothing(value);
    });
  }
  return node.type === 'Identifier' || node.type === 'Literal' || (node.type.endsWith('Literal') && node.type !== 'TemplateLiteral');
}

/**
 * `let v;` followed by `v = value;` as one declaration, `let v = value;`, when nothing is lost: one declarator without
 * a value (nor TypeScript's `!`), no comment on the assignment, and nothing that could read `v` while the value is
 * computed (it would then read it before its declaration had run): not the value itself, and no function of the
 * block, which the value could call.
 */
function mergedDeclaration(declarationNode: AstNode | undefined, assignmentStatement: AstNode | undefined, block: readonly AstNode[]): AstNode | undefined {
  if (declarationNode?.type !== 'VariableDeclaration' || prop(declarationNode, 'kind') === 'const') return undefined;
  const [declarator, ...others] = children(declarationNode, 'declarations');
  const name = identifierName(child(declarator ?? declarationNode, 'id'));
  if (declarator === undefined || others.length > 0 || name === undefined || child(declarator, 'init') !== undefined || prop(declarator, 'definite') === true) return undefined;
  if (block.some((statement) => readsInNestedFunction(statement, name)) || block.some((statement) => mentions(statement, 'eval'))) return undefined;
  if (assignmentStatement?.type !== 'ExpressionStatement' || (prop(assignmentStatement, 'comments') as unknown[] | undefined)?.length) return undefined;
  const assignment = child(assignmentStatement, 'expression');
  const value = assignment?.type === 'AssignmentExpression' && prop(assignment, 'operator') === '=' ? child(assignment, 'right') : undefined;
  if (value === undefined || identifierName(child(assignment ?? assignmentStatement, 'left')) !== name || mentions(value, name)) return undefined;
  return { ...declarationNode, declarations: [{ ...declarator, init: value }] } as AstNode;
}

/** Whether a function inside `root` (or `root` itself, a function declaration) mentions `name`. */
function readsInNestedFunction(root: AstNode, name: string): boolean {
  let found = false;
  const visit = (node: AstNode): void => {
    if (found) return;
    if (isFunction(node)) {
      found = mentions(node, name);
      return;
    }
    forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** Whether the statements run nothing before a `return;` that ends their path (empty statements aside). */
function endsWithBareReturn(statements: readonly AstNode[]): boolean {
  const first = statements.find((statement) => statement.type !== 'EmptyStatement');
  return first?.type === 'ReturnStatement' && child(first, 'argument') === undefined;
}

/** Whether a `return` of this statement's own function sits inside it. */
function hasOwnReturn(statement: AstNode): boolean {
  let found = false;
  const visit = (node: AstNode): void => {
    if (found || isFunction(node)) return;
    if (node.type === 'ReturnStatement') found = true;
    forEachChild(node, (kid) => {
      visit(kid);
    });
  };
  visit(statement);
  return found;
}

/** Whether a `throw` of these statements' own function is among them. */
function throwsOwn(statements: readonly AstNode[]): boolean {
  return statements.some((statement) => {
    let found = false;
    const visit = (node: AstNode): void => {
      if (found || isFunction(node)) return;
      if (node.type === 'ThrowStatement') found = true;
      else forEachChild(node, visit);
    };
    visit(statement);
    return found;
  });
}
