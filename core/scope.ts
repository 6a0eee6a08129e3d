import { type AstNode, child, children, identifierName, isFunction, isMember, prop, skipWrappers, staticPropertyName } from './ast.js';
import { type Tree, walk } from './tree.js';

/**
 * Where a name is declared, found by climbing the enclosing scopes. Rules could ask ESLint's scope manager, but
 * codemods have none that agrees with it, so both halves use this one lookup; it is what makes "a local `readFile`
 * that is not the import is not the API" hold everywhere.
 */
export interface Declaration<N extends AstNode = AstNode> {
  readonly name: string;
  readonly kind: DeclarationKind;
  /** The binding identifier. */
  readonly id: N;
  /** The declaring node: a VariableDeclarator, an import specifier, a function, a class, a CatchClause... */
  readonly node: N;
  /**
   * Property keys leading from the declared value to this binding: `[]` for `const fs = ...`, `['readFile']` for
   * `const { readFile: rf } = ...` and `import { readFile as rf }`; undefined when no static path exists (array
   * patterns, rest elements, computed keys).
   */
  readonly path: readonly string[] | undefined;
}

export type DeclarationKind =
  | 'var'
  | 'let'
  | 'const'
  | 'using'
  | 'parameter'
  | 'function'
  | 'class'
  | 'import'
  | 'import-equals'
  | 'catch'
  | 'enum'
  | 'namespace';

type ScopeTable<N extends AstNode> = Map<string, Declaration<N>>;

const scopeCache = new WeakMap<AstNode, ScopeTable<AstNode>>();

/** The declaration the identifier refers to, or undefined for globals and undeclared names. */
export function findDeclaration<N extends AstNode>(identifier: N, tree: Tree<N>): Declaration<N> | undefined {
  const name = identifierName(identifier);
  if (name === undefined) return undefined;
  const scope = enclosingScope(identifier, tree);
  return scope === undefined ? undefined : lookUp(scope, name, tree);
}

/** The function a name stands for: a function declaration, or a `const` holding a function or arrow. */
export function functionNamed<N extends AstNode>(identifier: N, tree: Tree<N>): N | undefined {
  const declaration = findDeclaration(identifier, tree);
  if (declaration?.kind === 'function') return declaration.node;
  const init = declaration?.kind === 'const' && declaration.path?.length === 0 ? child(declaration.node, 'init') : undefined;
  const value = init === undefined ? undefined : skipWrappers(init);
  return value !== undefined && isFunction(value) ? value : undefined;
}

/** The nearest scope whose names `node` sees (the node itself is not its own scope). */
function enclosingScope<N extends AstNode>(node: N, tree: Tree<N>): N | undefined {
  let previous: N = node;
  for (let ancestor = tree.parentOf(node); ancestor !== undefined; previous = ancestor, ancestor = tree.parentOf(ancestor)) {
    // A function's parameters and body share one scope; the body block itself is not a scope of its own.
    const isFunctionBody = ancestor.type === 'BlockStatement' && isFunction(tree.parentOf(ancestor));
    // `class C extends Base` or a decorator: the class's own name is not yet in scope for its heritage.
    if (isScope(ancestor) && !isFunctionBody && !isClassHeritage(ancestor, previous)) return ancestor;
  }
  return undefined;
}

/** Answers per tree (a codemod that moves nodes indexes its tree again), then per scope and name. */
const lookUpCache = new WeakMap<object, WeakMap<AstNode, Map<string, Declaration | null>>>();

/** `name` as seen from `scope`: its own declaration or the outer scopes' answer, kept per scope and name. */
function lookUp<N extends AstNode>(scope: N, name: string, tree: Tree<N>): Declaration<N> | undefined {
  let byScope = lookUpCache.get(tree);
  if (byScope === undefined) {
    byScope = new WeakMap();
    lookUpCache.set(tree, byScope);
  }
  let known = byScope.get(scope);
  const cached = known?.get(name);
  if (cached !== undefined) return (cached ?? undefined) as Declaration<N> | undefined;
  const outer = scopeTable(scope).has(name) ? undefined : enclosingScope(scope, tree);
  const declaration = scopeTable(scope).get(name) ?? (outer === undefined ? undefined : lookUp(outer, name, tree));
  if (known === undefined) {
    known = new Map();
    byScope.set(scope, known);
  }
  known.set(name, declaration ?? null);
  return declaration;
}

function isClassHeritage(scope: AstNode, from: AstNode): boolean {
  return (scope.type === 'ClassDeclaration' || scope.type === 'ClassExpression') && from !== child(scope, 'body');
}

const SCOPE_TYPES = new Set([
  'Program',
  'BlockStatement',
  'StaticBlock',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'CatchClause',
  'SwitchStatement',
  'TSModuleBlock',
  'ClassDeclaration',
  'ClassExpression',
]);

function isScope(node: AstNode): boolean {
  return SCOPE_TYPES.has(node.type) || isFunction(node);
}

function scopeTable<N extends AstNode>(scope: N): ScopeTable<N> {
  const cached = scopeCache.get(scope);
  if (cached !== undefined) return cached as unknown as ScopeTable<N>;
  const table: ScopeTable<N> = new Map();
  const declare = (declaration: Declaration<N>): void => {
    // The first declaration wins: `var x; var x;` and a parameter redeclared by `var` are the same binding.
    if (!table.has(declaration.name)) table.set(declaration.name, declaration);
  };
  collectScope(scope, declare);
  scopeCache.set(scope, table);
  return table;
}

type Declare<N extends AstNode> = (declaration: Declaration<N>) => void;

function collectScope<N extends AstNode>(scope: N, declare: Declare<N>): void {
  if (isFunction(scope)) {
    for (const param of children(scope, 'params')) collectPattern(param, scope, 'parameter', [], declare);
    const id = child(scope, 'id');
    // A function expression's own name is visible inside it; a declaration's name belongs to the outer scope.
    if (id !== undefined && scope.type === 'FunctionExpression') declareId(id, scope, 'function', declare, []);
    const body = child(scope, 'body');
    if (body?.type === 'BlockStatement') {
      collectHoistedVars(body, declare);
      collectStatements(children(body, 'body'), declare);
    }
    return;
  }
  switch (scope.type) {
    case 'Program':
      collectHoistedVars(scope, declare);
      collectStatements(children(scope, 'body'), declare);
      return;
    case 'StaticBlock':
      collectHoistedVars(scope, declare);
      collectStatements(children(scope, 'body'), declare);
      return;
    case 'BlockStatement':
    case 'TSModuleBlock':
      collectStatements(children(scope, 'body'), declare);
      return;
    case 'SwitchStatement':
      for (const switchCase of children(scope, 'cases')) collectStatements(children(switchCase, 'consequent'), declare);
      return;
    case 'CatchClause': {
      const param = child(scope, 'param');
      if (param !== undefined) collectPattern(param, scope, 'catch', [], declare);
      return;
    }
    case 'ClassDeclaration':
    case 'ClassExpression': {
      const id = child(scope, 'id');
      if (id !== undefined) declareId(id, scope, 'class', declare, []);
      return;
    }
    default: {
      // for (let ...; ...), for (const x of ...), for (let k in ...)
      const head = child(scope, 'init') ?? child(scope, 'left');
      if (head?.type === 'VariableDeclaration' && prop(head, 'kind') !== 'var') collectVariableDeclaration(head, declare);
    }
  }
}

/** Declarations made directly by a statement list: lexical bindings, functions, classes, imports, TS enums. */
function collectStatements<N extends AstNode>(statements: readonly N[], declare: Declare<N>): void {
  for (const raw of statements) {
    const statement = unwrapExport(raw);
    switch (statement.type) {
      case 'VariableDeclaration':
        if (prop(statement, 'kind') !== 'var') collectVariableDeclaration(statement, declare);
        break;
      case 'FunctionDeclaration':
      case 'TSDeclareFunction':
      case 'ClassDeclaration':
      case 'TSEnumDeclaration':
      case 'TSModuleDeclaration': {
        const id = child(statement, 'id');
        const kind = statement.type === 'ClassDeclaration' ? 'class' : statement.type === 'TSEnumDeclaration' ? 'enum'
          : statement.type === 'TSModuleDeclaration' ? 'namespace' : 'function';
        if (id !== undefined) declareId(id, statement, kind, declare, []);
        break;
      }
      case 'ImportDeclaration':
        for (const specifier of children(statement, 'specifiers')) collectImportSpecifier(specifier, declare);
        break;
      case 'TSImportEqualsDeclaration': {
        const id = child(statement, 'id');
        if (id !== undefined) declareId(id, statement, 'import-equals', declare, []);
        break;
      }
      default:
        break;
    }
  }
}

function unwrapExport<N extends AstNode>(statement: N): N {
  if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') {
    return child(statement, 'declaration') ?? statement;
  }
  return statement;
}

function collectImportSpecifier<N extends AstNode>(specifier: N, declare: Declare<N>): void {
  const local = child(specifier, 'local');
  if (local === undefined) return;
  let path: readonly string[] | undefined;
  if (specifier.type === 'ImportSpecifier') {
    const imported = child(specifier, 'imported');
    const importedName = identifierName(imported) ?? (imported === undefined ? undefined : stringLiteralValue(imported));
    path = importedName === undefined ? undefined : [importedName];
  } else {
    path = []; // default and namespace imports both stand for the module object of a CommonJS core module
  }
  declareId(local, specifier, 'import', declare, path);
}

function stringLiteralValue(node: AstNode): string | undefined {
  const value = prop(node, 'value');
  return typeof value === 'string' ? value : undefined;
}

/** `var` declarations anywhere in the body, except inside nested functions, belong to the function's scope. */
function collectHoistedVars<N extends AstNode>(root: N, declare: Declare<N>): void {
  const stack: N[] = [...children(root, 'body')];
  for (let popped = stack.pop(); popped !== undefined; popped = stack.pop()) {
    const node = unwrapExport(popped);
    if (node.type === 'VariableDeclaration') {
      if (prop(node, 'kind') === 'var') collectVariableDeclaration(node, declare);
      continue;
    }
    for (const key of HOISTING_KEYS) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) stack.push(...children(node, key));
      else if (value !== null && typeof value === 'object') {
        const kid = child(node, key);
        if (kid !== undefined) stack.push(kid);
      }
    }
  }
}

/** Statement positions through which `var` hoists (never into expressions, so never into nested functions). */
const HOISTING_KEYS = ['body', 'consequent', 'alternate', 'block', 'handler', 'finalizer', 'cases', 'init', 'left'];

function collectVariableDeclaration<N extends AstNode>(declaration: N, declare: Declare<N>): void {
  const rawKind = prop(declaration, 'kind');
  const kind: DeclarationKind = rawKind === 'var' || rawKind === 'let' || rawKind === 'const' ? rawKind : 'using';
  for (const declarator of children(declaration, 'declarations')) {
    const id = child(declarator, 'id');
    if (id !== undefined) collectPattern(id, declarator, kind, [], declare);
  }
}

/** Declares every identifier a binding pattern introduces, with the property path that leads to it. */
function collectPattern<N extends AstNode>(
  pattern: N,
  node: N,
  kind: DeclarationKind,
  path: readonly string[] | undefined,
  declare: Declare<N>,
): void {
  switch (pattern.type) {
    case 'Identifier':
      declareId(pattern, node, kind, declare, path);
      return;
    case 'AssignmentPattern': {
      const left = child(pattern, 'left');
      if (left !== undefined) collectPattern(left, node, kind, path, declare);
      return;
    }
    case 'TSParameterProperty': {
      const parameter = child(pattern, 'parameter');
      if (parameter !== undefined) collectPattern(parameter, node, kind, path, declare);
      return;
    }
    case 'RestElement': {
      const argument = child(pattern, 'argument');
      if (argument !== undefined) collectPattern(argument, node, kind, undefined, declare);
      return;
    }
    case 'ArrayPattern':
      for (const element of children(pattern, 'elements')) collectPattern(element, node, kind, undefined, declare);
      return;
    case 'ObjectPattern':
      for (const property of children(pattern, 'properties')) {
        const value = property.type === 'RestElement' ? property : child(property, 'value');
        if (value === undefined) continue;
        const key = property.type === 'RestElement' ? undefined : staticPropertyName(property);
        const childPath = path === undefined || key === undefined ? undefined : [...path, key];
        collectPattern(value, node, kind, childPath, declare);
      }
      return;
    default:
      return;
  }
}

function declareId<N extends AstNode>(
  id: N,
  node: N,
  kind: DeclarationKind,
  declare: Declare<N>,
  path: readonly string[] | undefined,
): void {
  const name = identifierName(id);
  if (name !== undefined) declare({ name, kind, id, node, path });
}

const referenceCache = new WeakMap<AstNode, WeakMap<AstNode, readonly AstNode[]>>();

/**
 * Every identifier in `scope` that refers to the binding `id` (skipping property keys and shadowed names). The
 * answer is kept per scope node, like the scope tables: a transform that edits the tree asks again on new nodes.
 */
export function referencesTo<N extends AstNode>(scope: N, id: N, tree: Tree<N>): readonly N[] {
  // Rules ask about the same parameter many times (is it a continuation? is it called synchronously?): walk once.
  let byId = referenceCache.get(scope);
  const cached = byId?.get(id);
  if (cached !== undefined) return cached as readonly N[];
  const name = identifierName(id);
  if (name === undefined) return [];
  const declaration = findDeclaration(id, tree);
  const references: N[] = [];
  // Walked each time a new binding is asked about: codemods add names to bodies they asked about before.
  walk(child(scope, 'body') ?? scope, (node) => {
    if (node.type !== 'Identifier' || node === id || identifierName(node) !== name) return true;
    if (!isNonReferenceIdentifier(node, tree) && findDeclaration(node, tree)?.id === declaration?.id) references.push(node);
    return true;
  });
  if (byId === undefined) {
    byId = new WeakMap();
    referenceCache.set(scope, byId);
  }
  byId.set(id, references);
  return references;
}

/** Identifiers that name a property or a key rather than read a binding: `a.b`, `{ b: 1 }`, `class { b() {} }`. */
function isNonReferenceIdentifier<N extends AstNode>(node: N, tree: Tree<N>): boolean {
  const parent = tree.parentOf(node);
  if (parent === undefined) return false;
  if (isMember(parent)) return child(parent, 'property') === node && prop(parent, 'computed') !== true;
  const isKeyed = parent.type === 'Property' || parent.type === 'ObjectProperty' || parent.type === 'MethodDefinition'
    || parent.type === 'PropertyDefinition' || parent.type === 'ClassProperty' || parent.type === 'ObjectMethod'
    || parent.type === 'ClassMethod';
  if (isKeyed) return child(parent, 'key') === node && prop(parent, 'computed') !== true && child(parent, 'value') !== node
    && prop(parent, 'shorthand') !== true;
  return false;
}
