import { ESLintUtils, type TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { registerChildKeys } from '../core/tree.js';

// Core's walks follow the parser's own keys (every rule imports this module).
registerChildKeys(visitorKeys);

/** Extra `meta.docs` fields; eslint-doc-generator reads the same names. */
export interface PluginDocs {
  /** The config that turns the rule on; left out for opt-in rules (then only `all` has it). */
  recommended?: 'recommended' | 'strict';
  /** The rule needs `parserOptions.projectService`; only `recommended-type-checked` enables such rules. */
  requiresTypeChecking?: boolean;
  /** Options the `strict` and `all` configs give a rule that `recommended` runs with its defaults. */
  strictOptions?: readonly unknown[];
}

export const REPOSITORY_URL = 'https://github.com/eslint-plugin-untangle/eslint-plugin-untangle';

export const createRule = ESLintUtils.RuleCreator<PluginDocs>((name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`);

/** Where an async function's `async` keyword is: reports about async callbacks point at what makes them one. */
export function asyncKeywordLocation(fn: TSESTree.Node): TSESTree.SourceLocation {
  const start = fn.loc.start;
  return { start, end: { line: start.line, column: start.column + 'async'.length } };
}
