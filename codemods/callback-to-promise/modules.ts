/**
 * Calls into the other modules of the run. `lib.load(file, cb)` in one file can become `lib.load(file)` only when
 * `load` in `./lib` returns a promise when called without a callback: either it already does (an earlier run gave it
 * the dual API), or it is in the same run and will (the codemod's own plan for that file says so). The plan of a
 * module is made once per process and text, without looking further into other modules (a callee that would only
 * convert thanks to a third module is taken as not converting: its callers keep their callbacks, which still work).
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type AstNode, child, children, identifierName, prop, stringValue } from '../../core/ast.js';
import { findDeclaration } from '../../core/scope.js';
import type { Tree } from '../../core/tree.js';

/** What a module exports with a callback API that returns a promise without a callback: export path → callback index. */
export type ConvertedExports = ReadonlyMap<string, { readonly index: number; readonly converted: 'already' | 'in-run'; readonly arity: 0 | 1 }>;

/** Plans one module's source: which of its exports convert (or were converted before). */
export type ExportPlanner = (file: string, source: string) => ConvertedExports;

const MODULE_EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.jsx', '.tsx'];

const plannedModules = new Map<string, { readonly source: string; readonly exports: ConvertedExports }>();

export class RunModules {
  constructor(
    private readonly importer: string,
    /** Every file of the run (absolute); undefined outside the untangle command, where only earlier runs count. */
    private readonly runFiles: ReadonlySet<string> | undefined,
    private readonly plan: ExportPlanner,
    /** Tells plans made with different options apart (tests run several in one process). */
    private readonly planKey: string,
  ) {}

  /**
   * The callback index of the converted function `callee` stands for, if it is one exported by a module of the run,
   * and whether it calls back with a value.
   */
  convertedCallee(callee: AstNode, tree: Tree): { index: number; arity: 0 | 1 } | undefined {
    const target = importedMember(callee, tree);
    if (!target?.specifier.startsWith('.')) return undefined;
    const file = resolveModuleFile(path.resolve(path.dirname(this.importer), target.specifier));
    if (file === undefined || file === path.resolve(this.importer)) return undefined;
    const exports = this.exportsOf(file);
    const found = exports?.get(target.path.join('.'));
    if (found === undefined) return undefined;
    return found.converted === 'already' || this.runFiles?.has(file) === true ? { index: found.index, arity: found.arity } : undefined;
  }

  private exportsOf(file: string): ConvertedExports | undefined {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const known = plannedModules.get(`${this.planKey}\0${file}`);
    if (known?.source === source) return known.exports;
    let exports: ConvertedExports;
    try {
      exports = this.plan(file, source);
    } catch {
      exports = new Map(); // a module that does not parse converts nothing
    }
    plannedModules.set(`${this.planKey}\0${file}`, { source, exports });
    return exports;
  }
}

/** `./lib` → `./lib.js`, `./lib/index.js`...: the file Node (or a bundler) would load. */
function resolveModuleFile(base: string): string | undefined {
  const candidates = [base, ...MODULE_EXTENSIONS.map((extension) => base + extension), ...MODULE_EXTENSIONS.map((extension) => path.join(base, `index${extension}`))];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/**
 * The module and export path a callee reads: `lib.load` with `const lib = require('./lib')` → ('./lib', ['load']);
 * `load` from `const { load } = require('./lib')` or `import { load } from './lib.js'` → the same; a default import
 * adds `default` in front (the ES module's default export, or a CommonJS module's `module.exports`).
 */
function importedMember(callee: AstNode, tree: Tree): { specifier: string; path: string[] } | undefined {
  const keys: string[] = [];
  let current = callee;
  while (current.type === 'MemberExpression' && prop(current, 'computed') !== true) {
    const key = identifierName(child(current, 'property'));
    const object = child(current, 'object');
    if (key === undefined || object === undefined) return undefined;
    keys.unshift(key);
    current = object;
  }
  if (current.type !== 'Identifier') return undefined;
  const declaration = findDeclaration(current, tree);
  if (declaration?.path === undefined) return undefined;
  if (declaration.kind === 'import') {
    const source = stringValue(child(tree.parentOf(declaration.node) ?? declaration.node, 'source'));
    const prefix = declaration.node.type === 'ImportDefaultSpecifier' ? ['default'] : [];
    return source === undefined ? undefined : { specifier: source, path: [...prefix, ...declaration.path, ...keys] };
  }
  if (declaration.kind !== 'const' && declaration.kind !== 'var' && declaration.kind !== 'let') return undefined;
  const init = child(declaration.node, 'init');
  const isRequire = init?.type === 'CallExpression' && identifierName(child(init, 'callee')) === 'require' && findDeclaration(child(init, 'callee') ?? init, tree) === undefined;
  const specifier = isRequire ? stringValue(children(init, 'arguments')[0]) : undefined;
  return specifier === undefined ? undefined : { specifier, path: [...declaration.path, ...keys] };
}

/**
 * The functions a module exports, by export path, for the ways modules export: `module.exports = fn`,
 * `module.exports = { a, b: fn }`, `exports.a = fn`, `module.exports.a = fn`, `export function a`,
 * `export const a = fn`, `export { a, b as c }`, `export default fn`. A CommonJS module's exports are also found
 * under `default` (what an ES module's default import of it gets).
 */
export function exportedFunctions(program: AstNode, tree: Tree): Map<string, AstNode> {
  const exported = new Map<string, AstNode>();
  const functionOf = (value: AstNode | undefined): AstNode | undefined => {
    if (value === undefined) return undefined;
    if (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression' || value.type === 'FunctionDeclaration') return value;
    if (value.type !== 'Identifier') return undefined;
    const declaration = findDeclaration(value, tree);
    if (declaration?.kind === 'function') return declaration.node;
    const init = declaration?.node.type === 'VariableDeclarator' && declaration.path?.length === 0 ? child(declaration.node, 'init') : undefined;
    return init !== undefined && (init.type === 'FunctionExpression' || init.type === 'ArrowFunctionExpression') ? init : undefined;
  };
  const add = (key: string, value: AstNode | undefined, commonJs: boolean): void => {
    const fn = functionOf(value);
    if (fn === undefined) return;
    exported.set(key, fn);
    if (commonJs) exported.set(key === '' ? 'default' : `default.${key}`, fn);
  };
  for (const statement of children(program, 'body')) {
    if (statement.type === 'ExpressionStatement') {
      const assignment = child(statement, 'expression');
      if (assignment?.type !== 'AssignmentExpression' || prop(assignment, 'operator') !== '=') continue;
      const target = exportTarget(child(assignment, 'left'));
      const value = child(assignment, 'right');
      if (target === undefined) continue;
      if (target === '' && value?.type === 'ObjectExpression') {
        for (const property of children(value, 'properties')) {
          const key = prop(property, 'computed') === true ? undefined : (identifierName(child(property, 'key')) ?? stringValue(child(property, 'key')));
          if (key !== undefined) add(key, property.type.endsWith('Method') ? property : child(property, 'value'), true);
        }
      } else {
        add(target, value, true);
      }
      continue;
    }
    if (statement.type === 'ExportNamedDeclaration') {
      const declared = child(statement, 'declaration');
      if (declared?.type === 'FunctionDeclaration') add(identifierName(child(declared, 'id')) ?? '', declared, false);
      if (declared?.type === 'VariableDeclaration') {
        for (const declarator of children(declared, 'declarations')) add(identifierName(child(declarator, 'id')) ?? '', child(declarator, 'init'), false);
      }
      if (child(statement, 'source') === undefined) {
        for (const specifier of children(statement, 'specifiers')) {
          const name = identifierName(child(specifier, 'exported'));
          if (name !== undefined) add(name, child(specifier, 'local'), false);
        }
      }
    }
    if (statement.type === 'ExportDefaultDeclaration') add('default', child(statement, 'declaration'), false);
  }
  return exported;
}

/** `module.exports` → '', `module.exports.a` / `exports.a` → 'a'; anything else undefined. */
function exportTarget(left: AstNode | undefined): string | undefined {
  if (left?.type !== 'MemberExpression' || prop(left, 'computed') === true) return undefined;
  const object = child(left, 'object');
  const key = identifierName(child(left, 'property'));
  if (key === undefined) return undefined;
  if (identifierName(object) === 'module' && key === 'exports') return '';
  if (identifierName(object) === 'exports') return key;
  if (object?.type === 'MemberExpression' && identifierName(child(object, 'object')) === 'module' && identifierName(child(object, 'property')) === 'exports') return key;
  return undefined;
}
