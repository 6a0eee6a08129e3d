import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { callSiteOf, enclosingFunction } from '../core/async-context.js';
import { calledMethodName, isAsyncFunction, skipWrappers, stringValue } from '../core/ast.js';
import { type PromiseSource, calledFunction, catchesEverything, chainHandlesRejection, chainMethod, continuationFedByChain, promiseSource, promiseStatic } from '../core/promises.js';
import { referencesTo } from '../core/scope.js';
import { parentProperty } from '../core/tree.js';
import { createRule } from './create-rule.js';

export type Options = [{ allowVoid?: boolean }];
export type MessageIds = 'floating' | 'floatingVariable' | 'floatingInForEach' | 'addAwait' | 'addVoid';

const tree = parentProperty<TSESTree.Node>();

/** `ts.TypeFlags.Any | ts.TypeFlags.Unknown`: the checker knows nothing, so syntax decides. */
const ANY_OR_UNKNOWN_FLAGS = 1 | 2;

/** Longer callees are not repeated in messages. */
const MAX_NAME_LENGTH = 40;

export default createRule<Options, MessageIds>({
  name: 'no-floating-promise',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every promise to be awaited, returned, passed on, or given a rejection handler',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      floating:
        'The promise from {{source}} is neither awaited, returned nor given a rejection handler, so a rejection goes unhandled; `await` or `return` it, add `.catch(…)`, or mark deliberate background work with `void`.',
      floatingVariable:
        'The promise in `{{name}}` is never awaited, returned or passed on, so a rejection goes unhandled; await it where its value is needed.',
      floatingInForEach:
        '`forEach` ignores the promise this callback returns, so nothing waits for it and a rejection goes unhandled; use `for…of` with `await`, or `await Promise.all(items.map(…))`.',
      addAwait: 'Await the promise.',
      addVoid: 'Mark the promise as deliberately not awaited with `void`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowVoid: { type: 'boolean', description: 'Accept `void promise` as a deliberate decision not to wait.' },
        },
      },
    ],
    defaultOptions: [{ allowVoid: true }],
  },
  create(context, [{ allowVoid = true }]) {
    const services = context.sourceCode.parserServices;
    const checker = services?.program?.getTypeChecker();

    /**
     * Whether `node` holds a promise, and why. With type information any thenable counts; where the checker knows
     * nothing (`any`), or without it, the syntax-based sources of `core/` decide.
     */
    function sourceOf(node: TSESTree.Node): PromiseSource | 'type' | undefined {
      const tsNode = services?.esTreeNodeToTSNodeMap?.get(node);
      if (checker !== undefined && tsNode !== undefined) {
        const type = checker.getTypeAtLocation(tsNode);
        if ((type.flags & ANY_OR_UNKNOWN_FLAGS) === 0) {
          const parts = type.isUnion() ? type.types : [type];
          const thenable = parts.some((part) => {
            const then = part.getProperty('then');
            return then !== undefined && checker.getTypeOfSymbolAtLocation(then, tsNode).getCallSignatures().length > 0;
          });
          return thenable && !neverRejects(node) ? (promiseSource<TSESTree.Node>(node, tree) ?? 'type') : undefined;
        }
      }
      const source = promiseSource<TSESTree.Node>(node, tree);
      return source !== undefined && neverRejects(node) ? undefined : source;
    }

    /** Checks an expression whose value is thrown away; `outer` includes the wrappers around it. */
    function checkDiscarded(outer: TSESTree.Expression): void {
      const node = skipWrappers<TSESTree.Node>(outer);
      switch (node.type) {
        case AST_NODE_TYPES.UnaryExpression:
          if (node.operator === 'void' && !allowVoid) checkDiscarded(node.argument);
          return;
        case AST_NODE_TYPES.SequenceExpression:
          for (const expression of node.expressions) checkDiscarded(expression);
          return;
        case AST_NODE_TYPES.ConditionalExpression:
          checkDiscarded(node.consequent);
          checkDiscarded(node.alternate);
          return;
        case AST_NODE_TYPES.LogicalExpression:
          checkDiscarded(node.left);
          checkDiscarded(node.right);
          return;
        case AST_NODE_TYPES.CallExpression:
          if (chainMethod(node) !== undefined) {
            if (chainIsHandled(node) || !isPromise(node)) return;
            break;
          }
          if (sourceOf(node) === undefined) return;
          break;
        case AST_NODE_TYPES.NewExpression:
        case AST_NODE_TYPES.ImportExpression:
        case AST_NODE_TYPES.Identifier:
        case AST_NODE_TYPES.MemberExpression:
          if (sourceOf(node) === undefined) return;
          break;
        default:
          return;
      }
      report(outer, 'floating', { source: describe(node) });
    }

    function isPromise(node: TSESTree.Node): boolean {
      return sourceOf(node) !== undefined;
    }

    /**
     * A chain is handled when it routes rejections to a handler, or when it hands its value to an error-first
     * continuation (whether the rejection reaches that continuation too is `no-promise-in-callback`'s question).
     */
    function chainIsHandled(link: TSESTree.CallExpression): boolean {
      return chainHandlesRejection(link) || continuationFedByChain<TSESTree.Node>(link, tree) !== undefined;
    }

    /** Names the promise in the message: `save(…)`, `new Promise(…)`, this `.then()` chain. */
    function describe(node: TSESTree.Node): string {
      const text = (expression: TSESTree.Node) => {
        const written = context.sourceCode.getText(expression);
        return written.length <= MAX_NAME_LENGTH && !written.includes('\n') ? written : undefined;
      };
      switch (node.type) {
        case AST_NODE_TYPES.CallExpression: {
          const method = chainMethod(node);
          if (method !== undefined) return `this \`.${method}()\` chain`;
          if (node.callee.type === AST_NODE_TYPES.ArrowFunctionExpression || node.callee.type === AST_NODE_TYPES.FunctionExpression) {
            return 'this immediately invoked async function';
          }
          const callee = text(node.callee);
          return callee === undefined ? 'this call' : `\`${callee}(…)\``;
        }
        case AST_NODE_TYPES.NewExpression: {
          const callee = text(node.callee);
          return callee === undefined ? 'this construction' : `\`new ${callee}(…)\``;
        }
        case AST_NODE_TYPES.ImportExpression:
          return '`import(…)`';
        default: {
          const written = text(node);
          return written === undefined ? 'this expression' : `\`${written}\``;
        }
      }
    }

    function report(node: TSESTree.Node, messageId: 'floating' | 'floatingVariable', data: Record<string, string>): void {
      context.report({ node, messageId, data, suggest: suggestions(node, messageId) });
    }

    function suggestions(node: TSESTree.Node, messageId: 'floating' | 'floatingVariable'): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const fn = enclosingFunction<TSESTree.Node>(node, tree);
      const result: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
      if (fn !== undefined && isAsyncFunction(fn)) result.push({ messageId: 'addAwait', fix: (fixer) => fixer.insertTextBefore(node, 'await ') });
      // `const p = void save()` would store undefined: a variable's promise can only be awaited.
      if (allowVoid && messageId === 'floating') result.push({ messageId: 'addVoid', fix: (fixer) => fixer.insertTextBefore(node, 'void ') });
      return result;
    }

    return {
      ExpressionStatement(node) {
        // Directives are string statements, never promises.
        if (node.directive !== undefined) return;
        checkDiscarded(node.expression);
      },
      VariableDeclarator(node) {
        if (node.id.type !== AST_NODE_TYPES.Identifier || node.init === null) return;
        const init = skipWrappers<TSESTree.Node>(node.init);
        if (!isPromise(init)) return;
        if (init.type === AST_NODE_TYPES.CallExpression && chainMethod(init) !== undefined && chainIsHandled(init)) return;
        const declaration = node.parent;
        if (declaration.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) return;
        const scope = enclosingFunction<TSESTree.Node>(node, tree) ?? context.sourceCode.ast;
        // Any read hands the promise on (awaited, returned, chained, stored, passed): what happens next is judged there.
        if (referencesTo<TSESTree.Node>(scope, node.id, tree).length > 0) return;
        report(node.init, 'floatingVariable', { name: node.id.name });
      },
      'CallExpression > ArrowFunctionExpression'(fn: TSESTree.ArrowFunctionExpression) {
        if (fn.async || fn.body.type === AST_NODE_TYPES.BlockStatement) return;
        const site = callSiteOf<TSESTree.Node>(fn, tree);
        if (site?.index !== 0 || calledMethodName(site.call) !== 'forEach') return;
        if (isPromise(fn.body) && !(fn.body.type === AST_NODE_TYPES.CallExpression && chainMethod(fn.body) !== undefined && chainIsHandled(fn.body))) {
          context.report({ node: fn.body, messageId: 'floatingInForEach' });
        }
      },
    };
  },
});

/**
 * `Promise.allSettled(...)`, `Promise.resolve()` of nothing or a literal, and a call of an async function of the file
 * whose whole body is a `try` that handles every error can never reject: nobody needs to wait for them to be safe.
 */
function neverRejects(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const fn = calledFunction<TSESTree.Node>(node, tree);
  if (fn !== undefined && isAsyncFunction(fn) && catchesEverything(fn)) return true;
  const name = promiseStatic<TSESTree.Node>(node, tree);
  if (name === 'allSettled') return true;
  const [argument] = node.arguments;
  return name === 'resolve' && (argument === undefined || argument.type === AST_NODE_TYPES.Literal || stringValue(argument) !== undefined);
}
