/** Where chains sit in a function (returned, awaited, floating, first in a statement) and what may replace them. */

import { type AstNode, child, children, identifierName, isFunction, isNode, prop } from '../../core/ast.js';
import { walk } from '../../core/tree.js';
import { bare, isChainCall, isOptionalChainCall, unwrapParentheses } from './syntax.js';

type SiteKind = 'return' | 'arrowBody' | 'floating' | 'await' | 'declare' | 'assign' | 'operand';

export interface Site {
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
  /** Inside a loop of the same function: code inlined there runs once per iteration. */
  readonly inLoop: boolean;
  /** For `operand` sites: the node holding the `await chain` that is evaluated first in its statement. */
  readonly holder?: { readonly node: AstNode; readonly key: string; readonly index: number | undefined };
}

/** The outermost links of the chains in a function's (or the program's) own code, nested functions excluded. */
export function ownChains(scope: AstNode): AstNode[] {
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

export function functionsUnder(node: AstNode | undefined): AstNode[] {
  const found: AstNode[] = [];
  if (node !== undefined) {
    walk(node, (inner) => {
      if (isFunction(inner)) found.push(inner);
      return true;
    });
  }
  return found;
}

export function isLastStatementOf(fn: AstNode, site: Site): boolean {
  const body = child(fn, 'body');
  const statements = body === undefined ? [] : children(body, 'body');
  return site.container === body && site.index === statements.length - 1;
}

/** Chain sites of the function's own body (nested functions have their own), in source order. */
export function collectSites(fn: AstNode): Site[] {
  const sites: Site[] = [];
  const body = child(fn, 'body');
  if (body === undefined) return sites;
  const isAsync = prop(fn, 'async') === true;
  if (body.type !== 'BlockStatement') {
    const expression = bare(body);
    if (expression !== undefined && (isChainCall(expression) || isOptionalChainCall(expression) || isPromiseWrapper(expression))) {
      sites.push({ kind: 'arrowBody', statement: fn, container: fn, key: 'body', index: undefined, expression, awaited: false, guarded: false, inLoop: false });
    }
    return sites;
  }
  const visit = (statement: AstNode, container: AstNode, key: string, index: number | undefined, guarded: boolean, inLoop: boolean): void => {
    const site = siteOf(statement, isAsync) ?? operandSiteOf(statement, isAsync);
    if (site !== undefined) sites.push({ ...site, statement, container, key, index, guarded, inLoop });
    const loops = inLoop || LOOPS.has(statement.type);
    for (const [innerKey, innerGuarded] of nestedStatementKeys(statement, guarded)) {
      const value = prop(statement, innerKey);
      if (Array.isArray(value)) {
        value.forEach((inner: unknown, innerIndex) => {
          if (isNode(inner)) visit(inner, statement, innerKey, innerIndex, innerGuarded, loops);
        });
      } else if (isNode(value)) {
        visit(value, statement, innerKey, undefined, innerGuarded, loops);
      }
    }
  };
  visit(body, fn, 'body', undefined, false, false);
  return sites;
}

const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

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
    if (!isNode(node)) return undefined;
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
