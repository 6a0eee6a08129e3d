// The ESLint setups the lint benchmark compares and the findings script reviews: the plugin's configs, the floors
// they are measured against, and the peers a user would pick instead. JavaScript setups run on the corpus's JS part,
// typed setups on its TS part (with the tsconfigs bench/corpus.js writes beside each package's sources).
import promisePlugin from 'eslint-plugin-promise';
import nodePlugin from 'eslint-plugin-n';
import tseslint from 'typescript-eslint';
import plugin from '../dist/index.js';
import { BASE_CONFIG } from './corpus.js';

/** The peers' rules for what the plugin checks: eslint-plugin-promise's recommended set plus eslint-plugin-n's. */
const PEERS = [
  promisePlugin.configs['flat/recommended'],
  {
    plugins: { n: nodePlugin },
    rules: {
      'n/no-sync': 'error',
      'n/callback-return': 'error',
      'n/handle-callback-err': 'error',
      'n/prefer-promises/fs': 'error',
      'n/prefer-promises/dns': 'error',
    },
  },
];

/** Setups for the JavaScript part. The first two are floors: no rules at all (ESLint parses and skips the
 * traversal) and one trivial rule (parse plus traversal, the least any plugin can cost). */
export const JS_SETUPS = {
  'parse floor (no rules)': [...BASE_CONFIG],
  'traversal floor (no-debugger)': [...BASE_CONFIG, { rules: { 'no-debugger': 'error' } }],
  'untangle recommended': [...BASE_CONFIG, plugin.configs.recommended],
  'untangle strict': [...BASE_CONFIG, plugin.configs.strict],
  'peers: promise recommended + n': [...BASE_CONFIG, ...PEERS],
};
export const JS_FLOOR = 'traversal floor (no-debugger)';

/** Setups for the TypeScript part, all with type information: ESLint's floor pays for the program too. */
export function typedSetups(tsconfigs) {
  const typed = {
    files: ['**/*.ts', '**/*.tsx'],
    // CI=true makes typescript-eslint guess a single run and build its programs in a way that loses the types here.
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: false, project: tsconfigs, disallowAutomaticSingleRunInference: true } },
  };
  return {
    'typed traversal floor (no-debugger)': [...BASE_CONFIG, typed, { rules: { 'no-debugger': 'error' } }],
    'untangle recommended-type-checked': [...BASE_CONFIG, plugin.configs['recommended-type-checked'], typed],
    'typescript-eslint no-floating-promises + no-misused-promises': [
      ...BASE_CONFIG,
      typed,
      {
        plugins: { '@typescript-eslint': tseslint.plugin },
        rules: { '@typescript-eslint/no-floating-promises': 'error', '@typescript-eslint/no-misused-promises': 'error' },
      },
    ],
  };
}
export const TS_FLOOR = 'typed traversal floor (no-debugger)';
