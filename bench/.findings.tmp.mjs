// Lints the corpus with the given rules and prints every finding with a line of context.
import fs from 'node:fs';
import { ESLint } from 'eslint';
import plugin from '/work/main/dist/index.js';
const rules = process.argv.slice(2);
const files = fs.readFileSync('/tmp/async-lint-corpus/files.txt', 'utf8').trim().split('\n');
const tsParser = await import('@typescript-eslint/parser');
const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.{js,mjs,cjs,ts,tsx,mts,cts,jsx}'], plugins: { untangle: plugin }, linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
      rules: Object.fromEntries(rules.map((r) => [`untangle/${r}`, 'error'])) },
    { files: ['**/*.cjs', '**/*.js'], languageOptions: { sourceType: 'commonjs' } },
    { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } },
  ],
  ignore: false,
  cwd: '/tmp/async-lint-corpus/src',
});
const results = await eslint.lintFiles(files);
let count = 0;
for (const r of results) for (const m of r.messages) {
  count++;
  const line = fs.readFileSync(r.filePath, 'utf8').split('\n')[m.line - 1] ?? '';
  console.log(`${r.filePath.replace('/tmp/async-lint-corpus/src/', '')}:${m.line}:${m.column} ${m.ruleId ?? 'FATAL'} ${m.message.slice(0, 80)}\n    ${line.trim().slice(0, 140)}`);
}
console.error('findings', count);
