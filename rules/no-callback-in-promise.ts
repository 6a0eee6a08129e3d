import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { callSiteOf, getAsyncContext } from '../core/async-context.js';
import { isNullish } from '../core/ast.js';
import { continuationReferencedBy } from '../core/callbacks.js';
import { chainHandlers, chainLinks, chainMethod, outermostChainLink } from '../core/promises.js';
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
        '`{{name}}` is called inside a promise handler, and a later handler of the chain catches what it throws: `{{name}}` then runs a second time with its caller\'s own error, or the error is swallowed. Defer it with `process.nextTick`, expose the promise API through `util.callbackify`, or migrate the caller with `untangle callback-to-async`.',
      afterAwait:
        '`{{name}}` is called after an `await` inside a `try`: what it throws is caught by that `catch`, which typically calls `{{name}}` a second time or swallows the error. Use `util.callbackify` at the API boundary, or migrate the caller with `untangle callback-to-async`.',
      asHandler:
        '`{{name}}` is passed as a promise handler, and a later handler of the chain catches what it throws (calling back twice, or swallowing the error). Defer it with `process.nextTick`, expose the promise API through `util.callbackify`, or migrate the caller with `untangle callback-to-async`.',
    },
    schema: [],
  },
  create(context) {
    // How many async functions and promise handlers the traversal is inside: calls elsewhere (most of them) need
    // no further look.
    const promiseScopes: boolean[] = [];
    let openPromiseScopes = 0;
    function enter(fn: TSESTree.FunctionLike): void {
      const opens = fn.async || isPromiseHandler(fn);
      promiseScopes.push(opens);
      if (opens) openPromiseScopes += 1;
    }
    function exit(): void {
      if (promiseScopes.pop() === true) openPromiseScopes -= 1;
    }

    return {
      // Node types rather than `:function`: ESLint tests class selectors against every node, types it looks up.
      'FunctionDeclaration, FunctionExpression, ArrowFunctionExpression': enter,
      'FunctionDeclaration, FunctionExpression, ArrowFunctionExpression:exit': exit,
      CallExpression(node) {
        if (openPromiseScopes > 0 && node.callee.type === AST_NODE_TYPES.Identifier) checkInvocation(node, node.callee);
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
        const site = callSiteOf<TSESTree.Node>(fn, tree);
        if (site !== undefined && rejectionHandledAfter(site.call)) context.report({ node: call, messageId: 'inHandler', data: { name: callee.name } });
      } else if (where.kind === 'async-function' && awaitsBefore(fn, call) && caughtWithin(call, fn)) {
        context.report({ node: call, messageId: 'afterAwait', data: { name: callee.name } });
      }
    }

    /** `.then(cb).catch(...)`, `.catch(cb).catch(...)`: the continuation itself as a handler, with a catch after it. */
    function checkHandlers(link: TSESTree.CallExpression): void {
      if (!rejectionHandledAfter(link)) return;
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

function isPromiseHandler(fn: TSESTree.Node): boolean {
  const site = callSiteOf<TSESTree.Node>(fn, tree);
  return site !== undefined && chainMethod(site.call) !== undefined;
}

/**
 * A later link of the chain has a rejection handler, so what a handler of `link` throws is caught there: the
 * continuation runs a second time with its caller's own error, or the error is swallowed. (A throw with no later
 * handler is an unhandled rejection, which stops the process like any uncaught exception.)
 */
function rejectionHandledAfter(link: TSESTree.Node): boolean {
  const { links } = chainLinks<TSESTree.Node>(outermostChainLink<TSESTree.Node>(link, tree));
  return links.slice(links.indexOf(link) + 1).some((later) => {
    const { rejected } = chainHandlers<TSESTree.Node>(later);
    return rejected !== undefined && !isNullish(rejected);
  });
}

/** `node` is in the block of a `try` that has a `catch`, inside `fn`. */
function caughtWithin(node: TSESTree.Node, fn: TSESTree.Node): boolean {
  let current = node;
  for (let parent = node.parent; parent !== undefined && current !== fn; parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === current && parent.handler !== null) return true;
    current = parent;
  }
  return false;
}

/** An `await` of `fn` itself that finishes before `node` starts, or a `for await` loop around `node`. */
function awaitsBefore(fn: TSESTree.Node, node: TSESTree.Node): boolean {
  return containsOwn<TSESTree.Node>(fn, (candidate) => {
    if (candidate.type === AST_NODE_TYPES.AwaitExpression) return candidate.range[1] <= node.range[0];
    if (candidate.type === AST_NODE_TYPES.ForOfStatement && candidate.await) return candidate.range[0] < node.range[0];
    return false;
  });
}
