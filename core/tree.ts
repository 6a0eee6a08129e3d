import { type AstNode, isFunction, isNode, isWrapper } from './ast.js';

/**
 * How core helpers climb from a node to its parent. ESTree nodes from typescript-eslint carry `parent`; Babel nodes
 * from jscodeshift do not, so codemods index the file once with {@link indexParents}.
 */
export interface Tree<N extends AstNode = AstNode> {
  parentOf(node: N): N | undefined;
}

/** Properties that hold positions, comments, tokens or back-links rather than child nodes. */
const NON_CHILD_KEYS = new Set([
  'parent',
  'loc',
  'range',
  'start',
  'end',
  'comments',
  'tokens',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'extra',
  'errors',
]);

/** Child keys by node type, in source order; node types not listed have their properties enumerated instead. */
const childKeys = new Map<string, readonly string[]>();

/**
 * Adds the parsers' own visitor keys (typescript-eslint's for the rules, Babel's too for the codemods). Walking the
 * listed keys is about three times as fast as enumerating every property of a node, and walks are most of what
 * core's helpers cost. Tables merge, so a node type gets every key any parser lists for it.
 */
export function registerChildKeys(table: Readonly<Record<string, readonly string[] | undefined>>): void {
  for (const [type, keys] of Object.entries(table)) {
    if (keys !== undefined) childKeys.set(type, [...new Set([...(childKeys.get(type) ?? []), ...keys])]);
  }
}

/** Calls `visit` for each direct child node, in source order, with the property it sits under. */
export function forEachChild<N extends AstNode>(node: N, visit: (child: N, key: string) => void): void {
  const record = node as unknown as Record<string, unknown>;
  const keys = childKeys.get(node.type);
  if (keys !== undefined) {
    for (const key of keys) {
      const value = record[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item as N, key);
      } else if (isNode(value)) {
        visit(value as N, key);
      }
    }
    return;
  }
  for (const key in record) {
    if (NON_CHILD_KEYS.has(key)) continue;
    const value = record[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item as N, key);
    } else if (isNode(value)) {
      visit(value as N, key);
    }
  }
}

/** Depth-first walk; `enter` returning false skips the node's children. */
export function walk<N extends AstNode>(root: N, enter: (node: N) => boolean | undefined): void {
  // One stack and one scratch array for the whole walk: rules walk function bodies often, so allocation matters.
  const stack: N[] = [root];
  const kids: N[] = [];
  const collect = (kid: N): void => {
    kids.push(kid);
  };
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (enter(node) === false) continue;
    kids.length = 0;
    forEachChild(node, collect);
    for (let kid = kids.pop(); kid !== undefined; kid = kids.pop()) stack.push(kid);
  }
}

/** The tree of ESTree nodes that already know their parent (typescript-eslint, ESLint's espree after traversal). */
export function parentProperty<N extends AstNode>(): Tree<N> {
  return {
    parentOf: (node) => {
      const parent = (node as unknown as { parent?: unknown }).parent;
      return isNode(parent) ? (parent as N) : undefined;
    },
  };
}

/** Indexes every node's parent once, for trees whose nodes carry no back-link (Babel, recast). */
export function indexParents<N extends AstNode>(root: N): Tree<N> {
  const parents = new WeakMap<N, N>();
  walk(root, (node) => {
    forEachChild(node, (kid) => parents.set(kid, node));
    return true;
  });
  return { parentOf: (node) => parents.get(node) };
}

/** The node's ancestors, nearest first. */
export function* ancestorsOf<N extends AstNode>(node: N, tree: Tree<N>): Generator<N> {
  for (let current = tree.parentOf(node); current !== undefined; current = tree.parentOf(current)) yield current;
}

/**
 * Whether `root` contains a node matching `test` that belongs to `root`'s own function body: nested functions have
 * their own `return`, `throw` and `await`. Arrows share `this` and `arguments`, so `throughArrows` looks into them.
 */
export function containsOwn<N extends AstNode>(root: N, test: (node: N) => boolean, throughArrows = false): boolean {
  let found = false;
  walk(root, (node) => {
    if (found) return false;
    if (test(node)) found = true;
    const nested = node !== root && isFunction(node) && !(throughArrows && node.type === 'ArrowFunctionExpression');
    return !found && !nested;
  });
  return found;
}

/** True when `ancestor` contains `node` (and is not `node` itself). */
export function isAncestorOf<N extends AstNode>(ancestor: N, node: N, tree: Tree<N>): boolean {
  for (const current of ancestorsOf(node, tree)) if (current === ancestor) return true;
  return false;
}

/**
 * Where the value of `node` goes: the first ancestor that is not a transparent wrapper (`(x)`, `x as T`, `x!`), and
 * `outer`, the outermost wrapper around `node` (`node` itself when there is none), which is that ancestor's child.
 */
export function valueUse<N extends AstNode>(node: N, tree: Tree<N>): { parent: N | undefined; outer: N } {
  let outer = node;
  let parent = tree.parentOf(node);
  while (parent !== undefined && isWrapper(parent)) {
    outer = parent;
    parent = tree.parentOf(parent);
  }
  return { parent, outer };
}
