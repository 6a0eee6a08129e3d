import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { type AsyncContext, enclosingFunction, getAsyncContext } from '../core/async-context.js';
import { calledMethodName, calleeOf } from '../core/ast.js';
import { type ModuleStyle, coreSpecifierInStyle, detectModuleStyle } from '../core/module-system.js';
import { NODE_APIS, bareSpecifier, isCoreModuleSpecifier } from '../core/node-api.js';
import { type ResolvedNodeApi, isBlockingNodeCall, requireSpecifier, resolveModuleMember, resolveNodeApi } from '../core/resolve.js';
import { parentProperty } from '../core/tree.js';
import { createRule } from './create-rule.js';

export type Options = [{ allow?: string[]; checkThirdParty?: boolean }];
export type MessageIds = 'blockingWithTwin' | 'blocking' | 'replaceWithAwait';

const tree = parentProperty<TSESTree.Node>();

/** Functions that are their own blocking twin when called without a callback (`crypto.randomBytes(16)`). */
const SELF_BLOCKING: ReadonlySet<string> = new Set(NODE_APIS.filter((entry) => entry.sync === entry.name).map((entry) => entry.name));

/** How each context reads in a message: "inside {{where}}". */
const CONTEXT_WORDS: Record<string, string> = {
  'async-function': 'an async function',
  then: 'a promise handler',
  catch: 'a promise handler',
  finally: 'a promise handler',
  'node-api': 'a callback of an asynchronous API',
  'error-first': 'an error-first callback',
  timer: 'a timer callback',
  microtask: 'a deferred callback',
  listener: 'an event listener',
  'request-handler': 'a request handler',
};

interface Blocking {
  /** The callee as the user reads it: `fs.readFileSync`, `glob.sync`. */
  readonly name: string;
  /** Words for `allow`: the function name, `module.path`, and the module itself. */
  readonly allowKeys: readonly string[];
  readonly api: ResolvedNodeApi | undefined;
}

export default createRule<Options, MessageIds>({
  name: 'no-sync-in-async',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow blocking synchronous calls inside asynchronous code',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      blockingWithTwin:
        '`{{name}}` blocks the event loop inside {{where}}; await `{{twin}}` from `{{module}}` instead.',
      blocking: '`{{name}}` blocks the event loop inside {{where}}; move it to start-up code or use its asynchronous form.',
      replaceWithAwait: 'Replace with `await {{twin}}(…)` from `{{module}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allow: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Calls never reported: a function name (`readFileSync`), `module.function` (`fs.existsSync`), or a module (`fs-extra`).',
          },
          checkThirdParty: {
            type: 'boolean',
            description: 'Also report `*Sync` functions (and `sync`) of imported third-party modules, such as `fse.readJsonSync` or `glob.sync`.',
          },
        },
      },
    ],
    defaultOptions: [{ allow: [], checkThirdParty: true }],
  },
  create(context, [{ allow = [], checkThirdParty = true }]) {
    const allowed = new Set(allow);
    // Read once per file, and only when a finding needs it (it walks the whole file).
    let style: ModuleStyle | undefined;
    const moduleStyle = (): ModuleStyle => (style ??= detectModuleStyle<TSESTree.Node>(context.sourceCode.ast, tree));

    function findBlocking(call: TSESTree.CallExpression): Blocking | undefined {
      const callee = calleeOf<TSESTree.Node>(call);
      if (callee === undefined) return undefined;
      // Fast path: a method call can only be blocking when its own name says so (`x.readFileSync`, `glob.sync`).
      const method = calledMethodName(call);
      if (method !== undefined && !method.endsWith('Sync') && method !== 'sync' && !SELF_BLOCKING.has(method)) return undefined;
      const api = isBlockingNodeCall<TSESTree.Node>(call, tree);
      const name = context.sourceCode.getText(callee);
      if (api !== undefined) {
        const syncName = api.form === 'sync' ? (api.entry.sync ?? api.entry.name) : api.entry.name;
        return { name, api, allowKeys: [syncName, `${api.entry.module}.${syncName}`, api.entry.module, api.specifier] };
      }
      const member = resolveModuleMember(callee, tree);
      const last = member?.path.at(-1);
      if (member === undefined || last === undefined || !(last.endsWith('Sync') || last === 'sync')) return undefined;
      const bare = bareSpecifier(member.specifier);
      const core = isCoreModuleSpecifier(member.specifier);
      // Core `*Sync` functions outside the table (newer Node APIs) block too; third-party ones only when asked.
      if (!core && !checkThirdParty) return undefined;
      return { name, api: undefined, allowKeys: [last, `${bare}.${member.path.join('.')}`, bare, member.specifier] };
    }

    return {
      CallExpression(node) {
        const blocking = findBlocking(node);
        if (blocking === undefined || blocking.allowKeys.some((key) => allowed.has(key))) return;
        const asyncContext = getAsyncContext<TSESTree.Node>(node, tree);
        if (asyncContext.kind === 'sync') return;
        const where = CONTEXT_WORDS[asyncContext.reason] ?? 'asynchronous code';
        const twin = blocking.api?.entry.promise;
        if (blocking.api === undefined || twin?.kind !== 'function' || blocking.api.entry.callback?.position !== 'last') {
          context.report({ node: node.callee, messageId: 'blocking', data: { name: blocking.name, where } });
          return;
        }
        const module = coreSpecifierInStyle(twin.module, moduleStyle());
        context.report({
          node: node.callee,
          messageId: 'blockingWithTwin',
          data: { name: blocking.name, where, twin: twin.name, module },
          suggest: suggestAwait(node, asyncContext, blocking.api, { name: twin.name, module: twin.module, written: module }),
        });
      },
    };

    /**
     * `await <twin>(...)` plus the import, offered only where `await` is valid (directly in the async function)
     * and the twin resolves to what the blocking call returned.
     */
    function suggestAwait(
      call: TSESTree.CallExpression,
      asyncContext: AsyncContext<TSESTree.Node>,
      api: ResolvedNodeApi,
      twin: { name: string; module: string; written: string },
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (asyncContext.kind !== 'async-function' || enclosingFunction<TSESTree.Node>(call, tree) !== asyncContext.function) return [];
      if (api.form !== 'sync' || api.entry.promiseResultDiffers === true) return [];
      const local = twinBinding(call, twin);
      if (local === undefined) return [];
      return [
        {
          messageId: 'replaceWithAwait',
          data: { twin: twin.name, module: twin.written },
          fix(fixer) {
            const fixes = [
              fixer.replaceText(call.callee, local.name),
              fixer.insertTextBefore(call, needsParentheses(call) ? '(await ' : 'await '),
            ];
            if (needsParentheses(call)) fixes.push(fixer.insertTextAfter(call, ')'));
            if (local.importText !== undefined) fixes.push(insertImport(fixer, local.importText));
            return fixes;
          },
        },
      ];
    }

    /** The name to call the twin by: an existing binding of it, or a new import when the name is free. */
    function twinBinding(call: TSESTree.CallExpression, twin: { name: string; written: string }): { name: string; importText?: string } | undefined {
      const program = context.sourceCode.ast;
      for (const statement of program.body) {
        for (const identifier of declaredIdentifiers(statement)) {
          const api = resolveNodeApi<TSESTree.Node>(identifier, tree);
          if (api?.form === 'promise' && api.entry.promise?.kind === 'function' && api.entry.promise.name === twin.name) {
            return visibleBinding(call, identifier.name) === identifier ? { name: identifier.name } : undefined;
          }
        }
      }
      if (visibleBinding(call, twin.name) !== undefined || isDeclaredAnywhere(twin.name)) return undefined;
      return {
        name: twin.name,
        importText: moduleStyle().system === 'esm' ? `import { ${twin.name} } from '${twin.written}';` : `const { ${twin.name} } = require('${twin.written}');`,
      };
    }

    /** The identifier that declares what `name` means at the call, or null for an implicit global, or undefined. */
    function visibleBinding(call: TSESTree.CallExpression, name: string): TSESTree.Node | null | undefined {
      for (let scope: TSESLint.Scope.Scope | null = context.sourceCode.getScope(call); scope !== null; scope = scope.upper) {
        const variable = scope.set.get(name);
        if (variable !== undefined) return variable.identifiers[0] ?? null;
        if (scope.through.some((reference) => reference.identifier.name === name)) return null;
      }
      return undefined;
    }

    /** A new top-level binding must not clash with a declaration in any scope (it would be shadowed there). */
    function isDeclaredAnywhere(name: string): boolean {
      return context.sourceCode.scopeManager?.scopes.some((scope) => scope.set.has(name)) ?? false;
    }

    function insertImport(fixer: TSESLint.RuleFixer, text: string): TSESLint.RuleFix {
      const program = context.sourceCode.ast;
      const imports = program.body.filter(
        (statement) =>
          statement.type === AST_NODE_TYPES.ImportDeclaration ||
          statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration ||
          isRequireDeclaration(statement),
      );
      const anchor = imports.at(-1);
      if (anchor !== undefined) return fixer.insertTextAfterRange(anchor.range, `\n${text}`);
      const directives = program.body.filter((statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive !== undefined);
      const lastDirective = directives.at(-1);
      if (lastDirective !== undefined) return fixer.insertTextAfterRange(lastDirective.range, `\n${text}`);
      const first = program.body[0];
      return first === undefined ? fixer.insertTextAfterRange([0, 0], `${text}\n`) : fixer.insertTextBeforeRange(first.range, `${text}\n`);
    }

    function isRequireDeclaration(statement: TSESTree.ProgramStatement): boolean {
      return (
        statement.type === AST_NODE_TYPES.VariableDeclaration &&
        statement.declarations.some((declarator) => declarator.init !== null && requireSpecifier<TSESTree.Node>(declarator.init, tree) !== undefined)
      );
    }
  },
});

/** `await x.y()` as the object of a member access or call (`readFileSync(p).toString()`) needs parentheses. */
function needsParentheses(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  return (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === call) || (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === call)
    || parent.type === AST_NODE_TYPES.TaggedTemplateExpression || parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'typeof';
}

/** Top-level identifiers a statement declares (only simple `const x = ...`/imports: enough to find a twin binding). */
function declaredIdentifiers(statement: TSESTree.ProgramStatement): TSESTree.Identifier[] {
  if (statement.type === AST_NODE_TYPES.ImportDeclaration) return statement.specifiers.map((specifier) => specifier.local);
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration) return [];
  return statement.declarations.flatMap((declarator) => {
    if (declarator.id.type === AST_NODE_TYPES.Identifier) return [declarator.id];
    if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return [];
    return declarator.id.properties.flatMap((property) =>
      property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier ? [property.value] : [],
    );
  });
}

