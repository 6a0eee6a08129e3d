import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { argumentsOf, identifierName, isFunction, paramsOf, skipWrappers } from '../core/ast.js';
import { chainHandlers, chainLinks, chainMethod, isPromiseConstruction } from '../core/promises.js';
import { findDeclaration } from '../core/scope.js';
import { parentProperty, walk } from '../core/tree.js';
import { createRule } from './create-rule.js';

export type Options = [];
export type MessageIds = 'wrappedPromise' | 'returnInner';

const tree = parentProperty<TSESTree.Node>();

/** Expressions that can replace a `new Promise(...)` anywhere without parentheses. */
const SAFE_REPLACEMENTS: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.ThisExpression,
]);

export default createRule<Options, MessageIds>({
  name: 'no-wrapped-promise',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow wrapping an existing promise in `new Promise`',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      wrappedPromise: 'This `new Promise` only forwards `{{inner}}`; return that promise instead of wrapping it.',
      returnInner: 'Replace the wrapper with `{{inner}}`.',
    },
    schema: [],
  },
  create(context) {
    return {
      NewExpression(node) {
        if (!isPromiseConstruction<TSESTree.Node>(node, tree)) return;
        const origin = forwardedPromise(node);
        if (origin === undefined) return;
        const text = context.sourceCode.getText(origin);
        const replacement = SAFE_REPLACEMENTS.has(origin.type) ? text : `(${text})`;
        const inner = text.length > 40 ? `${text.slice(0, 37)}...` : text;
        context.report({
          node,
          messageId: 'wrappedPromise',
          data: { inner },
          suggest: [{ messageId: 'returnInner', data: { inner }, fix: (fixer) => fixer.replaceText(node, replacement) }],
        });
      },
    };
  },
});

/**
 * For `new Promise((resolve, reject) => p.then(resolve).catch(reject))` and its spellings, the promise `p` that the
 * executor only forwards; undefined when the executor does anything else (wrapping a callback API is fine).
 */
function forwardedPromise(construction: TSESTree.NewExpression): TSESTree.Node | undefined {
  const [first] = argumentsOf<TSESTree.Node>(construction);
  const executor = first === undefined ? undefined : skipWrappers(first);
  if (executor === undefined || !isFunction(executor)) return undefined;
  const [resolve, reject] = paramsOf(executor);
  if (resolve?.type !== AST_NODE_TYPES.Identifier || (reject !== undefined && reject.type !== AST_NODE_TYPES.Identifier)) return undefined;
  const expression = soleExpression(executor);
  if (expression === undefined || chainMethod(expression) === undefined) return undefined;
  const { origin, links } = chainLinks<TSESTree.Node>(expression);
  let resolves = 0;
  for (const link of links) {
    const { fulfilled, rejected, settled } = chainHandlers(link);
    if (settled !== undefined || argumentsOf(link).length > 2) return undefined;
    if (fulfilled !== undefined) {
      if (!forwardsTo(fulfilled, resolve)) return undefined;
      resolves += 1;
    }
    if (rejected !== undefined && (reject === undefined || !forwardsTo(rejected, reject))) return undefined;
  }
  // The origin must not use the executor's own functions (`resolve.then(...)` is no wrapper of another promise).
  if (resolves !== 1 || mentions(origin, resolve) || (reject !== undefined && mentions(origin, reject))) return undefined;
  return origin;
}

/** The executor's only expression: an arrow's expression body, or a block holding one expression or return. */
function soleExpression(executor: TSESTree.Node): TSESTree.Node | undefined {
  if (executor.type !== AST_NODE_TYPES.ArrowFunctionExpression && executor.type !== AST_NODE_TYPES.FunctionExpression) return undefined;
  const body = executor.body;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return skipWrappers<TSESTree.Node>(body);
  if (body.body.length !== 1) return undefined;
  const [statement] = body.body;
  if (statement?.type === AST_NODE_TYPES.ExpressionStatement) return skipWrappers<TSESTree.Node>(statement.expression);
  if (statement?.type === AST_NODE_TYPES.ReturnStatement && statement.argument !== null) return skipWrappers<TSESTree.Node>(statement.argument);
  return undefined;
}

/** `resolve` itself, or `(v) => resolve(v)` / `function (v) { resolve(v); }` / `(v) => { return resolve(v); }`. */
function forwardsTo(handler: TSESTree.Node, target: TSESTree.Identifier): boolean {
  const candidate = skipWrappers(handler);
  if (candidate.type === AST_NODE_TYPES.Identifier) return refersTo(candidate, target);
  if (candidate.type !== AST_NODE_TYPES.ArrowFunctionExpression && candidate.type !== AST_NODE_TYPES.FunctionExpression) return false;
  if (candidate.async || candidate.params.length !== 1) return false;
  const [param] = candidate.params;
  if (param?.type !== AST_NODE_TYPES.Identifier) return false;
  const call = soleExpression(candidate);
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.Identifier || !refersTo(call.callee, target)) return false;
  const [argument] = call.arguments;
  return call.arguments.length === 1 && argument?.type === AST_NODE_TYPES.Identifier && identifierName(argument) === param.name && refersTo(argument, param);
}

function refersTo(reference: TSESTree.Identifier, binding: TSESTree.Identifier): boolean {
  return reference.name === binding.name && findDeclaration<TSESTree.Node>(reference, tree)?.id === binding;
}

function mentions(expression: TSESTree.Node, binding: TSESTree.Identifier): boolean {
  let found = false;
  walk<TSESTree.Node>(expression, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier && refersTo(node, binding)) found = true;
    return !found;
  });
  return found;
}
