import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction } from '../core/async-context.js';
import { isAsyncFunction, isWrapper } from '../core/ast.js';
import { chainLinks, chainMethod, outermostChainLink } from '../core/promises.js';
import { parentProperty } from '../core/tree.js';
import { createRule } from './create-rule.js';

export type Options = [];
export type MessageIds = 'preferAwait';

const tree = parentProperty<TSESTree.Node>();

export default createRule<Options, MessageIds>({
  name: 'no-then-in-async',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow `.then`/`.catch`/`.finally` chains whose result an async function awaits or returns',
      recommended: 'recommended',
    },
    messages: {
      preferAwait:
        'This async function {{use}} a `.{{method}}()` chain; say it with `await` (and `try`/`catch`), or run `untangle promise-to-async` to convert it.',
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        if (chainMethod(node) === undefined || outermostChainLink<TSESTree.Node>(node, tree) !== node) return;
        const fn = enclosingFunction<TSESTree.Node>(node, tree);
        if (fn === undefined || !isAsyncFunction(fn)) return;
        const use = howUsed(node, fn);
        if (use === undefined) return;
        const [first] = chainLinks<TSESTree.Node>(node).links;
        const callee = first?.type === AST_NODE_TYPES.CallExpression ? first.callee : undefined;
        const property = callee?.type === AST_NODE_TYPES.MemberExpression ? callee.property : node;
        context.report({ node: property, messageId: 'preferAwait', data: { use, method: chainMethod(first ?? node) ?? 'then' } });
      },
    };
  },
});

/**
 * Where `await` says the same thing: the chain is awaited or returned. A chain started and left running (background
 * work, or one handed to `Promise.all`) is not this rule's business.
 */
function howUsed(chain: TSESTree.Node, fn: TSESTree.Node): string | undefined {
  let current: TSESTree.Node = chain;
  let parent = current.parent;
  while (parent !== undefined && isWrapper(parent)) {
    current = parent;
    parent = parent.parent;
  }
  if (parent === undefined) return undefined;
  if (parent.type === AST_NODE_TYPES.AwaitExpression) return 'awaits';
  if (parent.type === AST_NODE_TYPES.ReturnStatement) return 'returns';
  if (parent === fn && parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === current) return 'returns';
  return undefined;
}
