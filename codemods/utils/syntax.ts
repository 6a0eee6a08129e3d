/** Node builders and syntactic facts the codemods share, for both AST flavours. */

import { type AstNode, child, identifierName, isFunction, isNode, prop } from '../../core/ast.js';
import { forEachChild, walk } from '../../core/tree.js';
import { boundNames } from './names.js';

export function ident(name: string): AstNode {
  return { type: 'Identifier', name } as AstNode;
}

export function build(type: string, fields: Record<string, unknown>): AstNode {
  return { type, ...fields };
}

/** `(expression)`, unless it already prints with its parentheses. */
export function parenthesized(expression: AstNode): AstNode {
  const extra = prop(expression, 'extra') as { parenthesized?: boolean } | undefined;
  return extra?.parenthesized === true ? expression : build('ParenthesizedExpression', { expression });
}

/** An initializer or assigned value: only a comma expression needs parentheses there. */
export function assignedValue(value: AstNode): AstNode {
  return value.type === 'SequenceExpression' ? parenthesized(value) : value;
}

/** A statement of one expression; `{`, `function` and `class` at its start would read as something else. */
export function expressionStatement(expression: AstNode): AstNode {
  const ambiguous = expression.type === 'ObjectExpression' || expression.type === 'FunctionExpression' || expression.type === 'ClassExpression';
  return build('ExpressionStatement', { expression: ambiguous ? parenthesized(expression) : expression });
}

export function declaration(kind: 'const' | 'let' | 'var', id: AstNode, init: AstNode | null): AstNode {
  return build('VariableDeclaration', { kind, declarations: [build('VariableDeclarator', { id, init: init === null ? null : assignedValue(init) })] });
}

export function callOf(callee: AstNode, args: AstNode[]): AstNode {
  return build('CallExpression', { callee, arguments: args });
}

/** Whether the function's own scope (arrows included) reads `this`, `arguments`, `super` or `new.target`. */
export function usesOwnBinding(fn: AstNode): boolean {
  return containsInOwnScope(fn, (node) => node.type === 'ThisExpression' || node.type === 'Super' || node.type === 'MetaProperty' || identifierName(node) === 'arguments');
}

/** Whether `fn` (or an arrow inside it, which shares them) reads its `arguments` object. */
export function readsArguments(fn: AstNode): boolean {
  return containsInOwnScope(fn, (node) => identifierName(node) === 'arguments');
}

function containsInOwnScope(fn: AstNode, test: (node: AstNode) => boolean): boolean {
  let found = false;
  walk(fn, (node) => {
    if (found) return false;
    if (node !== fn && isFunction(node) && node.type !== 'ArrowFunctionExpression') return false;
    if (test(node)) found = true;
    return true;
  });
  return found;
}

/** Whether code in `fn` assigns to any of `names` (plain, destructuring, update or for-in/of assignment). */
export function isReassigned(fn: AstNode, names: readonly string[]): boolean {
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

/**
 * A copy of `root` where `replace` says so: a node it maps to a node is swapped, one it maps to several statements
 * has them spliced into its list (or wrapped in a block where the grammar wants one statement). Only the nodes on the
 * way to a replacement are copied; everything else is shared with the original.
 */
export function copyWithReplacements(root: AstNode, replace: (node: AstNode) => AstNode | AstNode[] | undefined): AstNode {
  const copy = (node: AstNode): AstNode | AstNode[] => {
    const replaced = replace(node);
    if (replaced !== undefined) return replaced;
    const record: Record<string, unknown> = { ...(node as unknown as Record<string, unknown>) };
    const changed = new Set<string>();
    const seen = new Set<string>();
    forEachChild(node, (kid, key) => {
      if (seen.has(key)) return; // a list's items come one call each: the list is copied at the first
      seen.add(key);
      const value = record[key];
      if (Array.isArray(value)) {
        const items = value.flatMap((item: unknown) => (isNode(item) ? copy(item) : [item]));
        if (items.length !== value.length || items.some((item, index) => item !== value[index])) {
          record[key] = items;
          changed.add(key);
        }
      } else {
        const result = copy(kid);
        const single = Array.isArray(result) ? (result.length === 1 && result[0] !== undefined ? result[0] : build('BlockStatement', { body: result })) : result;
        if (single !== kid) {
          record[key] = single;
          changed.add(key);
        }
      }
    });
    return changed.size > 0 ? (record as unknown as AstNode) : node;
  };
  const result = copy(root);
  return Array.isArray(result) ? build('BlockStatement', { body: result }) : result;
}
