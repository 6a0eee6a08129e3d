import { type AstNode, child, children, isFunction, isNode, prop } from '../../core/ast.js';
import { walk } from '../../core/tree.js';

/**
 * Whether control can run off the end of a statement list. Conservative: `true` unless every path provably ends in
 * `return` or `throw` (loops and `switch` count as "may complete").
 */
export function canCompleteNormally(statements: readonly AstNode[]): boolean {
  const last = statements.at(-1);
  return last === undefined || statementCanComplete(last);
}

function statementCanComplete(statement: AstNode): boolean {
  switch (statement.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
      return false;
    case 'BlockStatement':
      return canCompleteNormally(children(statement, 'body'));
    case 'IfStatement': {
      const consequent = child(statement, 'consequent');
      const alternate = child(statement, 'alternate');
      if (consequent === undefined || alternate === undefined) return true;
      return statementCanComplete(consequent) || statementCanComplete(alternate);
    }
    case 'TryStatement': {
      const finalizer = child(statement, 'finalizer');
      if (finalizer !== undefined && !statementCanComplete(finalizer)) return false;
      const block = child(statement, 'block');
      const handler = child(statement, 'handler');
      const blockCompletes = block === undefined || statementCanComplete(block);
      const handlerBody = handler === undefined ? undefined : child(handler, 'body');
      return blockCompletes || (handlerBody !== undefined && statementCanComplete(handlerBody));
    }
    default:
      return true;
  }
}

/** The `return` statements that belong to this body's function, not to functions nested in it. */
export function ownReturns(body: AstNode): AstNode[] {
  const returns: AstNode[] = [];
  walk(body, (node) => {
    if (isFunction(node)) return false;
    if (node.type === 'ReturnStatement') returns.push(node);
    return true;
  });
  return returns;
}

/**
 * Puts `replacement` where the statement at `container[key]` (or `container[key][index]`) was: spliced into a
 * statement list, or wrapped in a block where the grammar allows only one statement (`if (x) return ...`).
 */
export function wrapStatements(container: AstNode, key: string, index: number | undefined, replacement: AstNode[]): void {
  const record = container as unknown as Record<string, unknown>;
  const slot = prop(container, key);
  if (index !== undefined && Array.isArray(slot)) {
    slot.splice(index, 1, ...replacement);
    return;
  }
  const only = replacement.length === 1 ? replacement[0] : undefined;
  record[key] = only ?? { type: 'BlockStatement', body: replacement };
}

/** The function's own `return`s that sit inside a `try` block (or a `catch` whose `try` has a `finally`). */
export function returnsGuardedByTry(body: AstNode): Set<AstNode> {
  const guarded = new Set<AstNode>();
  const visit = (node: AstNode, inTry: boolean): void => {
    if (isFunction(node)) return;
    if (node.type === 'ReturnStatement' && inTry) guarded.add(node);
    const record = node as unknown as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key === 'loc' || key === 'comments' || key === 'extra') continue;
      const value = record[key];
      const covered =
        inTry ||
        (node.type === 'TryStatement' && key === 'block') ||
        (node.type === 'TryStatement' && key === 'handler' && child(node, 'finalizer') !== undefined);
      for (const kid of Array.isArray(value) ? value : [value]) if (isNode(kid)) visit(kid, covered);
    }
  };
  visit(body, false);
  return guarded;
}
