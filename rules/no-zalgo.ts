import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { SYNC_CALLBACK_METHODS, callSiteOf, callbackRole, enclosingFunction } from '../core/async-context.js';
import { calledMethodName } from '../core/ast.js';
import { getContinuationParameter } from '../core/callbacks.js';
import { isPromiseConstruction } from '../core/promises.js';
import { resolveNodeApi } from '../core/resolve.js';
import { referencesTo } from '../core/scope.js';
import { parentProperty } from '../core/tree.js';
import { createRule } from './create-rule.js';

export type Options = [];
export type MessageIds = 'syncCallback' | 'deferCallback';

const tree = parentProperty<TSESTree.Node>();

type Timing = 'sync' | 'async' | 'unknown';

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export default createRule<Options, MessageIds>({
  name: 'no-zalgo',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow functions that call their callback synchronously on some paths and asynchronously on others',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      syncCallback:
        '`{{name}}` is called synchronously here but asynchronously elsewhere in `{{fn}}`, so callers cannot know whether code after their call runs before or after it; defer this call, or run `untangle callback-to-async`.',
      deferCallback: 'Defer the call with `{{scheduler}}`.',
    },
    schema: [],
  },
  create(context) {
    function check(fn: FunctionNode): void {
      // ESLint's scope analysis already knows every reference: Zalgo needs at least two uses of the last parameter,
      // one of them a call, before the costlier recognition by use runs.
      const last = fn.params.at(-1);
      if (last?.type !== AST_NODE_TYPES.Identifier) return;
      const variable = context.sourceCode.getDeclaredVariables(fn).find((candidate) => candidate.name === last.name);
      const references = variable?.references ?? [];
      if (references.length < 2 || !references.some((reference) => reference.identifier.parent.type === AST_NODE_TYPES.CallExpression)) return;
      const continuation = getContinuationParameter<TSESTree.Node>(fn, tree);
      if (continuation === undefined || fn.async || fn.generator || continuation.param.type !== AST_NODE_TYPES.Identifier) return;
      const syncCalls: TSESTree.CallExpression[] = [];
      let asynchronous = false;
      for (const reference of referencesTo<TSESTree.Node>(fn, continuation.param, tree)) {
        if (reference === continuation.param) continue;
        const parent = reference.parent;
        if (parent?.type !== AST_NODE_TYPES.CallExpression) continue;
        const timing = timingOf(reference, fn);
        if (parent.callee === reference) {
          if (timing === 'sync') syncCalls.push(parent);
          else if (timing === 'async') asynchronous = true;
        } else if (timing !== 'unknown' && forwardsToAsyncApi(parent, reference)) {
          // `fs.readFile(p, cb)`: the API calls it later.
          asynchronous = true;
        }
      }
      if (!asynchronous) return;
      const name = continuation.param.name;
      const fnName = fn.id?.name ?? 'this function';
      for (const call of syncCalls) {
        context.report({ node: call, messageId: 'syncCallback', data: { name, fn: fnName }, suggest: deferSuggestion(call, name) });
      }
    }

    /** `cb(a, b)` → `process.nextTick(cb, a, b)`; `queueMicrotask(() => cb(a, b))` where `process` is not the global. */
    function deferSuggestion(call: TSESTree.CallExpression, name: string): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const { sourceCode } = context;
      const args = call.arguments.map((argument) => sourceCode.getText(argument));
      const processIsGlobal = !declaredLocally(call, 'process');
      const scheduler = processIsGlobal ? 'process.nextTick' : 'queueMicrotask';
      const replacement = processIsGlobal ? `process.nextTick(${[name, ...args].join(', ')})` : `queueMicrotask(() => ${sourceCode.getText(call)})`;
      return [{ messageId: 'deferCallback', data: { scheduler }, fix: (fixer) => fixer.replaceText(call, replacement) }];
    }

    /** Whether a binding named `name` other than a global is in scope at `node`. */
    function declaredLocally(node: TSESTree.Node, name: string): boolean {
      for (let scope: TSESLint.Scope.Scope | null = context.sourceCode.getScope(node); scope !== null; scope = scope.upper) {
        if (scope.upper !== null && scope.set.has(name)) return true;
      }
      return false;
    }

    return {
      FunctionDeclaration: check,
      FunctionExpression: check,
      ArrowFunctionExpression: check,
    };
  },
});

/**
 * When code at `node` runs, relative to a call of `fn`: now (directly in `fn`, or in callbacks that run right away
 * such as array methods and promise executors), later (inside a callback of an asynchronous API, a promise
 * handler, a timer), or unknown (a callback of an API nothing is known about).
 */
function timingOf(node: TSESTree.Node, fn: TSESTree.Node): Timing {
  for (let current = enclosingFunction<TSESTree.Node>(node, tree); current !== undefined && current !== fn; current = enclosingFunction<TSESTree.Node>(current, tree)) {
    if (current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.ArrowFunctionExpression) {
      if (current.async) return 'async';
      if (callbackRole<TSESTree.Node>(current, tree) !== undefined) return 'async';
      if (!runsRightAway(current)) return 'unknown';
    } else {
      return 'unknown'; // a nested declaration runs whenever it is called
    }
  }
  return 'sync';
}

/** Callbacks of array methods and `new Promise` executors run before their caller returns. */
function runsRightAway(callback: TSESTree.Node): boolean {
  const site = callSiteOf<TSESTree.Node>(callback, tree);
  if (site === undefined) return false;
  if (site.call.type === AST_NODE_TYPES.NewExpression) return site.index === 0 && isPromiseConstruction<TSESTree.Node>(site.call, tree);
  const method = calledMethodName(site.call);
  return site.index === 0 && method !== undefined && SYNC_CALLBACK_METHODS.has(method);
}

/** `fs.readFile(p, cb)`, `setImmediate(cb)`: the continuation handed to a Node API that calls it later. */
function forwardsToAsyncApi(call: TSESTree.CallExpression, reference: TSESTree.Node): boolean {
  if (!call.arguments.includes(reference as TSESTree.Expression)) return false;
  const api = resolveNodeApi<TSESTree.Node>(call.callee, tree);
  return api?.form === 'callback' && api.entry.callback !== undefined;
}
