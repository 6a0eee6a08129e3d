import { type AstNode, argumentsOf, calleeOf, child, identifierName, isCall, isFunction, isMember, prop, skipWrappers, staticPropertyName, stringValue } from './ast.js';
import {
  type NodeApiEntry,
  MODULES_WITH_PROMISES_PROPERTY,
  bareSpecifier,
  NODE_APIS,
  findNodeApi,
  findNodeApiBySyncName,
  parseCoreSpecifier,
} from './node-api.js';
import { findDeclaration } from './scope.js';
import type { Tree } from './tree.js';

/**
 * Import resolution: which module value an expression stands for, through every way code reaches one
 * (`require`, destructuring with aliases, inline `require('fs').x`, ESM default/namespace/named imports,
 * `import x = require()`, `fs.promises`, `util.promisify(...)` bindings), honouring shadowing.
 */

/** An expression known to be (a property path into) what a module exports. */
export interface ModuleMember {
  /** The specifier as written: `'node:fs'`, `'fs-extra'`. */
  readonly specifier: string;
  /** Property keys from the module object: `[]` for the module itself, `['promises', 'readFile']`... */
  readonly path: readonly string[];
}

type ModuleValue =
  | { readonly kind: 'member'; readonly member: ModuleMember }
  | { readonly kind: 'promisified'; readonly api: ResolvedNodeApi }
  | { readonly kind: 'instance'; readonly className: string; readonly specifier: string };

export type NodeApiForm = 'callback' | 'sync' | 'promise' | 'promisified';

export interface ResolvedNodeApi {
  readonly entry: NodeApiEntry;
  /** How the expression reaches the API: its callback form, its blocking twin, its promise twin, or a promisify. */
  readonly form: NodeApiForm;
  /** The specifier the code imported it from (`'fs'`, `'node:fs/promises'`); `'timers'` for the timer globals. */
  readonly specifier: string;
}

const MAX_ALIAS_DEPTH = 8;

/** The Node API an expression (usually a callee) stands for, or undefined. */
export function resolveNodeApi<N extends AstNode>(expression: N, tree: Tree<N>): ResolvedNodeApi | undefined {
  return toNodeApi(resolveValue(expression, tree, 0));
}

/** The module and property path an expression stands for (`fse.readJsonSync` → fs-extra, ['readJsonSync']). */
export function resolveModuleMember<N extends AstNode>(expression: N, tree: Tree<N>): ModuleMember | undefined {
  const value = resolveValue(expression, tree, 0);
  return value?.kind === 'member' ? value.member : undefined;
}

/** True when `identifier` is the global `name`, not a local binding that shadows it. */
export function isGlobalReference<N extends AstNode>(identifier: N | undefined, name: string, tree: Tree<N>): boolean {
  if (identifier === undefined || identifierName(identifier) !== name) return false;
  return findDeclaration(identifier, tree) === undefined;
}

/** `require('x')` with the global `require`: its specifier, else undefined. */
export function requireSpecifier<N extends AstNode>(call: N, tree: Tree<N>): string | undefined {
  if (!isCall(call)) return undefined;
  const callee = calleeOf(call);
  if (!isGlobalReference(callee, 'require', tree)) return undefined;
  const [first] = argumentsOf(call);
  return stringValue(first);
}

/**
 * True when the call blocks the event loop through a Node API: a `*Sync` twin, or a function such as
 * `crypto.randomBytes` that is its own blocking twin when called without a callback.
 */
export function isBlockingNodeCall<N extends AstNode>(call: N, tree: Tree<N>): ResolvedNodeApi | undefined {
  const callee = calleeOf(call);
  if (callee === undefined) return undefined;
  const api = resolveNodeApi(callee, tree);
  if (api === undefined) return undefined;
  if (api.form === 'sync') return api;
  // `randomBytes(16)` blocks; `randomBytes(16, done)` does not: the same function, told apart by its callback.
  if (api.form === 'callback' && api.entry.sync === api.entry.name && !hasTrailingCallback(call)) return api;
  return undefined;
}

function hasTrailingCallback(call: AstNode): boolean {
  const args = argumentsOf(call);
  const last = args.at(-1);
  if (args.length < 2 || last === undefined) return false;
  return isFunction(last) || last.type === 'Identifier' || isMember(last);
}

function resolveValue<N extends AstNode>(raw: N, tree: Tree<N>, depth: number): ModuleValue | undefined {
  if (depth > MAX_ALIAS_DEPTH) return undefined;
  const node = skipWrappers(raw);
  if (node.type === 'Identifier') return resolveIdentifier(node, tree, depth);
  if (isMember(node)) {
    const name = staticPropertyName(node);
    const object = child(node, 'object');
    if (name === undefined || object === undefined) return undefined;
    return member(resolveValue(object, tree, depth + 1), name);
  }
  if (isCall(node)) return resolveCall(node, tree, depth);
  if (node.type === 'NewExpression') return resolveConstruction(node, tree, depth);
  if (node.type === 'AwaitExpression') {
    // `await import('node:fs')` resolves to the module namespace.
    const argument = child(node, 'argument');
    if (argument?.type === 'ImportExpression') return moduleValue(stringValue(child(argument, 'source')));
    if (argument !== undefined && isCall(argument) && calleeOf(argument)?.type === 'Import') {
      return moduleValue(stringValue(argumentsOf(argument)[0]));
    }
  }
  return undefined;
}

function moduleValue(specifier: string | undefined, path: readonly string[] = []): ModuleValue | undefined {
  return specifier === undefined ? undefined : { kind: 'member', member: { specifier, path } };
}

function member(value: ModuleValue | undefined, name: string): ModuleValue | undefined {
  if (value?.kind !== 'member') return undefined;
  return { kind: 'member', member: { specifier: value.member.specifier, path: [...value.member.path, name] } };
}

const GLOBAL_TIMERS = new Set(['setTimeout', 'setImmediate']);

function resolveIdentifier<N extends AstNode>(identifier: N, tree: Tree<N>, depth: number): ModuleValue | undefined {
  const declaration = findDeclaration(identifier, tree);
  if (declaration === undefined) {
    const name = identifierName(identifier);
    return name !== undefined && GLOBAL_TIMERS.has(name) ? moduleValue('timers', [name]) : undefined;
  }
  if (declaration.path === undefined) return undefined;
  const path = declaration.path;
  switch (declaration.kind) {
    case 'import': {
      const importDeclaration = tree.parentOf(declaration.node);
      if (importDeclaration === undefined || isTypeOnly(importDeclaration) || isTypeOnly(declaration.node)) return undefined;
      return moduleValue(stringValue(child(importDeclaration, 'source')), path);
    }
    case 'import-equals': {
      const reference = child(declaration.node, 'moduleReference');
      const expression = reference === undefined ? undefined : child(reference, 'expression');
      return moduleValue(stringValue(expression), path);
    }
    case 'const':
    case 'let':
    case 'var': {
      const init = child(declaration.node, 'init');
      if (init === undefined) return undefined;
      let value = resolveValue(init, tree, depth + 1);
      for (const key of path) value = member(value, key);
      return value;
    }
    default:
      return undefined; // parameters, functions, classes, catch bindings: a local that is not the module
  }
}

function isTypeOnly(node: AstNode): boolean {
  return prop(node, 'importKind') === 'type';
}

function resolveCall<N extends AstNode>(call: N, tree: Tree<N>, depth: number): ModuleValue | undefined {
  const specifier = requireSpecifier(call, tree);
  if (specifier !== undefined) return moduleValue(specifier);
  const callee = calleeOf(call);
  if (callee === undefined) return undefined;
  if (callee.type === 'Import') return undefined;
  const target = resolveValue(callee, tree, depth + 1);
  if (target?.kind !== 'member') return undefined;
  const bare = bareSpecifier(target.member.specifier);
  const calleePath = target.member.path.join('.');
  if (bare === 'util' && calleePath === 'promisify') {
    const [wrapped] = argumentsOf(call);
    const api = wrapped === undefined ? undefined : toNodeApi(resolveValue(wrapped, tree, depth + 1));
    return api?.form === 'callback' ? { kind: 'promisified', api } : undefined;
  }
  if (bare === 'readline' && calleePath === 'createInterface') {
    return { kind: 'instance', className: 'Interface', specifier: target.member.specifier };
  }
  return undefined;
}

/** `new EventEmitter()`, `new events.EventEmitter()`, `new readline.Interface()`: a known instance. */
function resolveConstruction<N extends AstNode>(node: N, tree: Tree<N>, depth: number): ModuleValue | undefined {
  const callee = calleeOf(node);
  const target = callee === undefined ? undefined : resolveValue(callee, tree, depth + 1);
  if (target?.kind !== 'member') return undefined;
  const bare = bareSpecifier(target.member.specifier);
  const path = target.member.path.join('.');
  if (bare === 'events' && (path === '' || path === 'EventEmitter')) {
    return { kind: 'instance', className: 'EventEmitter', specifier: target.member.specifier };
  }
  if (bare === 'readline' && path === 'Interface') {
    return { kind: 'instance', className: 'Interface', specifier: target.member.specifier };
  }
  return undefined;
}

/** Promise twins by `module#name`, e.g. `node:fs/promises#readFile`. */
const promiseTwins = new Map<string, NodeApiEntry>();
for (const entry of NODE_APIS) {
  if (entry.promise?.kind === 'function') promiseTwins.set(`${entry.promise.module}#${entry.promise.name}`, entry);
}

function toNodeApi(value: ModuleValue | undefined): ResolvedNodeApi | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'promisified') return { ...value.api, form: 'promisified' };
  if (value.kind === 'instance') return undefined; // a method needs the member name: see `member` on instances
  const { specifier } = value.member;
  const core = parseCoreSpecifier(specifier);
  if (core === undefined) return undefined;
  let path = value.member.path;
  let promises = core.promises;
  if (!promises && MODULES_WITH_PROMISES_PROPERTY.has(core.module) && path[0] === 'promises') {
    promises = true;
    path = path.slice(1);
  }
  // `require('events').EventEmitter.once` is `events.once`; `require('timers').promises` is `timers/promises`.
  if (core.module === 'events' && path[0] === 'EventEmitter') path = path.slice(1);
  if (core.module === 'timers' && path[0] === 'promises') {
    promises = true;
    path = path.slice(1);
  }
  const [name] = path;
  if (path.length !== 1 || name === undefined) return undefined;
  const promiseModule = `node:${core.module}${promises ? '/promises' : ''}`;
  const twin = promiseTwins.get(`${promiseModule}#${name}`);
  if (twin !== undefined) {
    return { entry: twin, form: 'promise', specifier };
  }
  if (promises) return undefined;
  const callbackForm = findNodeApi(core.module, name);
  if (callbackForm !== undefined) return { entry: callbackForm, form: 'callback', specifier };
  const syncForm = findNodeApiBySyncName(core.module, name);
  if (syncForm !== undefined) return { entry: syncForm, form: 'sync', specifier };
  return undefined;
}

/**
 * The Node API method called on a known instance: `rl.question(...)` where `rl = readline.createInterface(...)`,
 * `emitter.once(...)` where `emitter = new EventEmitter()`.
 */
export function resolveNodeApiMethod<N extends AstNode>(callee: N, tree: Tree<N>): ResolvedNodeApi | undefined {
  const node = skipWrappers(callee);
  if (!isMember(node)) return undefined;
  const name = staticPropertyName(node);
  const object = child(node, 'object');
  if (name === undefined || object === undefined) return undefined;
  const receiver = resolveValue(object, tree, 0);
  if (receiver?.kind !== 'instance') return undefined;
  const entry = NODE_APIS.find((candidate) => candidate.className === receiver.className && candidate.name === name);
  return entry === undefined ? undefined : { entry, form: 'callback', specifier: receiver.specifier };
}
