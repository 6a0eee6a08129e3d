import { createRequire } from 'node:module';
import type { ESLint, Linter } from 'eslint';
import { CONFIG_NAMES, type ConfigName, NAMESPACE, ruleNamesFor, ruleSettingFor, rules } from './rules/index.js';

/**
 * The plugin object for `eslint.config.js`. Configs are derived from each rule's `meta.docs`, and nothing here
 * imports the codemods, so linting never loads jscodeshift. Only the default export: tools that load plugins
 * (eslint-doc-generator among them) take the module's default as the plugin.
 */

// Through the package's own `./package.json` export, which resolves the same from source and from `dist/`.
const { name, version } = createRequire(import.meta.url)('eslint-plugin-untangle/package.json') as {
  name: string;
  version: string;
};

const plugin: ESLint.Plugin & { configs: Record<ConfigName, Linter.Config> } = {
  meta: { name, version, namespace: NAMESPACE },
  rules: rules as unknown as ESLint.Plugin['rules'],
  configs: {} as Record<ConfigName, Linter.Config>,
};

for (const config of CONFIG_NAMES) {
  plugin.configs[config] = {
    name: `${NAMESPACE}/${config}`,
    plugins: { [NAMESPACE]: plugin },
    rules: Object.fromEntries(ruleNamesFor(config).map((ruleName) => [`${NAMESPACE}/${ruleName}`, ruleSettingFor(config, ruleName)])),
    // Rules use types only when the parser provides a program; this config asks typescript-eslint's parser for one.
    ...(config === 'recommended-type-checked' ? { languageOptions: { parserOptions: { projectService: true } } } : {}),
  };
}

export default plugin;
