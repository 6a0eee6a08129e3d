import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { callSiteOf } from '../core/async-context.js';
import { isWrapper, skipWrappers } from '../core/ast.js';
import { getTrailingErrorFirstCallback } from '../core/callbacks.js';
import {
  catchesEverything,
  chainHandlesRejection,
  chainMethod,
  continuationFedByChain,
  outermostChainLink,
  promiseSource,
} from '../core/promises.js';
import { parentProperty, walk } from '../core/tree.js';
import { asyncKeywordLocation, createRule } from './create-rule.js';

export type Options = [];
export type MessageIds = 'rejectionNotForwarded' | 'promiseReturnedToCallbackApi' | 'asyncErrorFirstCallback';

const tree = parentProperty<TSESTree.Node>();

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;

export default createRule<Options, MessageIds>({
  name: 'no-promise-in-callback',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow promises in callback-style code whose rejection never reaches the callback',
      recommended: 'recommended',
    },
    messages: {
      rejectionNotForwarded:
        'This chain hands its result to `{{name}}` but not its rejection: when it rejects, `{{name}}` is never called and the caller waits forever. Route the rejection to `{{name}}` (deferred with `process.nextTick`), use `util.callbackify`, or migrate the function with `untangle callback-to-async`.',
      promiseReturnedToCallbackApi:
        'This error-first callback returns a promise, but the API that calls it ignores return values, so a rejection is lost. Handle the rejection here, or migrate the function with `untangle callback-to-async`.',
      asyncErrorFirstCallback:
        'The API that calls this error-first callback ignores the promise an async callback returns, so a rejection is lost. Catch errors inside it, or migrate the function with `untangle callback-to-async`.',
    },
    schema: [],
  },
  create(context) {
    function checkChain(node: TSESTree.CallExpression): void {
      if (chainMethod(node) === undefined || outermostChainLink<TSESTree.Node>(node, tree) !== node) return;
      if (chainHandlesRejection(node) || isPassedOn(node)) return;
      const continuation = continuationFedByChain<TSESTree.Node>(node, tree);
      if (continuation === undefined) return;
      const callee = node.callee.type === AST_NODE_TYPES.MemberExpression ? node.callee.property : node;
      context.report({ node: callee, messageId: 'rejectionNotForwarded', data: { name: continuation.name } });
    }

    function checkCallback(fn: FunctionNode): void {
      const site = callSiteOf<TSESTree.Node>(fn, tree);
      // Promise handlers take `(err)` too, but a promise is waiting for them.
      if (site?.call.type !== AST_NODE_TYPES.CallExpression || chainMethod(site.call) !== undefined) return;
      if (getTrailingErrorFirstCallback<TSESTree.Node>(site.call, tree)?.callback !== fn) return;
      if (fn.async) {
        if (!catchesEverything(fn)) context.report({ loc: asyncKeywordLocation(fn), messageId: 'asyncErrorFirstCallback' });
        return;
      }
      for (const returned of returnedExpressions(fn)) {
        const expression = skipWrappers<TSESTree.Node>(returned);
        if (promiseSource<TSESTree.Node>(expression, tree) === undefined) continue;
        if (expression.type === AST_NODE_TYPES.CallExpression && chainMethod(expression) !== undefined && chainHandlesRejection(expression)) continue;
        context.report({ node: returned, messageId: 'promiseReturnedToCallbackApi' });
      }
    }

    return {
      CallExpression: checkChain,
      ArrowFunctionExpression: checkCallback,
      FunctionExpression: checkCallback,
    };
  },
});

/**
 * A chain given to another function (`fromPromise(p.then(...), cb)`), returned or awaited is the receiver's to
 * bridge. (A promise returned to an error-first API is reported as such.)
 */
function isPassedOn(chain: TSESTree.Node): boolean {
  let current = chain;
  let parent = chain.parent;
  while (parent !== undefined && isWrapper(parent)) {
    current = parent;
    parent = parent.parent;
  }
  switch (parent?.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.arguments.includes(current as TSESTree.Expression);
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.YieldExpression:
      return true;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === current;
    default:
      return false;
  }
}

/** The expression body of an arrow, or the arguments of the function's own `return` statements. */
function returnedExpressions(fn: FunctionNode): TSESTree.Expression[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const returned: TSESTree.Expression[] = [];
  walk<TSESTree.Node>(fn.body, (node) => {
    if (node !== fn.body && (node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration)) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument !== null) returned.push(node.argument);
    return true;
  });
  return returned;
}

