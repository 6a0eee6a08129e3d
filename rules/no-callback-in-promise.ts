import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { getAsyncContext } from '../core/async-context.js';
import { continuationReferencedBy } from '../core/callbacks.js';
import { chainHandlers, chainMethod } from '../core/promises.js';
import { containsOwn, isAncestorOf, parentProperty } from '../core/tree.js';
import { createRule } from './create-rule.js';

export type Options = [];
export type MessageIds = 'inHandler' | 'afterAwait' | 'asHandler';

const tree = parentProperty<TSESTree.Node>();

export default createRule<Options, MessageIds>({
  name: 'no-callback-in-promise',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow calling an error-first callback from inside a promise handler or after an `await`',
      recommended: 'recommended',
    },
    messages: {
      inHandler:
        '`{{name}}` is called inside a promise handler: anything it throws becomes a rejection of the chain (lost, or caught by a handler that calls `{{name}}` a second time). Defer it with `process.nextTick`, expose the promise API through `util.callbackify`, or migrate the caller with `untangle callback-to-async`.',
      afterAwait:
        '`{{name}}` is called after an `await`: anything it throws rejects this async function\'s promise instead of reaching the caller (and a surrounding `catch` may call `{{name}}` a second time). Use `util.callbackify` at the API boundary, or migrate the caller with `untangle callback-to-async`.',
      asHandler:
        '`{{name}}` is passed as a promise handler, so it runs inside the promise: anything it throws becomes a rejection. Defer it with `process.nextTick`, expose the promise API through `util.callbackify`, or migrate the caller with `untangle callback-to-async`.',
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        if (node.callee.type === AST_NODE_TYPES.Identifier) checkInvocation(node, node.callee);
        if (chainMethod(node) !== undefined) checkHandlers(node);
      },
    };

    /** `cb(...)` inside a promise handler or after an `await`, within the function `cb` belongs to. */
    function checkInvocation(call: TSESTree.CallExpression, callee: TSESTree.Identifier): void {
      const referenced = continuationReferencedBy<TSESTree.Node>(callee, tree);
      if (referenced === undefined) return;
      // The first function around the call that sets where it runs: a deferring or asynchronous callback
      // (`process.nextTick`, a timer, a Node callback) runs on a later turn, outside any promise.
      const where = getAsyncContext<TSESTree.Node>(call, tree);
      const fn = where.function;
      if (fn === undefined || !(fn === referenced.fn || isAncestorOf(referenced.fn, fn, tree))) return;
      if (where.kind === 'promise-handler' && fn !== referenced.fn) {
        context.report({ node: call, messageId: 'inHandler', data: { name: callee.name } });
      } else if (where.kind === 'async-function' && awaitsBefore(fn, call)) {
        context.report({ node: call, messageId: 'afterAwait', data: { name: callee.name } });
      }
    }

    /** `.then(cb)`, `.then(ok, cb)`, `.catch(cb)`, `.finally(cb)`: the continuation itself as a handler. */
    function checkHandlers(link: TSESTree.CallExpression): void {
      const { fulfilled, rejected, settled } = chainHandlers<TSESTree.Node>(link);
      for (const handler of [fulfilled, rejected, settled]) {
        if (handler?.type !== AST_NODE_TYPES.Identifier) continue;
        if (continuationReferencedBy<TSESTree.Node>(handler, tree) !== undefined) {
          context.report({ node: handler, messageId: 'asHandler', data: { name: handler.name } });
        }
      }
    }
  },
});

/** An `await` of `fn` itself that finishes before `node` starts, or a `for await` loop around `node`. */
function awaitsBefore(fn: TSESTree.Node, node: TSESTree.Node): boolean {
  return containsOwn<TSESTree.Node>(fn, (candidate) => {
    if (candidate.type === AST_NODE_TYPES.AwaitExpression) return candidate.range[1] <= node.range[0];
    if (candidate.type === AST_NODE_TYPES.ForOfStatement && candidate.await) return candidate.range[0] < node.range[0];
    return false;
  });
}
