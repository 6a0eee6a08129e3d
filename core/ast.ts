/**
 * Reading syntax trees without an AST library.
 *
 * typescript-eslint hands rules ESTree nodes; jscodeshift's `babel`/`ts`/`tsx` parsers hand codemods Babel nodes.
 * The two spell a few things differently (`Literal` vs `StringLiteral`, `Property` vs `ObjectProperty`,
 * `ChainExpression` vs `OptionalMemberExpression`...). Everything in `core/` reads nodes through these helpers, which
 * accept both spellings and look only at `type` strings and properties, so the same logic serves rules and codemods.
 */

/** The least every node of either flavour has. Helpers are generic over it so callers get their own node type back. */
export interface AstNode {
  readonly type: string;
}

/** Reads a child property as a node (or undefined when it is missing or not a node). */
export function child<N extends AstNode>(node: N, key: string): N | undefined {
  const value = (node as unknown as Record<string, unknown>)[key];
  return isNode(value) ? (value as N) : undefined;
}

/** Reads a child property as a list of nodes; holes (`[, a]`) and non-nodes are dropped. */
export function children<N extends AstNode>(node: N, key: string): N[] {
  const value = (node as unknown as Record<string, unknown>)[key];
  if (!Array.isArray(value)) return [];
  return value.filter(isNode) as unknown as N[];
}

/** Reads a non-node property (a name, a flag, a literal value). */
export function prop(node: AstNode, key: string): unknown {
  return (node as unknown as Record<string, unknown>)[key];
}

export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The name of an `Identifier` (or `JSXIdentifier`), else undefined. */
export function identifierName(node: AstNode | undefined): string | undefined {
  if (node === undefined || (node.type !== 'Identifier' && node.type !== 'JSXIdentifier')) return undefined;
  const name = prop(node, 'name');
  return typeof name === 'string' ? name : undefined;
}

/** Wrappers that do not change an expression's value: TS assertions, parentheses, Flow casts, ESTree's chain. */
const TRANSPARENT_WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'ParenthesizedExpression',
  'TypeCastExpression',
  'ChainExpression',
]);

/** Strips value-preserving wrappers (`x as T`, `x!`, `(x)`, `a?.b` chains) to reach the expression itself. */
export function skipWrappers<N extends AstNode>(node: N): N {
  let current = node;
  while (TRANSPARENT_WRAPPERS.has(current.type)) {
    const inner = child(current, 'expression');
    if (inner === undefined) break;
    current = inner;
  }
  return current;
}

export function isWrapper(node: AstNode): boolean {
  return TRANSPARENT_WRAPPERS.has(node.type);
}

/** `f()`, `f?.()` (Babel spells the optional call separately). */
export function isCall(node: AstNode | undefined): boolean {
  return node !== undefined && (node.type === 'CallExpression' || node.type === 'OptionalCallExpression');
}

/** `a.b`, `a?.b`, `a['b']`. */
export function isMember(node: AstNode | undefined): boolean {
  return node !== undefined && (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression');
}

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
  'TSDeclareFunction',
]);

/** Any node that has parameters and a body of its own: declarations, expressions, arrows, Babel's methods. */
export function isFunction(node: AstNode | undefined): boolean {
  return node !== undefined && FUNCTION_TYPES.has(node.type);
}

export function isAsyncFunction(node: AstNode): boolean {
  return isFunction(node) && prop(node, 'async') === true;
}

const LITERAL_TYPES = new Set(['Literal', 'StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral', 'BigIntLiteral', 'RegExpLiteral']);

/** A literal of either flavour: ESTree's `Literal`, or Babel's `StringLiteral`, `NumericLiteral` and the rest. */
export function isLiteral(node: AstNode | undefined): boolean {
  return node !== undefined && LITERAL_TYPES.has(node.type);
}

/** The value of a string literal, or of a template literal without substitutions. */
export function stringValue(node: AstNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (node.type === 'StringLiteral' || node.type === 'Literal') {
    const value = prop(node, 'value');
    return typeof value === 'string' ? value : undefined;
  }
  if (node.type === 'TemplateLiteral' && children(node, 'expressions').length === 0) {
    const [quasi] = children(node, 'quasis');
    const value = quasi === undefined ? undefined : prop(quasi, 'value');
    const cooked = typeof value === 'object' && value !== null ? (value as { cooked?: unknown }).cooked : undefined;
    return typeof cooked === 'string' ? cooked : undefined;
  }
  return undefined;
}

/** `null`, in either flavour. */
export function isNullLiteral(node: AstNode | undefined): boolean {
  if (node === undefined) return false;
  if (node.type === 'NullLiteral') return true;
  return node.type === 'Literal' && prop(node, 'value') === null && prop(node, 'regex') === undefined && prop(node, 'raw') === 'null';
}

/** `null`, `undefined` or `void 0`: the "no error" first argument of an error-first call. */
export function isNullish(node: AstNode | undefined): boolean {
  if (node === undefined) return false;
  if (isNullLiteral(node)) return true;
  if (identifierName(node) === 'undefined') return true;
  return node.type === 'UnaryExpression' && prop(node, 'operator') === 'void';
}

/**
 * The statically known name of a member access or property key: `a.b` → `b`, `a['b']` → `b`, `a.#b` → undefined
 * (private names are not API names). Works for MemberExpression, OptionalMemberExpression, Property, ObjectProperty,
 * MethodDefinition and Babel's ClassMethod.
 */
export function staticPropertyName(node: AstNode): string | undefined {
  const key = child(node, 'property') ?? child(node, 'key');
  if (key === undefined) return undefined;
  if (prop(node, 'computed') === true) return stringValue(key);
  if (key.type === 'PrivateName' || key.type === 'PrivateIdentifier') return undefined;
  return identifierName(key) ?? stringValue(key);
}

/** The called expression of a call, with wrappers stripped. */
export function calleeOf<N extends AstNode>(call: N): N | undefined {
  const callee = child(call, 'callee');
  return callee === undefined ? undefined : skipWrappers(callee);
}

/** For `x.name(...)` / `x?.name(...)`, the method name; otherwise undefined. */
export function calledMethodName(call: AstNode): string | undefined {
  const callee = calleeOf(call);
  return callee !== undefined && isMember(callee) ? staticPropertyName(callee) : undefined;
}

/** The arguments of a call or `new` expression. */
export function argumentsOf<N extends AstNode>(call: N): N[] {
  return children(call, 'arguments');
}

/** The parameters of a function, whatever its flavour (Babel methods keep them on the method node). */
export function paramsOf<N extends AstNode>(fn: N): N[] {
  return children(fn, 'params');
}

/** For a parameter, the identifier it binds (`x`, `x = 1`, `x: T` in TS parameter properties); else undefined. */
export function paramIdentifier<N extends AstNode>(param: N): N | undefined {
  if (param.type === 'Identifier') return param;
  if (param.type === 'AssignmentPattern') {
    const left = child(param, 'left');
    return left === undefined ? undefined : paramIdentifier(left);
  }
  if (param.type === 'TSParameterProperty') {
    const inner = child(param, 'parameter');
    return inner === undefined ? undefined : paramIdentifier(inner);
  }
  return undefined;
}
