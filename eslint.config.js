// @ts-check
import js from '@eslint/js';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'tests/**/fixtures/', 'examples/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Core reads both AST flavours through `type` checks; indexed access into them is deliberate.
      '@typescript-eslint/consistent-indexed-object-style': 'off',
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      // core/ is what rules and codemods share: it must not depend on either side's AST library.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['eslint', 'eslint/*', '@eslint/*'], message: 'core/ must not depend on ESLint.' },
            { group: ['@typescript-eslint/*', 'typescript-eslint'], message: 'core/ must not depend on typescript-eslint.' },
            { group: ['jscodeshift', 'jscodeshift/*', 'recast', 'ast-types', '@babel/*'], message: 'core/ must not depend on jscodeshift or Babel.' },
          ],
        },
      ],
    },
  },
  {
    files: ['rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      // RuleCreator builds the URL; tests/plugin.test.ts checks it instead.
      'eslint-plugin/require-meta-docs-url': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
