import { createRequire } from 'node:module';
import type { ESLint, Linter } from 'eslint';
import type { PluginDocs } from './rules/create-rule.js';
import { rules } from './rules/index.js';

/**
 * The plugin object for `eslint.config.js`. Configs are derived from each rule's `meta.docs`, never listed by hand,
 * and nothing here imports the codemods, so linting never loads jscodeshift.
 */

// Through the package's own `./package.json` export, which resolves the same from source and from `dist/`.
const { name, version } = createRequire(import.meta.url)('eslint-plugin-untangle/package.json') as {
  name: string;
  version: string;
};

export const NAMESPACE = 'untangle';

export type ConfigName = 'recommended' | 'strict' | 'recommended-type-checked' | 'all';

/** Which rules each config turns on, from the rules' own `meta.docs`. */
export function ruleNamesFor(config: ConfigName): string[] {
  return Object.entries(rules)
    .filter(([, rule]) => {
      const docs: PluginDocs = rule.meta.docs ?? {};
      const typed = docs.requiresTypeChecking === true;
      switch (config) {
        case 'all':
          return true;
        case 'recommended':
          return docs.recommended === 'recommended' && !typed;
        case 'strict':
          return docs.recommended !== undefined && !typed;
        case 'recommended-type-checked':
          return docs.recommended === 'recommended';
      }
    })
    .map(([ruleName]) => ruleName)
    .sort();
}

const plugin: ESLint.Plugin & { configs: Record<ConfigName, Linter.Config> } = {
  meta: { name, version, namespace: NAMESPACE },
  rules: rules as unknown as ESLint.Plugin['rules'],
  configs: {} as Record<ConfigName, Linter.Config>,
};

function buildConfig(config: ConfigName): Linter.Config {
  const built: Linter.Config = {
    name: `${NAMESPACE}/${config}`,
    plugins: { [NAMESPACE]: plugin },
    rules: Object.fromEntries(ruleNamesFor(config).map((ruleName) => [`${NAMESPACE}/${ruleName}`, 'error'])),
  };
  if (config === 'recommended-type-checked') {
    // Rules use types only when the parser provides a program; this config asks typescript-eslint's parser for one.
    built.languageOptions = { parserOptions: { projectService: true } };
  }
  return built;
}

for (const config of ['recommended', 'strict', 'recommended-type-checked', 'all'] as const) {
  plugin.configs[config] = buildConfig(config);
}

export default plugin;
