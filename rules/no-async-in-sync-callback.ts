import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { callSiteOf, enclosingFunction, timerName } from '../core/async-context.js';
import { calledMethodName, isAsyncFunction, prop } from '../core/ast.js';
import { catchesEverything, isPromiseConstruction, promiseStatic } from '../core/promises.js';
import { findDeclaration, functionNamed, referencesTo } from '../core/scope.js';
import { containsOwn, parentProperty, valueUse, walk } from '../core/tree.js';
import { asyncKeywordLocation, createRule } from './create-rule.js';

export type Options = [{ checkEventListeners?: boolean; checkTimers?: boolean }];
export type MessageIds =
  | 'asyncArrayCallback'
  | 'asyncPredicate'
  | 'asyncMapDiscarded'
  | 'asyncExecutor'
  | 'asyncListener'
  | 'asyncTimer'
  | 'asyncVoidCallback'
  | 'useForOf';

const tree = parentProperty<TSESTree.Node>();

/** Array methods that call back synchronously and ignore (or misuse) what the callback returns. */
const IGNORING_METHODS: ReadonlySet<string> = new Set(['forEach', 'flatMap', 'sort', 'toSorted']);
/** Array methods that test the callback's result: a promise is always truthy. */
const PREDICATE_METHODS: ReadonlySet<string> = new Set(['filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);
const LISTENER_METHODS: ReadonlySet<string> = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

export default createRule<Options, MessageIds>({
  name: 'no-async-in-sync-callback',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow async functions where the caller ignores the returned promise',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      asyncArrayCallback:
        '`{{method}}` ignores the promise this async callback returns, so nothing waits for it and its rejection is unhandled; use `for…of` with `await`, or `await Promise.all(items.map(…))`.',
      asyncPredicate:
        '`{{method}}` tests the async callback\'s promise, which is always truthy; resolve the values first with `await Promise.all(items.map(…))`.',
      asyncMapDiscarded:
        'The promises this async `map` callback returns are never awaited; pass them to `Promise.all` (or `allSettled`) and await it.',
      asyncExecutor:
        'Do not pass an async function to `new Promise`: an error thrown after its first `await` is lost and the promise never settles; write an async function instead.',
      asyncListener:
        'The emitter ignores the promise of this async listener, so its rejection is unhandled; catch errors inside it, or create the emitter with `captureRejections: true`.',
      asyncTimer:
        '`{{name}}` ignores the promise of this async callback, so its rejection is unhandled; catch errors inside it, or await `node:timers/promises` instead.',
      asyncVoidCallback:
        'This async function is passed where a function returning `void` is expected, so its promise is ignored and its rejection is unhandled.',
      useForOf: 'Replace `forEach` with a `for…of` loop that awaits each item in turn (items then run one after another).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkEventListeners: {
            type: 'boolean',
            description: 'Report async listeners given to `on`/`once`/`addListener`/`prependListener` (emitters created with `captureRejections: true` are always allowed).',
          },
          checkTimers: { type: 'boolean', description: 'Report async callbacks given to `setTimeout`, `setInterval` and `setImmediate`.' },
        },
      },
    ],
    defaultOptions: [{ checkEventListeners: true, checkTimers: true }],
  },
  create(context, [{ checkEventListeners = true, checkTimers = true }]) {
    // Types are used when typescript-eslint provides a program; other parsers (espree) have no services at all.
    const services = context.sourceCode.parserServices;
    const checker = services?.program?.getTypeChecker();

    function check(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): void {
      if (!fn.async) return;
      const site = callSiteOf<TSESTree.Node>(fn, tree);
      if (site === undefined) return;
      checkCallback(fn, site.call, site.index, fn);
    }

    /** `emitter.on('data', handle)` with `async function handle(...)` (or `const handle = async (...) => ...`) in scope. */
    function checkNamedCallbacks(call: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (!call.arguments.some((argument) => argument.type === AST_NODE_TYPES.Identifier) || !mayIgnoreCallbacks(call)) return;
      call.arguments.forEach((argument, index) => {
        if (argument.type !== AST_NODE_TYPES.Identifier) return;
        const fn = asyncFunctionNamed(argument);
        if (fn !== undefined) checkCallback(fn, call, index, argument);
      });
    }

    /** A cheap first look, before names are resolved: a call whose callbacks this rule may report. */
    function mayIgnoreCallbacks(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
      if (checker !== undefined || call.type === AST_NODE_TYPES.NewExpression) return true;
      const method = calledMethodName(call);
      if (method !== undefined && (IGNORING_METHODS.has(method) || PREDICATE_METHODS.has(method) || LISTENER_METHODS.has(method) || method === 'map')) return true;
      return timerName<TSESTree.Node>(call.callee, tree) !== undefined;
    }

    /**
     * Reports the async function `fn` given as argument `index` of `call`: written there (`argument` is `fn`, and the
     * report points at its `async`), or passed by name (the report points at the name).
     */
    function checkCallback(fn: TSESTree.FunctionLike, call: TSESTree.Node, index: number, argument: TSESTree.Node): void {
      const inline = argument === fn && (fn.type === AST_NODE_TYPES.ArrowFunctionExpression || fn.type === AST_NODE_TYPES.FunctionExpression) ? fn : undefined;
      const head = inline === undefined ? argument.loc : asyncKeywordLocation(inline);
      if (call.type === AST_NODE_TYPES.NewExpression) {
        if (index === 0 && isPromiseConstruction<TSESTree.Node>(call, tree)) context.report({ loc: head, messageId: 'asyncExecutor' });
        return;
      }
      if (call.type !== AST_NODE_TYPES.CallExpression) return;
      const method = calledMethodName(call);
      if (method !== undefined && index === 0 && IGNORING_METHODS.has(method)) {
        context.report({ loc: head, messageId: 'asyncArrayCallback', data: { method }, suggest: inline === undefined ? [] : forOfSuggestion(inline, call, method) });
        return;
      }
      if (method !== undefined && index === 0 && PREDICATE_METHODS.has(method)) {
        context.report({ loc: head, messageId: 'asyncPredicate', data: { method } });
        return;
      }
      if (method === 'map' && index === 0) {
        if (isDiscarded(call, context.sourceCode.ast)) context.report({ loc: head, messageId: 'asyncMapDiscarded' });
        return;
      }
      if (method !== undefined && LISTENER_METHODS.has(method) && index >= 1) {
        if (checkEventListeners && !catchesEverything(fn) && !capturesRejections(call)) context.report({ loc: head, messageId: 'asyncListener' });
        return;
      }
      const timer = timerName<TSESTree.Node>(call.callee, tree);
      if (timer !== undefined && index === 0) {
        if (checkTimers && !catchesEverything(fn)) context.report({ loc: head, messageId: 'asyncTimer', data: { name: timer } });
        return;
      }
      if (checker !== undefined && expectsVoidFunction(argument)) context.report({ loc: head, messageId: 'asyncVoidCallback' });
    }

    /** With type information: the contextual type is a function type whose every signature returns `void`. */
    function expectsVoidFunction(fn: TSESTree.Node): boolean {
      const tsNode = services?.esTreeNodeToTSNodeMap?.get(fn);
      if (checker === undefined || tsNode === undefined) return false;
      const expected = checker.getContextualType(tsNode as Parameters<typeof checker.getContextualType>[0]);
      const signatures = expected?.getCallSignatures() ?? [];
      return signatures.length > 0 && signatures.every((signature) => checker.typeToString(signature.getReturnType()) === 'void');
    }

    /** `items.forEach(async (item) => { ... })` as a statement of an async function → `for (const item of items) { ... }`. */
    function forOfSuggestion(
      fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression,
      call: TSESTree.CallExpression,
      method: string,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const [param] = fn.params;
      const statement = call.parent;
      const outer = enclosingFunction<TSESTree.Node>(call, tree);
      if (method !== 'forEach' || fn.params.length !== 1 || param?.type !== AST_NODE_TYPES.Identifier || param.typeAnnotation !== undefined) return [];
      if (call.arguments.length !== 1 || statement.type !== AST_NODE_TYPES.ExpressionStatement || outer === undefined || !isAsyncFunction(outer)) return [];
      if (fn.body.type !== AST_NODE_TYPES.BlockStatement || containsOwn<TSESTree.Node>(fn.body, (node) => node.type === AST_NODE_TYPES.ReturnStatement)) return [];
      // `this` and `arguments` would change meaning once the body leaves its function.
      if (fn.type === AST_NODE_TYPES.FunctionExpression && (containsOwn<TSESTree.Node>(fn.body, (node) => node.type === AST_NODE_TYPES.ThisExpression, true) || usesArguments(fn))) return [];
      if (call.callee.type !== AST_NODE_TYPES.MemberExpression || call.callee.optional) return [];
      const items = context.sourceCode.getText(call.callee.object);
      const body = context.sourceCode.getText(fn.body);
      return [
        {
          messageId: 'useForOf',
          fix: (fixer) => fixer.replaceText(statement, `for (const ${param.name} of ${items}) ${body}`),
        },
      ];
    }

    /** The emitter was made with `new EventEmitter({ captureRejections: true })` (or the global default is set). */
    function capturesRejections(call: TSESTree.CallExpression): boolean {
      if (/\bcaptureRejections\s*=\s*true\b/.test(context.sourceCode.text)) return true;
      if (call.callee.type !== AST_NODE_TYPES.MemberExpression || call.callee.object.type !== AST_NODE_TYPES.Identifier) return false;
      const declaration = findDeclaration<TSESTree.Node>(call.callee.object, tree);
      const init = declaration?.node.type === AST_NODE_TYPES.VariableDeclarator ? declaration.node.init : null;
      return init?.type === AST_NODE_TYPES.NewExpression && /\bcaptureRejections\s*:\s*true\b/.test(context.sourceCode.getText(init));
    }

    return {
      ArrowFunctionExpression: check,
      FunctionExpression: check,
      CallExpression: checkNamedCallbacks,
      NewExpression: checkNamedCallbacks,
    };
  },
});

/** The async function a name stands for: a function declaration, or a `const` holding an async function or arrow. */
function asyncFunctionNamed(name: TSESTree.Identifier): TSESTree.FunctionLike | undefined {
  const fn = functionNamed<TSESTree.Node>(name, tree);
  const isFunctionLike = fn?.type === AST_NODE_TYPES.FunctionDeclaration || fn?.type === AST_NODE_TYPES.FunctionExpression || fn?.type === AST_NODE_TYPES.ArrowFunctionExpression;
  return isFunctionLike && fn.async && !fn.generator ? fn : undefined;
}

/**
 * The result of `xs.map(async ...)` reaches nothing that waits: it is a statement, or a variable that is never
 * awaited, returned, passed on or spread. Anything else (Promise.all, await, return, an argument) is fine.
 */
function isDiscarded(call: TSESTree.CallExpression, program: TSESTree.Program): boolean {
  const { parent, outer: current } = valueUse<TSESTree.Node>(call, tree);
  if (parent === undefined) return false;
  if (parent.type === AST_NODE_TYPES.ExpressionStatement) return true;
  if (parent.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== current || parent.id.type !== AST_NODE_TYPES.Identifier) return false;
  const scope = enclosingFunction<TSESTree.Node>(parent, tree) ?? program;
  return !referencesTo<TSESTree.Node>(scope, parent.id, tree).some(reachesAWaiter);
}

/** A read of the promises' array that hands them on: awaited, returned, an argument, spread, or iterated. */
function reachesAWaiter(reference: TSESTree.Node): boolean {
  const parent = reference.parent;
  if (parent === undefined) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.SpreadElement:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.YieldExpression:
      return true;
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.arguments.includes(reference as TSESTree.Expression) || promiseStatic<TSESTree.Node>(parent, tree) !== undefined;
    case AST_NODE_TYPES.MemberExpression:
      // `promises.length` reads; `promises.forEach(p => p.catch(...))` and friends hand them on.
      return parent.object === reference && prop(parent.property, 'name') !== 'length';
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === reference;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === reference;
    default:
      return false;
  }
}

function usesArguments(fn: TSESTree.Node): boolean {
  let found = false;
  walk<TSESTree.Node>(fn, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier && node.name === 'arguments') found = true;
    return !found;
  });
  return found;
}
