import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { callSiteOf, enclosingFunction } from '../core/async-context.js';
import { skipWrappers } from '../core/ast.js';
import { getTrailingErrorFirstCallback } from '../core/callbacks.js';
import {
  catchesEverything,
  chainHandlesRejection,
  chainMethod,
  continuationFedByChain,
  outermostChainLink,
  promiseSource,
} from '../core/promises.js';
import { parentProperty, valueUse } from '../core/tree.js';
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

    /** Whether `fn` is the error-first callback of the call it is passed to (never a promise handler). */
    function isErrorFirstCallback(fn: TSESTree.Node): boolean {
      const site = callSiteOf<TSESTree.Node>(fn, tree);
      // Promise handlers take `(err)` too, but a promise is waiting for them.
      if (site?.call.type !== AST_NODE_TYPES.CallExpression || chainMethod(site.call) !== undefined) return false;
      return getTrailingErrorFirstCallback<TSESTree.Node>(site.call, tree)?.callback === fn;
    }

    function checkAsyncCallback(fn: FunctionNode): void {
      if (fn.async && !catchesEverything(fn) && isErrorFirstCallback(fn)) context.report({ loc: asyncKeywordLocation(fn), messageId: 'asyncErrorFirstCallback' });
    }

    /** A promise returned from a plain error-first callback; cheap checks first, the callback's role last. */
    function checkReturned(returned: TSESTree.Expression, fn: TSESTree.Node | undefined): void {
      if (fn === undefined || (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) || fn.async) return;
      const expression = skipWrappers<TSESTree.Node>(returned);
      if (promiseSource<TSESTree.Node>(expression, tree) === undefined) return;
      if (expression.type === AST_NODE_TYPES.CallExpression && chainMethod(expression) !== undefined && chainHandlesRejection(expression)) return;
      if (isErrorFirstCallback(fn)) context.report({ node: returned, messageId: 'promiseReturnedToCallbackApi' });
    }

    return {
      CallExpression: checkChain,
      ArrowFunctionExpression(fn) {
        if (fn.async) checkAsyncCallback(fn);
        else if (fn.body.type !== AST_NODE_TYPES.BlockStatement) checkReturned(fn.body, fn);
      },
      FunctionExpression: checkAsyncCallback,
      ReturnStatement(node) {
        if (node.argument !== null) checkReturned(node.argument, enclosingFunction<TSESTree.Node>(node, tree));
      },
    };
  },
});

/**
 * A chain given to another function (`fromPromise(p.then(...), cb)`), returned or awaited is the receiver's to
 * bridge. (A promise returned to an error-first API is reported as such.)
 */
function isPassedOn(chain: TSESTree.Node): boolean {
  const { parent, outer: current } = valueUse<TSESTree.Node>(chain, tree);
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


