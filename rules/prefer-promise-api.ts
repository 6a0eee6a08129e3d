import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { getAsyncContext } from '../core/async-context.js';
import { calledMethodName, isFunction } from '../core/ast.js';
import { NAMES_WITH_PROMISE_FORM, type PromiseTwin } from '../core/node-api.js';
import { continuationReferencedBy } from '../core/callbacks.js';
import { isPromisifyCall } from '../core/promises.js';
import { type ResolvedNodeApi, resolveNodeApi, resolveNodeApiMethod } from '../core/resolve.js';
import { findDeclaration } from '../core/scope.js';
import { parentProperty, valueUse } from '../core/tree.js';
import { createRule } from './create-rule.js';

export type Options = [{ everywhere?: boolean }];
export type MessageIds = 'preferTwin' | 'preferPromiseModule';

const tree = parentProperty<TSESTree.Node>();

export default createRule<Options, MessageIds>({
  name: 'prefer-promise-api',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require the promise form of Node core APIs that have one',
      recommended: 'recommended',
      strictOptions: [{ everywhere: true }],
    },
    messages: {
      preferTwin: '`{{name}}` has a promise form, {{twin}}: await it instead of passing a callback, or run `untangle callback-to-promise`.',
      preferPromiseModule: '`{{name}}` already has a promise form, {{twin}}: use it instead of `util.promisify`, or run `untangle callback-to-promise`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          everywhere: {
            type: 'boolean',
            description: 'Report callback-style calls everywhere, not only inside async functions (the `strict` config turns this on).',
          },
        },
      },
    ],
    defaultOptions: [{ everywhere: false }],
  },
  create(context, [{ everywhere = false }]) {
    function inScope(node: TSESTree.Node): boolean {
      return everywhere || getAsyncContext<TSESTree.Node>(node, tree).kind === 'async-function';
    }

    return {
      CallExpression(node) {
        if (isPromisifyCall<TSESTree.Node>(node, tree)) {
          const [wrapped] = node.arguments;
          const api = wrapped === undefined ? undefined : resolveNodeApi<TSESTree.Node>(wrapped, tree);
          if (api?.form === 'callback' && api.entry.promise?.kind === 'function' && inScope(node)) {
            context.report({ node, messageId: 'preferPromiseModule', data: { name: api.entry.name, twin: describeTwin(api.entry.promise, api) } });
          }
          return;
        }
        // Most method calls are settled by their name alone.
        const method = calledMethodName(node);
        if (method !== undefined && !NAMES_WITH_PROMISE_FORM.has(method)) return;
        const api = resolveNodeApi<TSESTree.Node>(node.callee, tree) ?? resolveNodeApiMethod<TSESTree.Node>(node.callee, tree);
        const shape = api?.entry.callback;
        if (api?.form !== 'callback' || shape === undefined || api.entry.promise === undefined) return;
        const minimum = shape.position === 'first' ? 1 : 2;
        const callbackArgument = node.arguments.length < minimum ? undefined : shape.position === 'first' ? node.arguments[0] : node.arguments.at(-1);
        if (callbackArgument === undefined || !isCallbackArgument(callbackArgument)) return;
        // A call whose result is used (a ChildProcess, a timer handle) cannot simply become a promise.
        if (api.entry.returns !== undefined && !isStatement(node)) return;
        if (!inScope(node)) return;
        const callee = node.callee.type === AST_NODE_TYPES.MemberExpression ? node.callee.property : node.callee;
        context.report({ node: callee, messageId: 'preferTwin', data: { name: api.entry.name, twin: describeTwin(api.entry.promise, api) } });
      },
    };
  },
});

/** `readFile` from `node:fs/promises`; `util.promisify(exec)`; `question` of `node:readline/promises`. */
function describeTwin(twin: PromiseTwin, api: ResolvedNodeApi): string {
  switch (twin.kind) {
    case 'function':
      return `\`${twin.name}\` from \`${twin.module}\``;
    case 'promisify':
      return `\`util.promisify(${api.entry.name})\``;
    case 'method':
      return `\`${twin.name}\` of \`${twin.module}\`'s \`${twin.className}\``;
  }
}

/**
 * A function, or a name known to hold one: a function of this file or a continuation parameter. Other names
 * (`fs.readFile(file, options)`) may be anything, so they are not taken for callbacks.
 */
function isCallbackArgument(node: TSESTree.Node): boolean {
  if (isFunction(node)) return true;
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  if (continuationReferencedBy<TSESTree.Node>(node, tree) !== undefined) return true;
  const declaration = findDeclaration<TSESTree.Node>(node, tree);
  if (declaration?.kind === 'function') return true;
  const init = declaration?.node.type === AST_NODE_TYPES.VariableDeclarator ? declaration.node.init : null;
  return declaration?.kind === 'const' && init !== null && isFunction(init);
}

function isStatement(call: TSESTree.Node): boolean {
  return valueUse<TSESTree.Node>(call, tree).parent?.type === AST_NODE_TYPES.ExpressionStatement;
}
