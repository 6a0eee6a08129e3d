import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { continuationReferencedBy } from '../core/callbacks.js';
import { parentProperty } from '../core/tree.js';
import { createRule } from './create-rule.js';

export type Options = [];
export type MessageIds = 'continuesAfterCallback' | 'addReturn';

const tree = parentProperty<TSESTree.Node>();

/** Statements that do no work of their own: containers, and the ways out. */
const NOT_WORK: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.BlockStatement,
  AST_NODE_TYPES.ReturnStatement,
  AST_NODE_TYPES.BreakStatement,
  AST_NODE_TYPES.ContinueStatement,
  AST_NODE_TYPES.EmptyStatement,
  AST_NODE_TYPES.FunctionDeclaration,
]);

/**
 * What esquery's `:statement` matches (every statement and declaration type), spelled out: ESLint tests class
 * selectors against every node of the file, but looks node types up.
 */
const STATEMENTS = Object.values(AST_NODE_TYPES).filter((type) => /(?:Statement|Declaration)$/.test(type)).join(', ');

/** What happened in one code path segment, in order: work, and invocations of the continuation. */
type SegmentEvent = { kind: 'work'; inCatch: boolean } | { kind: 'call'; call: TSESTree.CallExpression; name: string };

interface PathState {
  readonly current: Set<TSESLint.CodePathSegment>;
  readonly events: Map<TSESLint.CodePathSegment, SegmentEvent[]>;
  readonly fn: TSESTree.Node;
}

export default createRule<Options, MessageIds>({
  name: 'return-after-callback',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a return right after calling an error-first callback when more code could run',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      continuesAfterCallback:
        'Execution goes on after `{{name}}(…)`: more code, or a second call of `{{name}}`, can run once the caller has been answered. Return right after calling back (`return {{name}}(…)`), or run `untangle callback-to-async`.',
      addReturn: 'Return right after calling `{{name}}`.',
    },
    schema: [],
  },
  create(context) {
    const paths: PathState[] = [];

    function record(event: SegmentEvent): void {
      const state = paths.at(-1);
      if (state === undefined) return;
      for (const segment of state.current) state.events.get(segment)?.push(event);
    }

    /**
     * After the call, in the rest of its segment or in any segment reachable from it, is there work or another
     * call? Segments are walked once each; loops lead back to the call's own segment, which counts.
     */
    function continuesAfter(state: PathState, segment: TSESLint.CodePathSegment, index: number): boolean {
      const rest = state.events.get(segment)?.slice(index + 1) ?? [];
      if (rest.length > 0) return true;
      const seen = new Set<TSESLint.CodePathSegment>();
      const pending = [...segment.nextSegments];
      for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        if (seen.has(next)) continue;
        seen.add(next);
        // A `catch` reached from the call runs only if the callback throws: it matters when it calls back again,
        // not when it reports the throw (`catch (e) { process.nextTick(() => { throw e; }) }`).
        if (state.events.get(next)?.some((event) => event.kind === 'call' || !event.inCatch) === true) return true;
        pending.push(...next.nextSegments);
      }
      return false;
    }

    function report(state: PathState): void {
      const reported = new Set<TSESTree.Node>();
      for (const [segment, events] of state.events) {
        events.forEach((event, index) => {
          if (event.kind !== 'call' || reported.has(event.call) || !continuesAfter(state, segment, index)) return;
          reported.add(event.call);
          const statement = event.call.parent;
          context.report({
            node: event.call,
            messageId: 'continuesAfterCallback',
            data: { name: event.name },
            suggest:
              statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression === event.call && returnEndsIt(statement)
                ? [{ messageId: 'addReturn', data: { name: event.name }, fix: (fixer) => fixer.insertTextBefore(event.call, 'return ') }]
                : [],
          });
        });
      }
    }

    const listener = {
      onCodePathStart(_codePath: TSESLint.CodePath, node: TSESTree.Node) {
        paths.push({ current: new Set(), events: new Map(), fn: node });
      },
      onCodePathEnd() {
        const state = paths.pop();
        if (state !== undefined) report(state);
      },
      onCodePathSegmentStart(segment: TSESLint.CodePathSegment) {
        const state = paths.at(-1);
        state?.current.add(segment);
        state?.events.set(segment, []);
      },
      onCodePathSegmentEnd(segment: TSESLint.CodePathSegment) {
        paths.at(-1)?.current.delete(segment);
      },
      onUnreachableCodePathSegmentStart(segment: TSESLint.CodePathSegment) {
        paths.at(-1)?.current.add(segment);
      },
      onUnreachableCodePathSegmentEnd(segment: TSESLint.CodePathSegment) {
        paths.at(-1)?.current.delete(segment);
      },
      [STATEMENTS](node: TSESTree.Node) {
        if (NOT_WORK.has(node.type) || disarmsContinuation(node)) return;
        record({ kind: 'work', inCatch: insideCatch(node) });
      },
      CallExpression(node: TSESTree.CallExpression) {
        if (node.callee.type !== AST_NODE_TYPES.Identifier) return;
        // Recorded on the path of the function the call is in: inside a callback of its own (`setImmediate(() =>
        // cb())`) it does not end the outer function's path, but work after it inside that callback counts.
        if (continuationReferencedBy<TSESTree.Node>(node.callee, tree) === undefined) return;
        record({ kind: 'call', call: node, name: node.callee.name });
      },
    };
    return listener as unknown as TSESLint.RuleListener;
  },
});

/**
 * Whether `return` before the call fixes it: not inside a loop (the fix there is to stop looping, not to leave at the
 * first item) and not inside a `try` with a `catch` (a throw from the callback still reaches the catch).
 */
function returnEndsIt(statement: TSESTree.Node): boolean {
  for (let current: TSESTree.Node = statement, parent = statement.parent; parent !== undefined; current = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        return false;
      case AST_NODE_TYPES.TryStatement:
        if (parent.block === current && parent.handler !== null) return false;
        break;
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.Program:
        return true;
      default:
        break;
    }
  }
  return true;
}

/** `callback = noop;` after calling back: the call-once idiom, which makes later calls harmless. */
function disarmsContinuation(statement: TSESTree.Node): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const expression = statement.expression;
  return expression.type === AST_NODE_TYPES.AssignmentExpression && expression.left.type === AST_NODE_TYPES.Identifier
    && continuationReferencedBy<TSESTree.Node>(expression.left, tree) !== undefined;
}

/** Inside a `catch` clause of the same function. */
function insideCatch(node: TSESTree.Node): boolean {
  for (let parent = node.parent; parent !== undefined; parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.CatchClause) return true;
    // ESLint gives the Program a null parent: stop there.
    if (parent.type === AST_NODE_TYPES.Program || parent.type === AST_NODE_TYPES.FunctionDeclaration || parent.type === AST_NODE_TYPES.FunctionExpression || parent.type === AST_NODE_TYPES.ArrowFunctionExpression) return false;
  }
  return false;
}
