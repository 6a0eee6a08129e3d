import type { TSESTree } from '@typescript-eslint/utils';
import { COMPLETION_EVENTS, callbackRole, enclosingFunction } from '../core/async-context.js';
import { argumentsOf, isFunction, stringValue } from '../core/ast.js';
import { ancestorsOf, parentProperty } from '../core/tree.js';
import { createRule } from './create-rule.js';

export type Options = [{ max?: number }];
export type MessageIds = 'tooDeep';

const tree = parentProperty<TSESTree.Node>();

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;

export default createRule<Options, MessageIds>({
  name: 'max-callback-depth',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Enforce a maximum nesting depth of continuation callbacks',
      recommended: 'recommended',
    },
    messages: {
      tooDeep:
        'This callback continues {{depth}} asynchronous steps deep (at most {{max}} allowed); flatten it into named functions or `await`, or run `untangle callback-to-async`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          max: { type: 'integer', minimum: 1, description: 'The deepest nesting of continuation callbacks allowed.' },
        },
      },
    ],
    defaultOptions: [{ max: 3 }],
  },
  create(context, [{ max = 3 }]) {
    const depths = new WeakMap<TSESTree.Node, number>();

    /** How many continuation callbacks `fn` is, counting itself and every function around it. */
    function depthOf(fn: TSESTree.Node): number {
      const known = depths.get(fn);
      if (known !== undefined) return known;
      const outer = enclosingFunction<TSESTree.Node>(fn, tree);
      const depth = (isContinuation(fn) ? 1 : 0) + (outer === undefined ? 0 : depthOf(outer));
      depths.set(fn, depth);
      return depth;
    }

    function check(fn: FunctionNode): void {
      const depth = depthOf(fn);
      if (depth !== max + 1 || !isContinuation(fn)) return;
      // Deeper callbacks sit inside this one: the pyramid is reported once, where it crosses the limit.
      const head = context.sourceCode.getTokenBefore(fn.body);
      context.report({
        loc: { start: fn.loc.start, end: head?.loc.end ?? fn.loc.end },
        messageId: 'tooDeep',
        data: { depth: String(depth), max: String(max) },
      });
    }

    return { ArrowFunctionExpression: check, FunctionExpression: check };
  },
});

/**
 * A function where asynchronous code continues: passed to a Node callback API, as an error-first callback, to a
 * timer, as a listener for a completion event, or as a promise handler inside another promise handler (a flat chain
 * of handlers is the cure for nesting, not a case of it). Array methods, test-framework blocks, request handlers,
 * render props and other callbacks do not count.
 */
function isContinuation(fn: TSESTree.Node): boolean {
  const role = callbackRole<TSESTree.Node>(fn, tree);
  if (role === undefined) return false;
  if (role.kind === 'promise-handler') {
    return [...ancestorsOf<TSESTree.Node>(fn, tree)].some((ancestor) => isFunction(ancestor) && callbackRole<TSESTree.Node>(ancestor, tree)?.kind === 'promise-handler');
  }
  switch (role.reason) {
    case 'listener': {
      const event = stringValue(argumentsOf<TSESTree.Node>(role.call)[0]);
      return event !== undefined && COMPLETION_EVENTS.has(event);
    }
    case 'request-handler':
      return false;
    default:
      return true;
  }
}
