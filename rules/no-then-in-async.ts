import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction } from '../core/async-context.js';
import { isAsyncFunction } from '../core/ast.js';
import { chainLinks, chainMethod, outermostChainLink } from '../core/promises.js';
import { parentProperty, valueUse, walk } from '../core/tree.js';
import { createRule } from './create-rule.js';

export type Options = [];
export type MessageIds = 'preferAwait' | 'awaitThenReturn';

const tree = parentProperty<TSESTree.Node>();

/** Expressions that can follow `await` without parentheses. */
const UNARY_OPERANDS: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.ThisExpression,
  AST_NODE_TYPES.Literal,
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.ObjectExpression,
]);

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
      awaitThenReturn: 'Await the promise into `{{name}}`, then return the handler\'s result.',
    },
    hasSuggestions: true,
    schema: [],
  },
  create(context) {
    /**
     * The one form rewritten by suggestion, because it provably behaves the same: `return p.then((x) => expr);`
     * as a statement of the async function's body, outside any `try`, becomes `const x = await p; return expr;`.
     * A rejection of `p` and a throw from `expr` both reject the function's promise, as before. Inside a `try` the
     * two differ (a returned promise's rejection escapes the `catch`; an awaited one does not), and a name `x` used
     * anywhere else in the function could be captured or redeclared, so neither is offered.
     */
    function awaitThenReturn(chain: TSESTree.Node, fn: TSESTree.Node): TSESLint.SuggestionReportDescriptor<MessageIds> | undefined {
      const statement = chain.parent;
      if (statement?.type !== AST_NODE_TYPES.ReturnStatement || statement.parent.type !== AST_NODE_TYPES.BlockStatement) return undefined;
      if (chain.type !== AST_NODE_TYPES.CallExpression || chainMethod(chain) !== 'then' || chain.arguments.length !== 1) return undefined;
      const [handler] = chain.arguments;
      const callee = chain.callee;
      if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.optional || callee.computed) return undefined;
      if (handler?.type !== AST_NODE_TYPES.ArrowFunctionExpression || handler.async || handler.body.type === AST_NODE_TYPES.BlockStatement) return undefined;
      const [param] = handler.params;
      if (handler.params.length !== 1 || param?.type !== AST_NODE_TYPES.Identifier || param.typeAnnotation !== undefined) return undefined;
      if (insideTry(statement, fn) || nameUsedOutside(fn, param.name, handler)) return undefined;
      const { sourceCode } = context;
      const indent = ' '.repeat(statement.loc.start.column);
      const body = handler.body;
      const returned = sourceCode.getText(body);
      // `await` binds tighter than a conditional, a binary or an assertion: those need their parentheses back.
      const operand = (expression: TSESTree.Node) =>
        UNARY_OPERANDS.has(expression.type) ? sourceCode.getText(expression) : `(${sourceCode.getText(expression)})`;
      return {
        messageId: 'awaitThenReturn',
        data: { name: param.name },
        fix: (fixer) =>
          fixer.replaceText(statement, `const ${param.name} = await ${operand(callee.object)};\n${indent}return ${returned};`),
      };
    }

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
        const suggestion = awaitThenReturn(node, fn);
        context.report({
          node: property,
          messageId: 'preferAwait',
          data: { use, method: chainMethod(first ?? node) ?? 'then' },
          suggest: suggestion === undefined ? [] : [suggestion],
        });
      },
    };
  },
});

function insideTry(node: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let current = node.parent; current !== undefined && current !== fn; current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement) return true;
  }
  return false;
}

/** Whether `name` appears anywhere in `fn` outside `handler` (a declaration, or a reference to an outer binding). */
function nameUsedOutside(fn: TSESTree.Node, name: string, handler: TSESTree.Node): boolean {
  let used = false;
  walk<TSESTree.Node>(fn, (node) => {
    if (used || node === handler) return false;
    if (node.type === AST_NODE_TYPES.Identifier && node.name === name) used = true;
    return !used;
  });
  return used;
}

/**
 * Where `await` says the same thing: the chain is awaited or returned. A chain started and left running (background
 * work, or one handed to `Promise.all`) is not this rule's business.
 */
function howUsed(chain: TSESTree.Node, fn: TSESTree.Node): string | undefined {
  const { parent, outer: current } = valueUse<TSESTree.Node>(chain, tree);
  if (parent === undefined) return undefined;
  if (parent.type === AST_NODE_TYPES.AwaitExpression) return 'awaits';
  if (parent.type === AST_NODE_TYPES.ReturnStatement) return 'returns';
  if (parent === fn && parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === current) return 'returns';
  return undefined;
}
