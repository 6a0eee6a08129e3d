import type { API, FileInfo, Options } from 'jscodeshift';
import { type AstNode, child, children, identifierName, isFunction, prop, staticPropertyName, stringValue } from '../core/ast.js';
import { walk } from '../core/tree.js';
import { canCompleteNormally, ownReturns, wrapStatements } from './utils/statements.js';
import { NameTable, boundNames, canRenameBinding, countNames, namesIntroducedBy, renameBinding } from './utils/names.js';
import { printLike } from './utils/print.js';

/**
 * `promise-to-async`: `.then/.catch/.finally` chains become `async`/`await`, one function at a time, with the
 * behaviour of every converted site kept (see docs/codemods/promise-to-async.md for the exact forms). Sites it
 * cannot prove equivalent are left as they are, each with one of {@link SKIP_REASONS} sent to `api.report`.
 */
export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  if (!CHAIN_TEXT.test(file.source)) return undefined; // most files of a repository: never parsed
  const root = api.jscodeshift(file.source);
  const program = (root.get() as { node: AstNode }).node;
  const converter = new FileConverter(program, {
    syncThrows: options.syncThrows === 'reject' ? 'reject' : 'keep',
    report: (message) => {
      api.report(message);
    },
  });
  if (converter.run() === 0) return undefined;
  return printLike(file.source, (printOptions) => root.toSource(printOptions));
}

const CHAIN_TEXT = /\.\s*(?:then|catch|finally)\s*\(/;

/** Why a site was left as is. Fixed strings: users grep their reports for them, and the docs list each one. */
export const SKIP_REASONS = Object.freeze({
  generator: 'inside a generator',
  cannotBeAsync: 'function cannot be async (constructor, getter or setter)',
  calledWithNew: 'function is called with new',
  returnType: 'declared return type is not a Promise',
  notAlwaysPromise: 'not every path returns a promise',
  syncThrow: 'a synchronous throw would become a rejection',
  returnInTry: 'returned from inside try without await',
  optionalCall: 'optional call',
  thisInHandler: 'this or arguments in a function handler',
  methodReference: 'handler is a method reference',
  unknownHandler: 'handler may not be a function',
  handlerShape: 'handler takes more than one parameter, a default or a rest parameter',
  generatorHandler: 'generator handler',
  earlyReturn: 'handler returns before its end in the middle of a chain',
  twoHandlersMidChain: 'then(ok, fail) in the middle of a chain',
  finallyShape: 'finally handler takes parameters or returns before its end',
  typedCatch: 'typed catch parameter',
  nameClash: 'a handler variable cannot be renamed',
  executor: 'inside a new Promise executor',
  wrapper: 'new Promise wrapper does not settle exactly like its chain',
  assignmentTarget: 'assignment target is not a variable',
  notPromise: 'receiver is not a promise',
  inExpression: 'chain used inside an expression',
  topLevel: 'chain at module top level',
} as const);

export type SkipReason = (typeof SKIP_REASONS)[keyof typeof SKIP_REASONS];

/** Thrown while planning a site; nothing is mutated before a plan is complete, so a skip loses nothing. */
class Skip extends Error {
  constructor(readonly reason: SkipReason) {
    super(reason);
  }
}

interface ConverterOptions {
  /** 'reject' accepts that code before the first `await` which may throw now rejects instead (TypeScript's trade). */
  readonly syncThrows: 'keep' | 'reject';
  readonly report: (message: string) => void;
}

type ChainMethod = 'then' | 'catch' | 'finally';

type Handler =
  | { readonly kind: 'none' }
  | { readonly kind: 'literal'; readonly fn: AstNode }
  | { readonly kind: 'reference'; readonly expression: AstNode };

interface Step {
  readonly method: ChainMethod;
  /** then: the fulfilment handler; catch and finally: their handler. */
  readonly first: Handler;
  /** then: the rejection handler. */
  readonly second: Handler;
}

interface Chain {
  readonly head: AstNode;
  readonly steps: readonly Step[];
}

/** Where the value of a chain (or of a part of it) goes. */
type Sink =
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

type SiteKind = 'return' | 'arrowBody' | 'floating' | 'await' | 'declare' | 'assign' | 'operand';

interface Site {
  readonly kind: SiteKind;
  /** The statement replaced (for `arrowBody`, the arrow function). */
  readonly statement: AstNode;
  readonly container: AstNode;
  readonly key: string;
  readonly index: number | undefined;
  /** The chain expression (outermost call, or `new Promise(...)` for wrapper returns). */
  readonly expression: AstNode;
  readonly awaited: boolean;
  /** Inside a `try` block (or a `catch` with a `finally`) of the same function. */
  readonly guarded: boolean;
  /** For `operand` sites: the node holding the `await chain` that is evaluated first in its statement. */
  readonly holder?: { readonly node: AstNode; readonly key: string; readonly index: number | undefined };
}

const CHAIN_METHODS = new Set<string>(['then', 'catch', 'finally']);

/** Global functions that ignore `this`, so `then(String)` and `String(value)` are the same call. */
const GLOBAL_FUNCTIONS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'Symbol', 'parseInt', 'parseFloat', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'structuredClone', 'queueMicrotask', 'setTimeout', 'setImmediate']);

/** Methods whose functions ignore `this` in Node (console methods are bound), so `then(console.log)` is safe. */
const UNBOUND_SAFE_OBJECTS = new Set(['console', 'JSON', 'Object', 'Array', 'Math', 'Number', 'String']);

/** `Promise` statics that never throw synchronously: a bad argument rejects. */
const PROMISE_STATICS = new Set(['resolve', 'reject', 'all', 'allSettled', 'race', 'any']);

const ERROR_CONSTRUCTORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

/** Core modules whose promise functions reject rather than throw on bad input. */
const PROMISE_MODULES = new Set(['fs/promises', 'timers/promises', 'stream/promises']);

/** Roots of chains that look like promises but are not (Cypress commands queue, they never settle like one). */
const NON_PROMISE_ROOTS = new Set(['cy', 'Cypress']);

function ident(name: string): AstNode {
  return { type: 'Identifier', name } as AstNode;
}

function build(type: string, fields: Record<string, unknown>): AstNode {
  return { type, ...fields };
}

function awaitOf(argument: AstNode): AstNode {
  return build('AwaitExpression', { argument });
}

function expressionStatement(expression: AstNode): AstNode {
  return build('ExpressionStatement', { expression });
}

function declaration(kind: 'const' | 'let' | 'var', id: AstNode, init: AstNode | null): AstNode {
  return build('VariableDeclaration', { kind, declarations: [build('VariableDeclarator', { id, init })] });
}

function callOf(callee: AstNode, args: AstNode[]): AstNode {
  return build('CallExpression', { callee, arguments: args });
}

function unwrapParentheses(node: AstNode | undefined): AstNode | undefined {
  let current = node;
  while (current?.type === 'ParenthesizedExpression') current = child(current, 'expression');
  return current;
}

function isUndefinedValue(node: AstNode | undefined): boolean {
  if (node === undefined) return true;
  if (identifierName(node) === 'undefined') return true;
  if (node.type === 'NullLiteral' || (node.type === 'Literal' && prop(node, 'value') === null && prop(node, 'regex') === undefined)) return true;
  return false;
}

function isChainCall(node: AstNode | undefined): boolean {
  if (node?.type !== 'CallExpression' || prop(node, 'optional') === true) return false;
  const callee = child(node, 'callee');
  if (callee?.type !== 'MemberExpression' || prop(callee, 'computed') === true || prop(callee, 'optional') === true) return false;
  return CHAIN_METHODS.has(identifierName(child(callee, 'property')) ?? '');
}

/** `p?.then(f)`, however the parser spells it (Babel: optional nodes; ESTree: a `ChainExpression` around them). */
function isOptionalChainCall(node: AstNode | undefined): boolean {
  const call = node?.type === 'ChainExpression' ? child(node, 'expression') : node;
  if (call === undefined || (call.type !== 'OptionalCallExpression' && !(node?.type === 'ChainExpression' && call.type === 'CallExpression'))) return false;
  const callee = child(call, 'callee');
  return CHAIN_METHODS.has(identifierName(child(callee ?? call, 'property')) ?? '');
}

/** A value that is certainly not a thenable, so awaiting it would only cost a tick. */
function cannotBeThenable(node: AstNode | undefined): boolean {
  if (node === undefined) return true;
  switch (node.type) {
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
    case 'NullLiteral':
    case 'BigIntLiteral':
    case 'RegExpLiteral':
    case 'Literal':
    case 'TemplateLiteral':
    case 'ArrayExpression':
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'ClassExpression':
    case 'UpdateExpression':
    case 'BinaryExpression':
    case 'UnaryExpression':
      return true;
    case 'ObjectExpression':
      return !children(node, 'properties').some((property) => property.type.includes('Spread') || staticPropertyName(property) === 'then');
    case 'Identifier':
      return identifierName(node) === 'undefined';
    case 'LogicalExpression':
      return cannotBeThenable(child(node, 'left')) && cannotBeThenable(child(node, 'right'));
    case 'ConditionalExpression':
      return cannotBeThenable(child(node, 'consequent')) && cannotBeThenable(child(node, 'alternate'));
    case 'CallExpression':
      return isKnownPlainValueCall(node);
    default:
      return false;
  }
}

/** Built-ins whose result is never a thenable (JSON cannot hold a function): no `await` needed after them. */
const PLAIN_VALUE_FUNCTIONS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'isNaN', 'encodeURIComponent', 'decodeURIComponent']);
const PLAIN_VALUE_METHODS = new Map([
  ['JSON', new Set(['parse', 'stringify'])],
  ['Object', new Set(['keys', 'values', 'entries'])],
  ['Array', new Set(['isArray', 'from', 'of'])],
  ['Math', undefined],
  ['console', undefined],
  ['Number', new Set(['isInteger', 'isFinite', 'isNaN', 'parseFloat', 'parseInt'])],
]);

function isKnownPlainValueCall(call: AstNode): boolean {
  const callee = child(call, 'callee');
  const name = identifierName(callee);
  if (name !== undefined) return PLAIN_VALUE_FUNCTIONS.has(name);
  if (callee?.type !== 'MemberExpression' || prop(callee, 'computed') === true) return false;
  const object = identifierName(child(callee, 'object'));
  if (object === undefined || !PLAIN_VALUE_METHODS.has(object)) return false;
  const methods = PLAIN_VALUE_METHODS.get(object);
  return methods === undefined || methods.has(identifierName(child(callee, 'property')) ?? '');
}

/** Whether the function's own scope (arrows included) reads `this`, `arguments`, `super` or `new.target`. */
function usesOwnBinding(fn: AstNode): boolean {
  let found = false;
  walk(fn, (node) => {
    if (found) return false;
    if (node !== fn && isFunction(node) && node.type !== 'ArrowFunctionExpression') return false;
    if (node.type === 'ThisExpression' || node.type === 'Super' || node.type === 'MetaProperty') found = true;
    if (identifierName(node) === 'arguments') found = true;
    return true;
  });
  return found;
}

function isReassigned(fn: AstNode, names: readonly string[]): boolean {
  if (names.length === 0) return false;
  let found = false;
  walk(fn, (node) => {
    if (found) return false;
    if (node.type === 'AssignmentExpression') found = boundNames(child(node, 'left')).some((name) => names.includes(name));
    else if (node.type === 'UpdateExpression') found = names.includes(identifierName(child(node, 'argument')) ?? '');
    else if (node.type === 'ForInStatement' || node.type === 'ForOfStatement') {
      const left = child(node, 'left');
      found = left?.type !== 'VariableDeclaration' && boundNames(left).some((name) => names.includes(name));
    }
    return true;
  });
  return found;
}

/** What the file knows about its own names, gathered in one walk before anything changes. */
class FileFacts {
  /** How many times each name is declared anywhere: a name declared once means one thing everywhere. */
  private readonly declarations = new Map<string, number>();
  readonly functionsByName = new Map<string, AstNode>();
  /** Names bound to something callable: functions, imports, `require` results, promisified functions. */
  readonly callableNames = new Set<string>();
  /** Names bound to functions that reject rather than throw: promise-module imports and `promisify` results. */
  readonly rejectingFunctions = new Set<string>();
  /** Names bound to a promise module's namespace (`require('fs/promises')`, `require('fs').promises`). */
  readonly promiseNamespaces = new Set<string>();
  readonly constructedNames = new Set<string>();
  readonly executors = new Set<AstNode>();
  /** A function expression's method kind (get, set, constructor) and the ESTree method around it. */
  readonly methodKinds = new Map<AstNode, string>();
  private readonly safeFunctionMemo = new Map<AstNode, boolean>();

  constructor(program: AstNode) {
    walk(program, (node) => {
      this.collect(node);
      return true;
    });
  }

  private declare(name: string | undefined): void {
    if (name !== undefined) this.declarations.set(name, (this.declarations.get(name) ?? 0) + 1);
  }

  private collect(node: AstNode): void {
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
      if (isPromisifyCall(init)) {
        this.callableNames.add(name);
        this.rejectingFunctions.add(name);
      }
    } else if (id?.type === 'ObjectPattern' && module !== undefined) {
      for (const bound of names) {
        this.callableNames.add(bound);
        if (isPromiseModule(module)) this.rejectingFunctions.add(bound);
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
        if (specifier.type === 'ImportSpecifier') this.rejectingFunctions.add(local);
        else this.promiseNamespaces.add(local);
      } else if (imported === 'promises' && isPromiseModule(`${bareModule(source)}/promises`)) {
        this.promiseNamespaces.add(local);
      }
    }
  }

  /** Declared exactly once in the file (shadowing elsewhere would make the name mean two things). */
  isUnambiguous(name: string): boolean {
    return this.declarations.get(name) === 1;
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

function isPromisifyCall(node: AstNode): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = child(node, 'callee');
  if (identifierName(callee) === 'promisify') return true;
  return callee?.type === 'MemberExpression' && identifierName(child(callee, 'property')) === 'promisify';
}

/** Skips TS's value-preserving wrappers and parentheses. */
function bare(node: AstNode | undefined): AstNode | undefined {
  let current = node;
  while (current !== undefined && ['ParenthesizedExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion'].includes(current.type)) {
    current = child(current, 'expression');
  }
  return current;
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

function hasPromiseReturnType(fn: AstNode): boolean | undefined {
  const annotation = child(child(fn, 'returnType') ?? fn, 'typeAnnotation');
  if (annotation === undefined || child(fn, 'returnType') === undefined) return undefined;
  return annotation.type === 'TSTypeReference' && identifierName(child(annotation, 'typeName')) === 'Promise';
}

/** Every way out of the function returns a promise (a `Promise<T>` return type says so for TypeScript). */
function returnsPromiseEverywhere(fn: AstNode, facts: FileFacts): boolean {
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
function expressionCannotThrow(node: AstNode | undefined, facts: FileFacts): boolean {
  const expression = bare(node);
  if (expression === undefined) return true;
  const ok = (kid: AstNode | undefined): boolean => expressionCannotThrow(kid, facts);
  switch (expression.type) {
    case 'Identifier':
    case 'ThisExpression':
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
    case 'NullLiteral':
    case 'BigIntLiteral':
    case 'RegExpLiteral':
    case 'Literal':
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
function syncPartCannotThrow(fn: AstNode, facts: FileFacts): boolean {
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
function cannotBeAsync(fn: AstNode, facts: FileFacts): boolean {
  const kind = prop(fn, 'kind') ?? facts.methodKinds.get(fn);
  return kind === 'get' || kind === 'set' || kind === 'constructor';
}

function functionName(fn: AstNode): string | undefined {
  return identifierName(child(fn, 'id'));
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
    this.facts = new FileFacts(program);
    this.names = new NameTable(program);
  }

  run(): number {
    const functions: AstNode[] = [];
    walk(this.program, (node) => {
      if (isFunction(node) && child(node, 'body') !== undefined) functions.push(node);
      return true;
    });
    for (const fn of functions) if (!this.detached.has(fn)) this.convertFunction(fn);
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
      } catch (error) {
        if (!(error instanceof Skip)) throw error;
        this.report(site.expression, error.reason);
        // a wrapper left as is keeps its executor: one report for the site, not a second one for the chain inside
        if (site.expression.type === 'NewExpression') for (const executor of functionsUnder(site.expression)) this.detached.add(executor);
      }
      sites = collectSites(fn);
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
    if (this.options.syncThrows !== 'reject' && !syncPartCannotThrow(fn, this.facts)) return SKIP_REASONS.syncThrow;
    return 'ok';
  }

  /** Plans the site (handler-specific reasons come first: they say most), then checks the function, then commits. */
  private convertSite(fn: AstNode, site: Site, becomeAsync: SkipReason | 'ok'): void {
    if (site.kind === 'return' && site.guarded && !site.awaited) throw new Skip(SKIP_REASONS.returnInTry);
    if (site.kind === 'floating' && this.facts.executors.has(fn)) throw new Skip(SKIP_REASONS.executor);
    const chain = this.chainOf(site.expression);
    const floating = site.kind === 'floating';
    const planner = new ChainPlanner(this.names, floating ? site.expression : fn);
    const atEnd = site.kind === 'arrowBody' || floating || isLastStatementOf(fn, site);
    const operandName = site.kind === 'operand' ? this.names.fresh('value') : undefined;
    const statements = planner.emit(chain, this.sinkFor(site, atEnd, operandName));
    const switchesToAsync = site.kind === 'return' || site.kind === 'arrowBody';
    if (switchesToAsync && prop(fn, 'async') !== true && becomeAsync !== 'ok') throw new Skip(becomeAsync);
    if (floating && this.options.syncThrows !== 'reject' && !expressionCannotThrow(chain.head, this.facts)) throw new Skip(SKIP_REASONS.syncThrow);
    planner.commit();
    this.replace(fn, site, statements, operandName);
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

  private replace(fn: AstNode, site: Site, statements: AstNode[], operandName: string | undefined): void {
    const before = functionsUnder(site.kind === 'arrowBody' ? child(fn, 'body') : site.statement);
    const replacement = this.replacementFor(fn, site, statements, operandName);
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
  }

  /** The statements that take the site's place (for an arrow body: its new body, already in place). */
  private replacementFor(fn: AstNode, site: Site, statements: AstNode[], operandName: string | undefined): AstNode[] {
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
        return [expressionStatement(build('UnaryExpression', { operator: 'void', prefix: true, argument: callOf(wrapper, []) }))];
      }
      default:
        return statements;
    }
  }
}

/** The outermost links of the chains in a function's (or the program's) own code, nested functions excluded. */
function ownChains(scope: AstNode): AstNode[] {
  const chains: AstNode[] = [];
  const innerLinks = new Set<AstNode>();
  const body = child(scope, 'body') ?? scope;
  walk(body, (node) => {
    if (isFunction(node)) return false;
    if (isChainCall(node) || isOptionalChainCall(node)) {
      chains.push(node);
      const receiver = child(child(node.type === 'ChainExpression' ? (child(node, 'expression') ?? node) : node, 'callee') ?? node, 'object');
      if (receiver !== undefined) innerLinks.add(receiver);
    }
    return true;
  });
  return chains.filter((chain) => !innerLinks.has(chain) && !(chain.type === 'CallExpression' && isOptionalChainCall(chain)));
}

function functionsUnder(node: AstNode | undefined): AstNode[] {
  const found: AstNode[] = [];
  if (node !== undefined) {
    walk(node, (inner) => {
      if (isFunction(inner)) found.push(inner);
      return true;
    });
  }
  return found;
}

function isLastStatementOf(fn: AstNode, site: Site): boolean {
  const body = child(fn, 'body');
  const statements = body === undefined ? [] : children(body, 'body');
  return site.container === body && site.index === statements.length - 1;
}

/** Chain sites of the function's own body (nested functions have their own), in source order. */
function collectSites(fn: AstNode): Site[] {
  const sites: Site[] = [];
  const body = child(fn, 'body');
  if (body === undefined) return sites;
  const isAsync = prop(fn, 'async') === true;
  if (body.type !== 'BlockStatement') {
    const expression = bare(body);
    if (expression !== undefined && (isChainCall(expression) || isPromiseWrapper(expression))) {
      sites.push({ kind: 'arrowBody', statement: fn, container: fn, key: 'body', index: undefined, expression, awaited: false, guarded: false });
    }
    return sites;
  }
  const visit = (statement: AstNode, container: AstNode, key: string, index: number | undefined, guarded: boolean): void => {
    const site = siteOf(statement, isAsync) ?? operandSiteOf(statement, isAsync);
    if (site !== undefined) sites.push({ ...site, statement, container, key, index, guarded });
    for (const [innerKey, innerGuarded] of nestedStatementKeys(statement, guarded)) {
      const value = prop(statement, innerKey);
      if (Array.isArray(value)) {
        value.forEach((inner: unknown, innerIndex) => {
          if (isStatementNode(inner)) visit(inner, statement, innerKey, innerIndex, innerGuarded);
        });
      } else if (isStatementNode(value)) {
        visit(value, statement, innerKey, undefined, innerGuarded);
      }
    }
  };
  visit(body, fn, 'body', undefined, false);
  return sites;
}

function isStatementNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The statement-holding children of a statement, and whether a `try` guards them. */
function nestedStatementKeys(statement: AstNode, guarded: boolean): [string, boolean][] {
  switch (statement.type) {
    case 'BlockStatement':
    case 'StaticBlock':
      return [['body', guarded]];
    case 'IfStatement':
      return [['consequent', guarded], ['alternate', guarded]];
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
    case 'WithStatement':
      return [['body', guarded]];
    case 'SwitchStatement':
      return [['cases', guarded]];
    case 'SwitchCase':
      return [['consequent', guarded]];
    case 'TryStatement': {
      const covered = child(statement, 'handler') !== undefined || child(statement, 'finalizer') !== undefined;
      return [['block', guarded || covered], ['handler', guarded || child(statement, 'finalizer') !== undefined], ['finalizer', guarded]];
    }
    case 'CatchClause':
      return [['body', guarded]];
    default:
      return [];
  }
}

/** `new Promise(...)` whose executor does nothing but run a chain: a candidate for unwrapping. */
function isPromiseWrapper(node: AstNode): boolean {
  if (node.type !== 'NewExpression' || identifierName(child(node, 'callee')) !== 'Promise') return false;
  const executor = children(node, 'arguments')[0];
  let body = executor === undefined || !isFunction(executor) ? undefined : child(executor, 'body');
  if (body?.type === 'BlockStatement') {
    const statements = children(body, 'body');
    body = statements.length === 1 && statements[0]?.type === 'ExpressionStatement' ? child(statements[0], 'expression') : undefined;
  }
  return isChainCall(unwrapParentheses(body));
}

/** What kind of site a statement is, if any. */
function siteOf(statement: AstNode, isAsync: boolean): Pick<Site, 'kind' | 'expression' | 'awaited'> | undefined {
  const awaitedChain = (node: AstNode | undefined): AstNode | undefined => {
    const expression = unwrapParentheses(node);
    if (expression?.type !== 'AwaitExpression' || !isAsync) return undefined;
    const argument = unwrapParentheses(child(expression, 'argument'));
    return isChainCall(argument) || isOptionalChainCall(argument) ? argument : undefined;
  };
  const chainOrOptional = (node: AstNode | undefined): AstNode | undefined => {
    const expression = unwrapParentheses(node);
    return isChainCall(expression) || isOptionalChainCall(expression) ? expression : undefined;
  };
  switch (statement.type) {
    case 'ReturnStatement': {
      const argument = child(statement, 'argument');
      const awaited = awaitedChain(argument);
      if (awaited !== undefined) return { kind: 'return', expression: awaited, awaited: true };
      const plain = unwrapParentheses(argument);
      if (plain !== undefined && (chainOrOptional(plain) !== undefined || isPromiseWrapper(plain))) return { kind: 'return', expression: plain, awaited: false };
      return undefined;
    }
    case 'ExpressionStatement': {
      const expression = child(statement, 'expression');
      const awaited = awaitedChain(expression);
      if (awaited !== undefined) return { kind: 'await', expression: awaited, awaited: true };
      const voided = unwrapParentheses(expression);
      const floating = chainOrOptional(voided?.type === 'UnaryExpression' && prop(voided, 'operator') === 'void' ? child(voided, 'argument') : expression);
      if (floating !== undefined) return { kind: 'floating', expression: floating, awaited: false };
      const assignment = unwrapParentheses(expression);
      if (assignment?.type === 'AssignmentExpression' && prop(assignment, 'operator') === '=') {
        const right = awaitedChain(child(assignment, 'right'));
        if (right !== undefined) return { kind: 'assign', expression: right, awaited: true };
      }
      return undefined;
    }
    case 'VariableDeclaration': {
      const declarators = children(statement, 'declarations');
      const only = declarators.length === 1 ? declarators[0] : undefined;
      const awaited = awaitedChain(child(only ?? statement, 'init'));
      return awaited === undefined ? undefined : { kind: 'declare', expression: awaited, awaited: true };
    }
    default:
      return undefined;
  }
}

/**
 * `if (await p.then(f))`, `return [await p.then(f), x]`: an awaited chain that is the first thing its statement
 * evaluates can move into a declaration just before the statement without reordering anything.
 */
function operandSiteOf(statement: AstNode, isAsync: boolean): Pick<Site, 'kind' | 'expression' | 'awaited' | 'holder'> | undefined {
  if (!isAsync) return undefined;
  let holder: AstNode;
  let key: string;
  switch (statement.type) {
    case 'ExpressionStatement':
    case 'ThrowStatement':
      [holder, key] = [statement, statement.type === 'ThrowStatement' ? 'argument' : 'expression'];
      break;
    case 'ReturnStatement':
      [holder, key] = [statement, 'argument'];
      break;
    case 'IfStatement':
    case 'SwitchStatement':
      [holder, key] = [statement, statement.type === 'IfStatement' ? 'test' : 'discriminant'];
      break;
    case 'VariableDeclaration': {
      const declarators = children(statement, 'declarations');
      const first = declarators[0];
      if (first === undefined) return undefined;
      [holder, key] = [first, 'init'];
      break;
    }
    default:
      return undefined;
  }
  let index: number | undefined;
  for (let depth = 0; depth < 32; depth += 1) {
    const slot = prop(holder, key);
    const node = Array.isArray(slot) ? (slot[index ?? 0] as unknown) : slot;
    if (!isStatementNode(node)) return undefined;
    if (node.type === 'AwaitExpression') {
      const argument = unwrapParentheses(child(node, 'argument'));
      const plainSite = depth === 0 && ['ExpressionStatement', 'ReturnStatement', 'VariableDeclaration'].includes(statement.type);
      if (argument === undefined || !isChainCall(argument) || plainSite) return undefined;
      return { kind: 'operand', expression: argument, awaited: true, holder: { node: holder, key, index } };
    }
    const next = firstEvaluatedSlot(node);
    if (next === undefined) return undefined;
    [holder, key, index] = [node, next[0], next[1]];
  }
  return undefined;
}

/** Where evaluation of `node` starts, when nothing with an observable effect or a readable value comes first. */
function firstEvaluatedSlot(node: AstNode): [string, number | undefined] | undefined {
  switch (node.type) {
    case 'ParenthesizedExpression':
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
      return ['expression', undefined];
    case 'MemberExpression':
      return ['object', undefined];
    case 'CallExpression': {
      const callee = child(node, 'callee');
      return callee?.type === 'MemberExpression' ? ['callee', undefined] : undefined;
    }
    case 'BinaryExpression':
    case 'LogicalExpression':
      return ['left', undefined];
    case 'ConditionalExpression':
      return ['test', undefined];
    case 'UnaryExpression':
      return prop(node, 'operator') === 'delete' ? undefined : ['argument', undefined];
    case 'ArrayExpression':
      return children(node, 'elements')[0]?.type === 'SpreadElement' ? undefined : ['elements', 0];
    case 'TemplateLiteral':
      return children(node, 'expressions').length > 0 ? ['expressions', 0] : undefined;
    case 'SequenceExpression':
      return ['expressions', 0];
    default:
      return undefined;
  }
}

function rootIdentifier(node: AstNode | undefined): string | undefined {
  let current = bare(node);
  while (current !== undefined && (current.type === 'MemberExpression' || current.type === 'CallExpression')) {
    current = bare(current.type === 'MemberExpression' ? child(current, 'object') : child(current, 'callee'));
  }
  return identifierName(current);
}

function parseChain(outermost: AstNode, facts: FileFacts): Chain {
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
function unwrapPromiseConstruction(construction: AstNode, facts: FileFacts): Chain {
  const executor = children(construction, 'arguments')[0];
  if (executor === undefined || !isFunction(executor) || (executor.type === 'FunctionExpression' && usesOwnBinding(executor))) throw new Skip(SKIP_REASONS.wrapper);
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
  } else if (method(last) === 'then' && forwardsTo(children(last, 'arguments')[1], rejectName)) {
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
class ChainPlanner {
  private readonly pendingChanges: (() => void)[] = [];
  private readonly renames = new Map<AstNode, Map<string, string>>();
  private readonly introduced = new Set<string>();
  private scopeCounts: Map<string, number> | undefined;
  private handlerCounts = new Map<AstNode, Map<string, number>>();
  private inlined: AstNode[] = [];
  private readonly placed = new Set<AstNode>();

  constructor(
    private readonly names: NameTable,
    /** The code whose names inlined handlers must not collide with: the enclosing function (or the chain itself). */
    private readonly scope: AstNode,
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
          // Nobody reads the value. Inside a try a promise is still awaited, so that its rejection reaches the catch;
          // elsewhere an unawaited rejection is reported exactly like the floating chain's was.
          return [...statements, ...(needsAwait && sink.inTry ? [expressionStatement(awaitOf(expression))] : sideEffectsOf(expression))];
        }
        return [...statements, build('ReturnStatement', { argument: sink.inTry && needsAwait ? awaitOf(expression) : expression })];
      case 'bind':
        if (sink.target === null) {
          if (needsAwait) return [...statements, expressionStatement(awaitOf(expression))];
          return [...statements, ...sideEffectsOf(expression)];
        }
        return [...statements, declaration(sink.declaration, sink.target, needsAwait ? awaitOf(expression) : expression)];
      case 'assign':
        return [...statements, expressionStatement(build('AssignmentExpression', { operator: '=', left: ident(sink.name), right: needsAwait ? awaitOf(expression) : expression }))];
    }
  }

  /**
   * A hoisted variable for a value produced inside a `try`: the sink's own name when it binds a plain identifier,
   * else a fresh one destructured after the `try`.
   */
  private hoist(sink: Sink): { before: AstNode[]; inner: Sink; after: AstNode[] } {
    if (sink.kind === 'assign' || sink.kind === 'return' || sink.target === null) return { before: [], inner: sink, after: [] };
    const declarationKind = sink.declaration === 'var' ? 'var' : 'let';
    const name = sink.name ?? identifierName(sink.target);
    if (name !== undefined) {
      return { before: [declaration(declarationKind, sink.target, null)], inner: { kind: 'assign', name }, after: [] };
    }
    const temporary = this.names.fresh('value');
    return {
      before: [declaration('let', ident(temporary), null)],
      inner: { kind: 'assign', name: temporary },
      after: [declaration(sink.declaration, sink.target, ident(temporary))],
    };
  }

  private emitCatch(head: AstNode, prefix: readonly Step[], handler: Handler, sink: Sink): AstNode[] {
    const { before, inner, after } = this.hoist(sink);
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
    const { before, inner, after } = this.hoist(sink);
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
    const introduced = namesIntroducedBy(fn);
    this.resolveClashes(fn, [...introduced.parameters, ...introduced.lexical, ...introduced.hoisted], true);
  }

  /**
   * A handler inlined into a `catch` or `finally` block: its block scopes its parameter and declarations, so only
   * its `var`s and any name the block itself needs (the variable the value is assigned to) can clash.
   */
  private placeClauseHandler(fn: AstNode, namesUsedInBlock: readonly string[]): void {
    const introduced = namesIntroducedBy(fn);
    const scoped = [...introduced.parameters, ...introduced.lexical].filter((name) => namesUsedInBlock.includes(name));
    this.resolveClashes(fn, introduced.hoisted, true);
    this.resolveClashes(fn, scoped, false);
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
    const introduced = namesIntroducedBy(fn);
    return [...introduced.parameters, ...introduced.lexical, ...introduced.hoisted];
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
      if (extra?.parenthesized === true) this.pendingChanges.push(() => (extra.parenthesized = false));
      return this.deliver({ statements: [], expression: body, settled: false }, sink);
    }
    const statements = children(body, 'body');
    const returns = ownReturns(body);
    if (sink.kind === 'return') {
      if (sink.inTry) {
        for (const statement of returns) {
          const argument = child(statement, 'argument');
          if (argument !== undefined && !cannotBeThenable(argument)) {
            this.pendingChanges.push(() => ((statement as unknown as Record<string, unknown>).argument = awaitOf(argument)));
          }
        }
      }
      if (sink.mustExit && canCompleteNormally(statements)) return [...statements, build('ReturnStatement', { argument: null })];
      return statements;
    }
    const tail = statements.at(-1);
    if (returns.some((statement) => statement !== tail)) throw new Skip(SKIP_REASONS.earlyReturn);
    if (tail?.type === 'ReturnStatement') {
      const value = child(tail, 'argument') ?? ident('undefined');
      return [...statements.slice(0, -1), ...this.deliver({ statements: [], expression: value, settled: false }, sink)];
    }
    const undefinedValue = sink.kind === 'bind' && sink.target === null ? [] : this.deliver({ statements: [], expression: ident('undefined'), settled: true }, sink);
    return [...statements, ...undefinedValue];
  }
}

/** An expression evaluated only for its effects: nothing at all when it has none. */
function sideEffectsOf(expression: AstNode): AstNode[] {
  const pure = ['Identifier', 'StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral', 'Literal', 'ArrowFunctionExpression', 'FunctionExpression'];
  if (pure.includes(expression.type)) return [];
  if (expression.type === 'AwaitExpression') return [expressionStatement(expression)];
  return [expressionStatement(expression)];
}
