import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { callbackRole, callSiteOf, enclosingFunction } from '../core/async-context.js';
import { isFunction } from '../core/ast.js';
import { bareSpecifier } from '../core/node-api.js';
import { type CallbackConventions, continuationReferencedBy, extendConventions, getTrailingErrorFirstCallback } from '../core/callbacks.js';
import { chainMethod } from '../core/promises.js';
import { resolveModuleMember } from '../core/resolve.js';
import { referencesTo } from '../core/scope.js';
import { containsOwn, isAncestorOf, parentProperty, walk } from '../core/tree.js';
import { createRule } from './create-rule.js';

export type Options = [{ errorNames?: string[]; errorPattern?: string }];
export type MessageIds = 'unhandled' | 'usedBeforeCheck' | 'shadowed';

const tree = parentProperty<TSESTree.Node>();

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;

/** A test of the error and the branch that runs when there is one. */
interface Guard {
  readonly node: TSESTree.IfStatement | TSESTree.ConditionalExpression | TSESTree.LogicalExpression | TSESTree.CallExpression;
  readonly errorBranch: TSESTree.Node | undefined;
  readonly otherBranch: TSESTree.Node | undefined;
}

export default createRule<Options, MessageIds>({
  name: 'handle-callback-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the error of an error-first callback to be handled before its results are used',
      recommended: 'recommended',
    },
    messages: {
      unhandled:
        '`{{error}}` is never handled: exit on it (`if ({{error}}) return callback({{error}});`), throw it, name it `_{{error}}` to ignore it on purpose, or run `untangle callback-to-async`.',
      usedBeforeCheck:
        '`{{result}}` is used before `{{error}}` is handled (logging it and carrying on is not handling it): exit on the error first (`if ({{error}}) return callback({{error}});`), throw it, or run `untangle callback-to-async`.',
      shadowed:
        'This `{{error}}` hides the outer callback\'s `{{error}}`, which is still unhandled here: handle the outer error first, or rename one of them.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          errorNames: { type: 'array', items: { type: 'string' }, uniqueItems: true, description: 'More first-parameter names that hold an error.' },
          errorPattern: { type: 'string', description: 'A regular expression for first-parameter names that hold an error (for example `^e(rr)?\\d*$`).' },
        },
      },
    ],
    defaultOptions: [{ errorNames: [], errorPattern: '' }],
  },
  create(context, [{ errorNames = [], errorPattern = '' }]) {
    const conventions: CallbackConventions = extendConventions({ errorNames });
    const pattern = errorPattern === '' ? undefined : new RegExp(errorPattern, 'u');
    const checked = new WeakMap<TSESTree.Node, { error: TSESTree.Identifier; guards: Guard[] } | null>();

    /** The error parameter of an error-first callback, with the guards that test it; undefined for other functions. */
    function analyse(fn: FunctionNode): { error: TSESTree.Identifier; guards: Guard[] } | undefined {
      const known = checked.get(fn);
      if (known !== undefined) return known ?? undefined;
      const result = errorParameterOf(fn);
      const analysis = result === undefined ? undefined : { error: result, guards: guardsOf(fn, result) };
      checked.set(fn, analysis ?? null);
      return analysis;
    }

    function errorParameterOf(fn: FunctionNode): TSESTree.Identifier | undefined {
      const [first] = fn.params;
      if (first?.type !== AST_NODE_TYPES.Identifier || first.name.startsWith('_')) return undefined;
      const site = callSiteOf<TSESTree.Node>(fn, tree);
      if (site?.call.type !== AST_NODE_TYPES.CallExpression || chainMethod(site.call) !== undefined) return undefined;
      if (site.index !== site.call.arguments.length - 1) return undefined;
      const errorFirst = getTrailingErrorFirstCallback<TSESTree.Node>(site.call, tree, conventions)?.callback === fn || pattern?.test(first.name) === true;
      if (!errorFirst) return undefined;
      // Error listeners and error middleware are handlers: handling the error is their whole job.
      const role = callbackRole<TSESTree.Node>(fn, tree, conventions);
      return role?.reason === 'listener' || role?.reason === 'request-handler' ? undefined : first;
    }

    function check(fn: FunctionNode): void {
      const analysis = analyse(fn);
      if (analysis === undefined) return;
      const { error, guards } = analysis;
      const errorReferences = referencesTo<TSESTree.Node>(fn, error, tree).filter((reference) => reference !== error);
      if (errorReferences.length === 0) {
        context.report({ node: error, messageId: 'unhandled', data: { error: error.name } });
        return;
      }
      const resultGuards = fn.params.slice(1).flatMap(boundIdentifiers).flatMap((id) => guardsOf(fn, id));
      for (const param of fn.params.slice(1)) {
        for (const id of boundIdentifiers(param)) {
          const unprotected = referencesTo<TSESTree.Node>(fn, id, tree).find(
            (reference) =>
              reference !== id
              && !isProtected(reference, error, guards, fn)
              && !leftOnMissingResult(reference, error, resultGuards, fn)
              && !checksItself(reference, id.name, fn)
              && !insideDeclaredFunction(reference, fn),
          );
          if (unprotected !== undefined) {
            context.report({ node: error, messageId: 'usedBeforeCheck', data: { error: error.name, result: id.name } });
            return;
          }
        }
      }
    }

    /** A nested error-first callback whose error has the outer error's name, where the outer one is not yet handled. */
    function checkShadowing(fn: FunctionNode): void {
      const inner = analyse(fn);
      if (inner === undefined) return;
      for (let outer = enclosingFunction<TSESTree.Node>(fn, tree); outer !== undefined; outer = enclosingFunction<TSESTree.Node>(outer, tree)) {
        if (outer.type !== AST_NODE_TYPES.ArrowFunctionExpression && outer.type !== AST_NODE_TYPES.FunctionExpression) continue;
        const analysis = analyse(outer);
        if (analysis?.error.name !== inner.error.name) continue;
        // Looked at before the nested callback starts, the outer error is no longer in play.
        // An outer error that is never looked at is reported as such; one looked at before the nested callback
        // starts is no longer in play.
        const references = referencesTo<TSESTree.Node>(outer, analysis.error, tree).filter((reference) => reference !== analysis.error);
        const lookedAt = references.some((reference) => reference.range[1] <= fn.range[0]);
        if (references.length > 0 && !lookedAt && !isProtected(fn, analysis.error, analysis.guards, outer)) {
          context.report({ node: inner.error, messageId: 'shadowed', data: { error: inner.error.name } });
        }
        return;
      }
    }

    return {
      ArrowFunctionExpression(fn) {
        check(fn);
        checkShadowing(fn);
      },
      FunctionExpression(fn) {
        check(fn);
        checkShadowing(fn);
      },
    };
  },
});

/** The names a parameter binds: `data`, `{ rows }`, `[first, ...rest]`, `data = {}`. */
function boundIdentifiers(param: TSESTree.Node): TSESTree.Identifier[] {
  switch (param.type) {
    case AST_NODE_TYPES.Identifier:
      return [param];
    case AST_NODE_TYPES.AssignmentPattern:
      return boundIdentifiers(param.left);
    case AST_NODE_TYPES.RestElement:
      return boundIdentifiers(param.argument);
    case AST_NODE_TYPES.ArrayPattern:
      return param.elements.flatMap((element) => (element === null ? [] : boundIdentifiers(element)));
    case AST_NODE_TYPES.ObjectPattern:
      return param.properties.flatMap((property) => boundIdentifiers(property.type === AST_NODE_TYPES.Property ? property.value : property));
    default:
      return [];
  }
}

/**
 * The places in `fn` that test the error and say which branch runs when there is one: `if (err)`,
 * `if (err != null)`, `if (!err) ... else`, `err ? reject(err) : resolve(v)`, and assertions
 * (`assert.ifError(err)`), which throw on an error.
 */
function guardsOf(fn: FunctionNode, error: TSESTree.Identifier): Guard[] {
  const guards: Guard[] = [];
  for (const reference of referencesTo<TSESTree.Node>(fn, error, tree)) {
    let current: TSESTree.Node = reference;
    let negated = false;
    for (let parent = reference.parent; parent !== undefined && parent !== fn; current = parent, parent = parent.parent) {
      if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') {
        negated = !negated;
      } else if (parent.type === AST_NODE_TYPES.BinaryExpression) {
        // `err == null` and `err === undefined` test for no error.
        if (parent.operator === '==' || parent.operator === '===') negated = !negated;
      } else if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
        // `err.code`: still a test of the error.
      } else if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator !== '??') {
        // `!err && use(v)` and `err || use(v)`: the right side runs only without an error.
        if (parent.left === current && (parent.operator === '||') !== negated) guards.push({ node: parent, errorBranch: undefined, otherBranch: parent.right });
        // Inside the test of an `if` or a conditional (`if (!job || err)`), the test as a whole decides the branches.
        if (!isTest(parent)) break;
      } else if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.test === current) {
        const [errorBranch, otherBranch] = negated ? [parent.alternate ?? undefined, parent.consequent] : [parent.consequent, parent.alternate ?? undefined];
        guards.push({ node: parent, errorBranch, otherBranch });
        break;
      } else {
        if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current as TSESTree.Expression) && isAssertion(parent)) {
          guards.push({ node: parent, errorBranch: parent, otherBranch: undefined });
        }
        break;
      }
    }
  }
  return guards;
}

/** A logical expression that is (part of) the test of an `if` or a conditional. */
function isTest(node: TSESTree.Node): boolean {
  let current = node;
  while (current.parent?.type === AST_NODE_TYPES.LogicalExpression || current.parent?.type === AST_NODE_TYPES.UnaryExpression) current = current.parent;
  const parent = current.parent;
  return (parent?.type === AST_NODE_TYPES.IfStatement || parent?.type === AST_NODE_TYPES.ConditionalExpression) && parent.test === current;
}

/** `assert.ifError(err)`, `assert(!err)`, `ifError(err)` from `node:assert`: they throw when there is an error. */
function isAssertion(call: TSESTree.CallExpression): boolean {
  const target = resolveModuleMember<TSESTree.Node>(call.callee, tree);
  if (target !== undefined) return bareSpecifier(target.specifier).startsWith('assert');
  return call.callee.type === AST_NODE_TYPES.MemberExpression && call.callee.property.type === AST_NODE_TYPES.Identifier && call.callee.property.name === 'ifError';
}

/**
 * A use of a result (or a nested callback) is safe when it runs only without an error: inside a guard's
 * no-error branch, after a guard whose error branch leaves, or handed on together with the error (`cb(err, data)`).
 */
function isProtected(use: TSESTree.Node, error: TSESTree.Identifier, guards: readonly Guard[], fn: TSESTree.Node): boolean {
  if (passedWithError(use, error, fn)) return true;
  return guards.some((guard) => {
    if (guard.otherBranch !== undefined && (guard.otherBranch === use || isAncestorOf<TSESTree.Node>(guard.otherBranch, use, tree))) return true;
    const leaves = guard.node.type === AST_NODE_TYPES.CallExpression || (guard.errorBranch !== undefined && exits(guard.errorBranch, error));
    // `if (err || !region) region = 'us-east-1';`: the error branch gives the result a fallback.
    const fallback = use.type === AST_NODE_TYPES.Identifier && guard.errorBranch !== undefined && assigns(guard.errorBranch, use.name);
    return (leaves || fallback) && guard.node.range[1] <= use.range[0] && enclosingFunction<TSESTree.Node>(guard.node, tree) === fn;
  });
}

/**
 * A result that is checked before it is used, so a missing value cannot break anything (`stats && stats.size`,
 * `if (rows) render(rows)`, `result ? result.value : null`, `hello?.version`), the check itself (`code === 502`), a
 * reassignment, or a value handed to a logger.
 */
function checksItself(reference: TSESTree.Node, name: string, fn: TSESTree.Node): boolean {
  const parent = reference.parent;
  if (parent === undefined) return false;
  if ((parent.type === AST_NODE_TYPES.LogicalExpression && parent.left === reference)
    || (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === reference && parent.optional)
    || (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === reference && parent.optional)
    || ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.test === reference)
    || (parent.type === AST_NODE_TYPES.UnaryExpression && (parent.operator === '!' || parent.operator === 'typeof'))
    || (parent.type === AST_NODE_TYPES.BinaryExpression && COMPARISONS.has(parent.operator))
    || (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === reference)
    || (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(reference as TSESTree.Expression) && isLogging(parent))) {
    return true;
  }
  let current: TSESTree.Node = reference;
  for (let ancestor: TSESTree.Node | undefined = parent; ancestor !== undefined && ancestor !== fn; current = ancestor, ancestor = ancestor.parent) {
    const guarded =
      (ancestor.type === AST_NODE_TYPES.LogicalExpression && ancestor.operator === '&&' && ancestor.right === current && mentions(ancestor.left, name))
      || ((ancestor.type === AST_NODE_TYPES.IfStatement || ancestor.type === AST_NODE_TYPES.ConditionalExpression) && ancestor.consequent === current && mentions(ancestor.test, name));
    if (guarded) return true;
  }
  return false;
}

const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '===', '!==']);

/** Objects and functions that log: passing a result to them reads it harmlessly, even when it is missing. */
const LOGGERS: ReadonlySet<string> = new Set(['console', 'log', 'logger', 'debug', 'trace']);
const LOG_METHODS: ReadonlySet<string> = new Set(['log', 'debug', 'trace', 'info', 'warn', 'error', 'silly', 'verbose']);

function isLogging(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return LOGGERS.has(callee.name);
  return callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && LOGGERS.has(callee.object.name)
    && callee.property.type === AST_NODE_TYPES.Identifier && LOG_METHODS.has(callee.property.name);
}

/** Whether `name` is read in `expression`, not counting nested functions (they run later, if at all). */
function mentions(expression: TSESTree.Node, name: string): boolean {
  return containsOwn<TSESTree.Node>(expression, (node) => node.type === AST_NODE_TYPES.Identifier && node.name === name);
}

/** Inside a function declared in the callback: it runs when called, typically after the error check. */
function insideDeclaredFunction(reference: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let ancestor = reference.parent; ancestor !== undefined && ancestor !== fn; ancestor = ancestor.parent) {
    if (ancestor.type === AST_NODE_TYPES.FunctionDeclaration) return true;
  }
  return false;
}

/**
 * `if (!tree) return cb(er);` checks the result instead of the error, and hands the error on when the result is
 * missing: later uses are safe.
 */
function leftOnMissingResult(use: TSESTree.Node, error: TSESTree.Identifier, resultGuards: readonly Guard[], fn: TSESTree.Node): boolean {
  return resultGuards.some((guard) =>
    // For a test of the result, the branch the error guard calls "other" is the one where the result is missing.
    guard.otherBranch !== undefined && exits(guard.otherBranch, error) && mentions(guard.otherBranch, error.name)
    && guard.node.range[1] <= use.range[0] && enclosingFunction<TSESTree.Node>(guard.node, tree) === fn);
}

/**
 * `callback(err, data)`, `done(err, { data })`, `finish(name, err, result)`, `cb.apply(this, [err].concat(rest))`:
 * the result goes wherever the error goes.
 */
function passedWithError(use: TSESTree.Node, error: TSESTree.Identifier, fn: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = use.parent; current !== undefined && current !== fn; current = current.parent) {
    // A use inside a nested function is not handed on by the call that receives that function.
    if (isFunction(current)) return false;
    if (current.type === AST_NODE_TYPES.CallExpression && current.arguments.some((argument) => !isFunction(argument) && mentions(argument, error.name))) return true;
  }
  return false;
}

function assigns(branch: TSESTree.Node, name: string): boolean {
  let found = false;
  walk<TSESTree.Node>(branch, (node) => {
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.Identifier && node.left.name === name) found = true;
    return !found;
  });
  return found;
}

/** A branch that leaves the function on the error: return, throw, or a block ending so (also in both arms of an if). */
function exits(branch: TSESTree.Node, error: TSESTree.Identifier): boolean {
  switch (branch.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement: {
      const last = branch.body.at(-1);
      return last !== undefined && exits(last, error);
    }
    case AST_NODE_TYPES.IfStatement:
      return branch.alternate !== null && exits(branch.consequent, error) && exits(branch.alternate, error);
    case AST_NODE_TYPES.ExpressionStatement:
      // Handing the error to the continuation without `return` is `return-after-callback`'s finding, not this one's.
      return isProcessExit(branch.expression) || handsOnToContinuation(branch.expression, error);
    default:
      // In a conditional expression, the error branch is an expression: leaving means handing the error on.
      if (isProcessExit(branch)) return true;
      return branch.type === AST_NODE_TYPES.CallExpression && branch.arguments.some((argument) => argument.type === AST_NODE_TYPES.Identifier && argument.name === error.name);
  }
}

/** `process.exit(...)` and `process.abort()` end the program: nothing after them runs. */
function isProcessExit(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression
    && node.callee.object.type === AST_NODE_TYPES.Identifier && node.callee.object.name === 'process'
    && node.callee.property.type === AST_NODE_TYPES.Identifier && (node.callee.property.name === 'exit' || node.callee.property.name === 'abort');
}

/** `cb(err)`, `callback(err, null)`: the error goes to a continuation of an enclosing function. */
function handsOnToContinuation(expression: TSESTree.Node, error: TSESTree.Identifier): boolean {
  return expression.type === AST_NODE_TYPES.CallExpression && expression.callee.type === AST_NODE_TYPES.Identifier
    && expression.arguments.some((argument) => argument.type === AST_NODE_TYPES.Identifier && argument.name === error.name)
    && continuationReferencedBy<TSESTree.Node>(expression.callee, tree) !== undefined;
}
