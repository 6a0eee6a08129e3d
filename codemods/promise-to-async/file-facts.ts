/**
 * What a file tells about its own functions without types: which names are callable, which functions report
 * every failure by rejecting, which expressions are promises, and which code cannot throw before its first `await`.
 */

import { type AstNode, child, children, identifierName, isFunction, isLiteral, prop, stringValue } from '../../core/ast.js';
import { type Tree, forEachChild, valueUse, walk } from '../../core/tree.js';
import { isPromisifyCall } from '../../core/promises.js';
import type { TypeOracle } from '../utils/types.js';
import { canCompleteNormally, ownReturns } from '../utils/statements.js';
import { boundNames } from '../utils/names.js';
import { bare, isChainCall, isUndefinedValue, unwrapParentheses } from './syntax.js';

/** `Promise` statics that never throw synchronously: a bad argument rejects. */
const PROMISE_STATICS = new Set(['resolve', 'reject', 'all', 'allSettled', 'race', 'any']);

const ERROR_CONSTRUCTORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

/** Core modules whose promise functions reject rather than throw on bad input. */
const PROMISE_MODULES = new Set(['fs/promises', 'timers/promises', 'stream/promises']);

/** What the file knows about its own names, gathered in one walk before anything changes. */
export class FileFacts {
  /** How many times each name is declared anywhere: a name declared once means one thing everywhere. */
  private readonly declarations = new Map<string, number>();
  /** Names assigned anywhere after their declaration: what they hold at one time says nothing about another. */
  private readonly reassigned = new Set<string>();
  readonly functionsByName = new Map<string, AstNode>();
  /** Names bound to something callable: functions, imports, `require` results, promisified functions. */
  readonly callableNames = new Set<string>();
  /** Names bound to functions that reject rather than throw: promise-module imports and `promisify` results. */
  readonly rejectingFunctions = new Set<string>();
  /** Names bound to functions whose promises are native ones (`fs/promises` imports, `util.promisify` results). */
  readonly nativeFunctions = new Set<string>();
  /** The initializer of each name declared by `const`/`let`/`var name = ...`. */
  readonly valuesByName = new Map<string, AstNode>();
  private readonly nativeMemo = new Map<AstNode, boolean>();
  /** Names bound to a promise module's namespace (`require('fs/promises')`, `require('fs').promises`). */
  readonly promiseNamespaces = new Set<string>();
  readonly constructedNames = new Set<string>();
  readonly executors = new Set<AstNode>();
  /** A function expression's method kind (get, set, constructor) and the ESTree method around it. */
  readonly methodKinds = new Map<AstNode, string>();
  private readonly safeFunctionMemo = new Map<AstNode, boolean>();
  /** Every function with a body, outer ones first (the order they are converted in). */
  readonly functions: AstNode[] = [];
  /** Names bound to the result of some `promisify(...)`, to sort out once the file is indexed. */
  private readonly promisified: [string, AstNode][] = [];
  /** Where each chain call starts, in source order. */
  private readonly chainStarts: number[] = [];
  /** Every identifier node of the file by name, and each node's parent, as written (before any conversion). */
  private readonly identifiers = new Map<string, AstNode[]>();
  private readonly tree: Tree;

  constructor(
    program: AstNode,
    /** Type information, when the file belongs to a TypeScript project. */
    readonly types?: TypeOracle,
  ) {
    // one walk for everything: the parents (the tree as written) and the facts
    const parents = new WeakMap<AstNode, AstNode>();
    walk(program, (node) => {
      forEachChild(node, (kid) => parents.set(kid, node));
      this.collect(node);
      return true;
    });
    this.tree = { parentOf: (node) => parents.get(node) };
    this.chainStarts.sort((a, b) => a - b);
    // only `util.promisify` makes native promises (Bluebird's makes its own): core resolves the import, now that
    // the whole file is indexed
    for (const [name, call] of this.promisified) if (isPromisifyCall(call, this.tree)) this.nativeFunctions.add(name);
  }

  /** Whether a chain starts inside `fn`'s source: functions without one need no look at all. */
  mayHoldChain(fn: AstNode): boolean {
    const start = prop(fn, 'start');
    const end = prop(fn, 'end');
    if (typeof start !== 'number' || typeof end !== 'number') return true;
    // binary search in the sorted chainStarts for the first at or after `start`
    let low = 0;
    let high = this.chainStarts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.chainStarts[middle] ?? 0) < start) low = middle + 1;
      else high = middle;
    }
    return low < this.chainStarts.length && (this.chainStarts[low] ?? end) < end;
  }

  /** Every identifier name the file uses (for names that must be new). */
  usedNames(): Iterable<string> {
    return this.identifiers.keys();
  }

  /**
   * Whether the expression's value is certainly a native `Promise` (not a Bluebird or a subclass, which an async
   * function's own promise would replace): async functions, the global `Promise`, `fetch`, `import()`, promise
   * modules, `util.promisify` results, chains on any of these, and functions and constants of the file made of them.
   */
  isNativePromise(node: AstNode | undefined): boolean {
    let expression = bare(node);
    while (expression !== undefined && isChainCall(expression)) expression = bare(child(child(expression, 'callee') ?? expression, 'object'));
    if (expression === undefined) return false;
    const globalPromise = this.isUndeclared('Promise');
    switch (expression.type) {
      case 'NewExpression':
        return globalPromise && identifierName(child(expression, 'callee')) === 'Promise';
      case 'ImportExpression':
        return true;
      case 'ConditionalExpression':
        return this.isNativePromise(child(expression, 'consequent')) && this.isNativePromise(child(expression, 'alternate'));
      case 'Identifier': {
        const name = identifierName(expression) ?? '';
        const value = this.isUnambiguous(name) ? this.valuesByName.get(name) : undefined;
        return value !== undefined && !isFunction(value) && this.isNativePromise(value);
      }
      case 'CallExpression':
        break;
      default:
        return false;
    }
    const callee = child(expression, 'callee');
    if (callee?.type === 'Import') return true;
    if (isPromiseStaticCall(expression)) return globalPromise;
    if (callee?.type === 'MemberExpression') return this.promiseNamespaces.has(identifierName(child(callee, 'object')) ?? '');
    const name = identifierName(callee);
    if (name === undefined) return false;
    if (name === 'fetch') return this.isUndeclared('fetch');
    if (!this.isUnambiguous(name)) return false;
    if (this.nativeFunctions.has(name)) return true;
    const fn = this.functionsByName.get(name);
    return fn !== undefined && this.returnsNativePromise(fn);
  }

  /** Every way out of `fn` returns a native promise (an async function always does). */
  returnsNativePromise(fn: AstNode): boolean {
    if (prop(fn, 'async') === true) return prop(fn, 'generator') !== true;
    if (hasPromiseReturnType(fn) === true) return true;
    const known = this.nativeMemo.get(fn);
    if (known !== undefined) return known;
    this.nativeMemo.set(fn, false); // recursion proves nothing
    const body = child(fn, 'body');
    let native = false;
    if (body !== undefined && body.type !== 'BlockStatement') native = this.isNativePromise(body);
    else if (body !== undefined && !canCompleteNormally(children(body, 'body'))) native = ownReturns(body).every((statement) => this.isNativePromise(child(statement, 'argument')));
    this.nativeMemo.set(fn, native);
    return native;
  }

  /**
   * Whether no caller in the file can tell a synchronous throw of `fn` from a rejection: `fn` is not exported and is
   * only ever called where both end up in the same place (`await f()`, or `return f()` from an async function or a
   * promise handler, outside any `try`).
   */
  callersCannotTellThrowsFromRejections(fn: AstNode): boolean {
    const declarator = this.tree.parentOf(fn);
    const binding = fn.type === 'FunctionDeclaration' ? child(fn, 'id') : declarator?.type === 'VariableDeclarator' ? child(declarator, 'id') : undefined;
    const name = identifierName(binding);
    if (name === undefined || !this.isUnambiguous(name)) return false;
    const declaration = fn.type === 'FunctionDeclaration' ? fn : declarator === undefined ? undefined : this.tree.parentOf(declarator);
    if (declaration === undefined || this.tree.parentOf(declaration)?.type.startsWith('Export') === true) return false;
    const references = (this.identifiers.get(name) ?? []).filter((node) => node !== binding);
    return references.length > 0 && references.every((reference) => this.callIsRejectionEquivalent(reference));
  }

  private callIsRejectionEquivalent(callee: AstNode): boolean {
    const call = this.tree.parentOf(callee);
    if (call?.type !== 'CallExpression' || child(call, 'callee') !== callee) return false;
    const { parent: use, outer } = valueUse(call, this.tree);
    if (use?.type === 'AwaitExpression') return true;
    const returned = use?.type === 'ReturnStatement' || (use?.type === 'ArrowFunctionExpression' && child(use, 'body') === outer);
    if (!returned) return false;
    let owner: AstNode | undefined = use;
    let node: AstNode | undefined;
    while (owner !== undefined && !isFunction(owner)) {
      node = owner;
      owner = this.tree.parentOf(owner);
      // a `try` between the call and its function would catch the throw but not the rejection
      if (owner?.type === 'TryStatement' && child(owner, 'block') === node) return false;
      if (owner?.type === 'CatchClause' && child(this.tree.parentOf(owner) ?? owner, 'finalizer') !== undefined) return false;
    }
    if (owner === undefined) return false;
    if (prop(owner, 'async') === true) return true;
    const handlerOf = this.tree.parentOf(owner);
    return handlerOf !== undefined && isChainCall(handlerOf) && children(handlerOf, 'arguments').includes(owner);
  }

  private declare(name: string | undefined): void {
    if (name !== undefined) this.declarations.set(name, (this.declarations.get(name) ?? 0) + 1);
  }

  private collect(node: AstNode): void {
    if (isFunction(node) && child(node, 'body') !== undefined) this.functions.push(node);
    if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') {
      const start = prop(node, 'start');
      const method = identifierName(child(child(node, 'callee') ?? node, 'property'));
      if (typeof start === 'number' && (method === 'then' || method === 'catch' || method === 'finally')) this.chainStarts.push(start);
    }
    const name = node.type === 'Identifier' || node.type === 'JSXIdentifier' ? identifierName(node) : undefined;
    if (name !== undefined) {
      const nodes = this.identifiers.get(name);
      if (nodes === undefined) this.identifiers.set(name, [node]);
      else nodes.push(node);
    }
    switch (node.type) {
      case 'FunctionDeclaration': {
        const name = identifierName(child(node, 'id'));
        this.declare(name);
        if (name !== undefined) {
          this.callableNames.add(name);
          this.functionsByName.set(name, node);
        }
        for (const param of children(node, 'params')) for (const bound of boundNames(param)) this.declare(bound);
        break;
      }
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod':
        for (const param of children(node, 'params')) for (const bound of boundNames(param)) this.declare(bound);
        break;
      case 'MethodDefinition':
      case 'Property': {
        const value = child(node, 'value');
        const kind = prop(node, 'kind');
        if (value?.type === 'FunctionExpression' && typeof kind === 'string') this.methodKinds.set(value, kind);
        break;
      }
      case 'ClassDeclaration':
        this.declare(identifierName(child(node, 'id')));
        break;
      case 'CatchClause':
        for (const bound of boundNames(child(node, 'param'))) this.declare(bound);
        break;
      case 'VariableDeclarator':
        this.collectDeclarator(node);
        break;
      case 'AssignmentExpression':
        for (const bound of boundNames(child(node, 'left'))) this.reassigned.add(bound);
        break;
      case 'UpdateExpression': {
        const target = identifierName(child(node, 'argument'));
        if (target !== undefined) this.reassigned.add(target);
        break;
      }
      case 'ImportDeclaration':
        this.collectImport(node);
        break;
      case 'NewExpression': {
        const callee = child(node, 'callee');
        const name = identifierName(callee);
        if (name !== undefined) this.constructedNames.add(name);
        const executor = children(node, 'arguments')[0];
        if (name === 'Promise' && isFunction(executor) && executor !== undefined) this.executors.add(executor);
        break;
      }
      default:
        break;
    }
  }

  private collectDeclarator(node: AstNode): void {
    const id = child(node, 'id');
    const init = unwrapParentheses(child(node, 'init'));
    const names = boundNames(id);
    for (const name of names) this.declare(name);
    const name = identifierName(id);
    if (init === undefined) return;
    const module = requiredModule(init);
    if (name !== undefined) {
      if (isFunction(init)) {
        this.callableNames.add(name);
        this.functionsByName.set(name, init);
      }
      if (module !== undefined) {
        this.callableNames.add(name);
        if (isPromiseModule(module)) this.promiseNamespaces.add(name);
      }
      if (looksLikePromisify(init)) {
        this.callableNames.add(name);
        this.rejectingFunctions.add(name);
        this.promisified.push([name, init]);
      }
      this.valuesByName.set(name, init);
    } else if (id?.type === 'ObjectPattern' && module !== undefined) {
      for (const bound of names) {
        this.callableNames.add(bound);
        if (isPromiseModule(module)) {
          this.rejectingFunctions.add(bound);
          this.nativeFunctions.add(bound);
        }
      }
    }
  }

  private collectImport(node: AstNode): void {
    const source = stringValue(child(node, 'source')) ?? '';
    for (const specifier of children(node, 'specifiers')) {
      const local = identifierName(child(specifier, 'local'));
      if (local === undefined) continue;
      this.declare(local);
      this.callableNames.add(local);
      const imported = identifierName(child(specifier, 'imported')) ?? stringValue(child(specifier, 'imported'));
      if (isPromiseModule(source)) {
        if (specifier.type === 'ImportSpecifier') {
          this.rejectingFunctions.add(local);
          this.nativeFunctions.add(local);
        }
        else this.promiseNamespaces.add(local);
      } else if (imported === 'promises' && isPromiseModule(`${bareModule(source)}/promises`)) {
        this.promiseNamespaces.add(local);
      }
    }
  }

  /** Declared exactly once in the file (shadowing elsewhere would make the name mean two things). */
  isUnambiguous(name: string): boolean {
    return this.declarations.get(name) === 1 && !this.reassigned.has(name);
  }

  isUndeclared(name: string): boolean {
    return !this.declarations.has(name);
  }

  /**
   * A function of this file that reports every failure by rejecting: async, or returning a promise on every path
   * with nothing before that could throw.
   */
  isRejectingFunction(name: string): boolean {
    if (!this.isUnambiguous(name)) return false;
    if (this.rejectingFunctions.has(name)) return true;
    const fn = this.functionsByName.get(name);
    if (fn === undefined) return false;
    const known = this.safeFunctionMemo.get(fn);
    if (known !== undefined) return known;
    this.safeFunctionMemo.set(fn, false); // a recursive call proves nothing
    const safe = prop(fn, 'async') === true ? prop(fn, 'generator') !== true : prop(fn, 'generator') !== true && returnsPromiseEverywhere(fn, this) && syncPartCannotThrow(fn, this);
    this.safeFunctionMemo.set(fn, safe);
    return safe;
  }
}

function requiredModule(node: AstNode): string | undefined {
  if (node.type === 'CallExpression' && identifierName(child(node, 'callee')) === 'require') {
    return stringValue(children(node, 'arguments')[0]);
  }
  if (node.type === 'MemberExpression') {
    const object = unwrapParentheses(child(node, 'object'));
    const base = object === undefined ? undefined : requiredModule(object);
    const property = identifierName(child(node, 'property'));
    if (base !== undefined && property === 'promises' && prop(node, 'computed') !== true) return `${bareModule(base)}/promises`;
  }
  return undefined;
}

function bareModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

function isPromiseModule(specifier: string): boolean {
  return PROMISE_MODULES.has(bareModule(specifier));
}

/** `x.promisify(f)` or `promisify(f)` of any library: the result reports failures by rejecting. */
function looksLikePromisify(node: AstNode): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = child(node, 'callee');
  if (identifierName(callee) === 'promisify') return true;
  return callee?.type === 'MemberExpression' && identifierName(child(callee, 'property')) === 'promisify';
}

function isPromiseStaticCall(node: AstNode): boolean {
  const callee = child(node, 'callee');
  return (
    callee?.type === 'MemberExpression' &&
    identifierName(child(callee, 'object')) === 'Promise' &&
    PROMISE_STATICS.has(identifierName(child(callee, 'property')) ?? '')
  );
}

/** An expression whose value is certainly a promise (or a thenable chain). */
function isPromiseValued(node: AstNode | undefined, facts: FileFacts): boolean {
  const expression = bare(node);
  if (expression === undefined) return false;
  if (isChainCall(expression)) return true;
  if (expression.type === 'NewExpression') return identifierName(child(expression, 'callee')) === 'Promise';
  if (expression.type === 'ConditionalExpression') {
    return isPromiseValued(child(expression, 'consequent'), facts) && isPromiseValued(child(expression, 'alternate'), facts);
  }
  if (expression.type === 'ImportExpression') return true;
  if (expression.type !== 'CallExpression') return false;
  const callee = child(expression, 'callee');
  if (callee?.type === 'Import' || isPromiseStaticCall(expression)) return true;
  const name = identifierName(callee);
  if (name !== undefined) return (name === 'fetch' && facts.isUndeclared('fetch')) || facts.isRejectingFunction(name);
  if (callee?.type === 'MemberExpression') return facts.promiseNamespaces.has(identifierName(child(callee, 'object')) ?? '');
  return false;
}

export function hasPromiseReturnType(fn: AstNode): boolean | undefined {
  const annotation = child(child(fn, 'returnType') ?? fn, 'typeAnnotation');
  if (annotation === undefined || child(fn, 'returnType') === undefined) return undefined;
  return annotation.type === 'TSTypeReference' && identifierName(child(annotation, 'typeName')) === 'Promise';
}

/** Every way out of the function returns a promise (a `Promise<T>` return type says so for TypeScript). */
export function returnsPromiseEverywhere(fn: AstNode, facts: FileFacts): boolean {
  if (hasPromiseReturnType(fn) === true) return true;
  const body = child(fn, 'body');
  if (body === undefined) return false;
  if (body.type !== 'BlockStatement') return isPromiseValued(body, facts);
  if (canCompleteNormally(children(body, 'body'))) return false;
  return ownReturns(body).every((statement) => isPromiseValued(child(statement, 'argument'), facts));
}

/**
 * Whether evaluating the expression can throw. Conservative: reading a property can throw on `null`, and calls can
 * throw unless the callee is known to reject instead. The handlers of chains run later, so they do not count.
 */
export function expressionCannotThrow(node: AstNode | undefined, facts: FileFacts): boolean {
  const expression = bare(node);
  if (expression === undefined) return true;
  const ok = (kid: AstNode | undefined): boolean => expressionCannotThrow(kid, facts);
  if (isLiteral(expression)) return true;
  switch (expression.type) {
    case 'Identifier':
    case 'ThisExpression':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return true;
    case 'TemplateLiteral':
      return children(expression, 'expressions').every(ok);
    case 'ArrayExpression':
      return children(expression, 'elements').every((element) => element.type !== 'SpreadElement' && ok(element));
    case 'ObjectExpression':
      return children(expression, 'properties').every((property) => {
        if (property.type === 'SpreadElement') return identifierName(child(property, 'argument')) !== undefined;
        if (prop(property, 'computed') === true) return false;
        const value = child(property, 'value');
        return property.type === 'ObjectMethod' || value === undefined || isFunction(value) || ok(value);
      });
    case 'UnaryExpression':
      return prop(expression, 'operator') !== 'delete' && ok(child(expression, 'argument'));
    case 'BinaryExpression':
      return !['in', 'instanceof'].includes(String(prop(expression, 'operator'))) && ok(child(expression, 'left')) && ok(child(expression, 'right'));
    case 'LogicalExpression':
      return ok(child(expression, 'left')) && ok(child(expression, 'right'));
    case 'ConditionalExpression':
      return ok(child(expression, 'test')) && ok(child(expression, 'consequent')) && ok(child(expression, 'alternate'));
    case 'SequenceExpression':
      return children(expression, 'expressions').every(ok);
    case 'AssignmentExpression':
      return prop(expression, 'operator') === '=' && child(expression, 'left')?.type === 'Identifier' && ok(child(expression, 'right'));
    case 'NewExpression': {
      const constructor = identifierName(child(expression, 'callee')) ?? '';
      if (constructor === 'Promise') return isFunction(children(expression, 'arguments')[0]);
      return ERROR_CONSTRUCTORS.has(constructor) && facts.isUndeclared(constructor) && children(expression, 'arguments').every(ok);
    }
    case 'ImportExpression':
      return ok(child(expression, 'source'));
    case 'CallExpression':
      return callCannotThrow(expression, facts);
    default:
      return false;
  }
}

function callCannotThrow(call: AstNode, facts: FileFacts): boolean {
  const args = children(call, 'arguments');
  const argsOk = args.every((arg) => arg.type !== 'SpreadElement' && expressionCannotThrow(arg, facts));
  if (!argsOk) return false;
  const callee = child(call, 'callee');
  if (callee?.type === 'Import' || isPromiseStaticCall(call)) return true;
  if (isChainCall(call)) {
    // attaching handlers to a promise does not throw; the head is evaluated first
    const handlersAreFunctions = args.every((arg) => isFunction(arg) || arg.type === 'Identifier' || isUndefinedValue(arg));
    return handlersAreFunctions && expressionCannotThrow(child(callee ?? call, 'object'), facts);
  }
  const name = identifierName(callee);
  if (name !== undefined) return (name === 'fetch' && facts.isUndeclared('fetch')) || facts.isRejectingFunction(name);
  if (callee?.type === 'MemberExpression' && prop(callee, 'computed') !== true) {
    const namespace = identifierName(child(callee, 'object'));
    return namespace !== undefined && facts.promiseNamespaces.has(namespace) && facts.isUnambiguous(namespace);
  }
  return false;
}

/** Whether running the function up to its first `await` (once converted) can throw: statements outside handlers. */
export function syncPartCannotThrow(fn: AstNode, facts: FileFacts): boolean {
  const body = child(fn, 'body');
  if (body === undefined) return false;
  if (body.type !== 'BlockStatement') return expressionCannotThrow(body, facts);
  return children(body, 'body').every((statement) => statementCannotThrow(statement, facts));
}

function statementCannotThrow(statement: AstNode, facts: FileFacts): boolean {
  const ok = (node: AstNode | undefined): boolean => expressionCannotThrow(node, facts);
  switch (statement.type) {
    case 'EmptyStatement':
    case 'FunctionDeclaration':
      return true;
    case 'ExpressionStatement':
      return ok(child(statement, 'expression'));
    case 'ReturnStatement':
      return ok(child(statement, 'argument'));
    case 'VariableDeclaration':
      return children(statement, 'declarations').every((declarator) => child(declarator, 'id')?.type === 'Identifier' && ok(child(declarator, 'init')));
    case 'IfStatement': {
      const alternate = child(statement, 'alternate');
      const consequent = child(statement, 'consequent');
      return ok(child(statement, 'test')) && consequent !== undefined && statementCannotThrow(consequent, facts) && (alternate === undefined || statementCannotThrow(alternate, facts));
    }
    case 'BlockStatement':
      return children(statement, 'body').every((inner) => statementCannotThrow(inner, facts));
    default:
      return false;
  }
}

/** The function kinds that can never be `async`. */
export function cannotBeAsync(fn: AstNode, facts: FileFacts): boolean {
  const kind = prop(fn, 'kind') ?? facts.methodKinds.get(fn);
  return kind === 'get' || kind === 'set' || kind === 'constructor';
}

export function functionName(fn: AstNode): string | undefined {
  return identifierName(child(fn, 'id'));
}
