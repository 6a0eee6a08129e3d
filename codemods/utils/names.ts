import { type AstNode, child, children, identifierName, isFunction, isNode, prop } from '../../core/ast.js';
import { forEachChild, walk } from '../../core/tree.js';

/**
 * Names for the variables a transform introduces. A fresh name appears nowhere in the file, so it can neither shadow
 * a binding that code relies on nor be shadowed by one.
 */
export class NameTable {
  private readonly taken = new Set<string>();

  /** From the tree, or from the names a caller already gathered while walking it. */
  constructor(root: AstNode | Iterable<string>) {
    if (Symbol.iterator in root) {
      for (const name of root) this.taken.add(name);
      return;
    }
    walk(root, (node) => {
      const name = identifierName(node);
      if (name !== undefined) this.taken.add(name);
      return true;
    });
  }

  /** `base`, else `base2`, `base3`... whichever is not used anywhere in the file yet; it is taken from then on. */
  fresh(base: string): string {
    let name = base;
    for (let suffix = 2; this.taken.has(name); suffix += 1) name = `${base}${String(suffix)}`;
    this.taken.add(name);
    return name;
  }
}

/**
 * How often each variable name occurs under `root` (property keys and labels are not variables). Inside a nested
 * function, the names its own parameters bind are not counted: those occurrences can never mean an outer variable.
 * Subtrees in `skip` are left out.
 */
export function countNames(root: AstNode, skip: ReadonlySet<AstNode> = new Set()): Map<string, number> {
  const into = new Map<string, number>();
  countUnder(root, root, new Set(), into, skip);
  return into;
}

function countUnder(node: AstNode, root: AstNode, bound: ReadonlySet<string>, into: Map<string, number>, skip: ReadonlySet<AstNode>): void {
  if (skip.has(node)) return;
  let inner = bound;
  if (node !== root && isFunction(node)) {
    const parameters = children(node, 'params').flatMap((parameter) => boundNames(parameter));
    if (parameters.length > 0) inner = new Set([...bound, ...parameters]);
  }
  const name = node.type === 'Identifier' || node.type === 'JSXIdentifier' ? identifierName(node) : undefined;
  if (name !== undefined && !inner.has(name)) into.set(name, (into.get(name) ?? 0) + 1);
  const record = node as unknown as Record<string, unknown>;
  for (const key in record) {
    if (key === 'loc' || key === 'comments' || key === 'extra' || key === 'tokens' || isNonReferenceSlot(node, key)) continue;
    const value = record[key];
    if (Array.isArray(value)) {
      for (const kid of value) if (isNode(kid)) countUnder(kid, root, inner, into, skip);
    } else if (isNode(value)) {
      countUnder(value, root, inner, into, skip);
    }
  }
}

/** The names a binding pattern declares: `x`, `{ a, b: c }`, `[d, ...e]`, `{ f = 1 }`. */
export function boundNames(pattern: AstNode | undefined, into: string[] = []): string[] {
  if (pattern === undefined) return into;
  switch (pattern.type) {
    case 'Identifier':
      into.push(identifierName(pattern) ?? '');
      break;
    case 'ObjectPattern':
      for (const property of children(pattern, 'properties')) {
        boundNames(property.type === 'RestElement' ? child(property, 'argument') : child(property, 'value'), into);
      }
      break;
    case 'ArrayPattern':
      for (const element of children(pattern, 'elements')) boundNames(element, into);
      break;
    case 'AssignmentPattern':
      boundNames(child(pattern, 'left'), into);
      break;
    case 'RestElement':
      boundNames(child(pattern, 'argument'), into);
      break;
    case 'TSParameterProperty':
      boundNames(child(pattern, 'parameter'), into);
      break;
    default:
      break;
  }
  return into;
}

/**
 * The names a function's body adds to the block it is inlined into: its parameters, the `let`/`const`/`class`/
 * `function` declarations at the top of its body, and every `var` of its own scope (those hoist).
 */
export function namesIntroducedBy(fn: AstNode): { parameters: string[]; lexical: string[]; hoisted: string[] } {
  const parameters: string[] = [];
  for (const parameter of children(fn, 'params')) boundNames(parameter, parameters);
  const lexical: string[] = [];
  const hoisted: string[] = [];
  const body = child(fn, 'body');
  if (body?.type === 'BlockStatement') {
    for (const statement of children(body, 'body')) {
      if (statement.type === 'VariableDeclaration' && prop(statement, 'kind') !== 'var') {
        for (const declarator of children(statement, 'declarations')) boundNames(child(declarator, 'id'), lexical);
      } else if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') {
        const name = identifierName(child(statement, 'id'));
        if (name !== undefined) lexical.push(name);
      }
    }
    walk(body, (node) => {
      if (isFunction(node)) return false;
      if (node.type === 'VariableDeclaration' && prop(node, 'kind') === 'var') {
        for (const declarator of children(node, 'declarations')) boundNames(child(declarator, 'id'), hoisted);
      }
      return true;
    });
  }
  return { parameters, lexical, hoisted };
}

/** Whether a nested function (not `fn` itself) declares `name` anywhere: renaming would need block-exact scopes. */
function nestedFunctionDeclares(fn: AstNode, name: string): boolean {
  let found = false;
  walk(fn, (node) => {
    if (found) return false;
    if (node !== fn && isFunction(node)) {
      const own = namesIntroducedBy(node);
      const inner = [...own.parameters, ...own.hoisted, identifierName(child(node, 'id')) ?? ''];
      if (inner.includes(name) || countDeclarations(node, name) > 0) found = true;
    }
    return true;
  });
  return found;
}

function countDeclarations(root: AstNode, name: string): number {
  let count = 0;
  walk(root, (node) => {
    if (node.type === 'VariableDeclarator' && boundNames(child(node, 'id')).includes(name)) count += 1;
    if ((node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration') && identifierName(child(node, 'id')) === name) count += 1;
    if (node.type === 'CatchClause' && boundNames(child(node, 'param')).includes(name)) count += 1;
    return true;
  });
  return count;
}

/** Keys under which an identifier is a name of something else (a property, a label), never a variable. */
export function isNonReferenceSlot(parent: AstNode, key: string): boolean {
  const computed = prop(parent, 'computed') === true;
  switch (parent.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return key === 'property' && !computed;
    case 'Property':
    case 'ObjectProperty':
    case 'MethodDefinition':
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassPrivateMethod':
    case 'ClassProperty':
    case 'PropertyDefinition':
    case 'ClassAccessorProperty':
    case 'AccessorProperty':
      return key === 'key' && !computed;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return key === 'label';
    case 'MetaProperty':
      return true;
    case 'TSQualifiedName':
      return key === 'right';
    case 'TSPropertySignature':
    case 'TSMethodSignature':
      return key === 'key' && !computed;
    default:
      return false;
  }
}

/** Type annotations live in their own namespace: a renamed variable never changes what a type refers to. */
const TYPE_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeParameters']);

/**
 * Renames the variable `from` declared by function `fn` (a parameter or a declaration of its own scope) to `to`,
 * everywhere it is referenced inside `fn`. Shorthand properties keep their key (`{ id }` becomes `{ id: id2 }`), so
 * destructuring still reads the same property. Returns false, changing nothing, when scopes inside `fn` declare
 * `from` again in ways this simple renaming cannot follow (a nested function or JSX that uses the name).
 */
export function renameBinding(fn: AstNode, from: string, to: string): boolean {
  if (!canRenameBinding(fn, from)) return false;
  renameUnder(fn, from, to);
  return true;
}

/** Whether {@link renameBinding} can follow every use of `from` inside `fn`. */
export function canRenameBinding(fn: AstNode, from: string): boolean {
  if (nestedFunctionDeclares(fn, from)) return false;
  let usesJsx = false;
  walk(fn, (node) => {
    if (node.type === 'JSXIdentifier' && identifierName(node) === from) usesJsx = true;
    return !usesJsx;
  });
  return !usesJsx;
}

function renameUnder(node: AstNode, from: string, to: string, inType = false): void {
  const record = node as unknown as Record<string, unknown>;
  if (node.type === 'CatchClause' && boundNames(child(node, 'param')).includes(from)) return; // the catch's own
  if (inType) {
    // inside a type, only `typeof x` (and `typeof x.y`) names a variable
    if (node.type === 'TSTypeQuery') {
      const query = child(node, 'exprName');
      if (query !== undefined) renameUnder(query, from, to);
      return;
    }
  } else if ((node.type === 'Property' || node.type === 'ObjectProperty') && prop(node, 'shorthand') === true) {
    const value = child(node, 'value');
    const renamesValue = identifierName(value) === from || identifierName(child(value ?? node, 'left')) === from;
    if (renamesValue) {
      record.shorthand = false;
      // recast prints a shorthand property from `extra.shorthand` too, so both flags have to go
      const extra = prop(node, 'extra');
      if (typeof extra === 'object' && extra !== null) (extra as Record<string, unknown>).shorthand = false;
      if (value !== undefined) renameUnder(value, from, to);
      return;
    }
  }
  if (!inType && node.type === 'Identifier' && identifierName(node) === from) {
    record.name = to;
    const annotation = child(node, 'typeAnnotation');
    if (annotation !== undefined) renameUnder(annotation, from, to, true);
    return;
  }
  for (const key of Object.keys(record)) {
    if (key === 'loc' || key === 'comments' || key === 'extra' || key === 'tokens' || isNonReferenceSlot(node, key)) continue;
    const value = record[key];
    for (const kid of Array.isArray(value) ? value : [value]) {
      if (isNode(kid)) renameUnder(kid, from, to, inType || TYPE_KEYS.has(key));
    }
  }
}

/**
 * Every identifier under `root` that stands for a variable (not a property key or label), with its parent and the
 * key it sits under. A nested function or catch clause that binds `shadowed` again is not entered: its uses of that
 * name are another variable's.
 */
export function visitVariables(
  root: AstNode,
  visit: (identifier: AstNode, parent: AstNode | undefined, key: string | undefined) => void,
  shadowed?: string,
): void {
  const walkNode = (node: AstNode, parent: AstNode | undefined, key: string | undefined): void => {
    if (node.type === 'Identifier') {
      visit(node, parent, key);
      return;
    }
    if (shadowed !== undefined && node !== root && rebinds(node, shadowed)) return;
    forEachChild(node, (kid, kidKey) => {
      if (!isNonReferenceSlot(node, kidKey)) walkNode(kid, node, kidKey);
    });
  };
  walkNode(root, undefined, undefined);
}

/** Whether the variable `name` is read or written anywhere under `root` (its redeclarations in nested scopes aside). */
export function mentions(root: AstNode, name: string): boolean {
  let found = false;
  visitVariables(
    root,
    (identifier) => {
      if (identifierName(identifier) === name) found = true;
    },
    name,
  );
  return found;
}

/** Whether a function's parameters or a catch clause's parameter declare `name` again. */
function rebinds(node: AstNode, name: string): boolean {
  if (isFunction(node)) return children(node, 'params').some((param) => boundNames(param).includes(name));
  if (node.type === 'CatchClause') return boundNames(child(node, 'param')).includes(name);
  return false;
}

/** The names the statements declare for their function: their own declarations, and `var`s in nested blocks. */
export function namesDeclaredBy(statements: readonly AstNode[]): Set<string> {
  const names = new Set<string>();
  for (const statement of statements) {
    if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') names.add(identifierName(child(statement, 'id')) ?? '');
    walk(statement, (node) => {
      if (isFunction(node)) return false;
      if (node.type === 'VariableDeclaration' && (statement === node || prop(node, 'kind') === 'var')) {
        for (const declarator of children(node, 'declarations')) for (const name of boundNames(child(declarator, 'id'))) names.add(name);
      }
      return true;
    });
  }
  return names;
}
