import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';

/** TypeScript (typescript-eslint's parser, the RuleTester default), with JSX. */
export const tsTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
});

/** Plain JavaScript through ESLint's default parser, as a `.js` file is linted without typescript-eslint. */
export const jsTester = new RuleTester({
  languageOptions: { parser: espree, ecmaVersion: 'latest', sourceType: 'module' },
});

/** CommonJS scripts through espree. */
export const cjsTester = new RuleTester({
  languageOptions: { parser: espree, ecmaVersion: 'latest', sourceType: 'commonjs' },
});

/** TypeScript with type information: the virtual file is `tests/rules/fixtures/file.ts`, in that folder's tsconfig. */
export const typedTester = new RuleTester({
  languageOptions: {
    parserOptions: { project: './tsconfig.json', tsconfigRootDir: path.join(import.meta.dirname, '../rules/fixtures') },
  },
});
