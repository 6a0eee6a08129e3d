// The README's demo: lint examples/ with the recommended config, then show what the codemods would change.
// Runs on the built package (npm run demo builds first), as a user's project would load it.
import { ESLint } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import plugin from '../dist/index.js';
import { CODEMODS } from '../dist/codemods/index.js';
import { main } from '../dist/codemods/cli/main.js';

const examples = path.join(import.meta.dirname, '..', 'examples');

const eslint = new ESLint({
  cwd: examples,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
    { files: ['**/*.{js,cjs}'], languageOptions: { sourceType: 'commonjs' } },
    plugin.configs.recommended,
  ],
});

console.log(`== Linting examples/ with untangle's recommended config (${Object.keys(plugin.configs.recommended.rules ?? {}).length} rules)`);
const results = await eslint.lintFiles(['.']);
const formatter = await eslint.loadFormatter('stylish');
const text = await formatter.format(results);
console.log(text.trim() === '' ? 'No findings.' : text);

const perRule = new Map();
for (const message of results.flatMap((result) => result.messages)) {
  perRule.set(message.ruleId ?? 'parse error', (perRule.get(message.ruleId ?? 'parse error') ?? 0) + 1);
}
for (const [rule, count] of [...perRule].sort()) console.log(`  ${rule}: ${count}`);

console.log('\n== What the codemods would change');
if (CODEMODS.length === 0) {
  console.log('No codemods are registered in this version yet (`npx untangle --list` shows what there is).');
}
// A dry run writes nothing: the demo can run on the examples themselves. A preset shows the whole migration
// (callback-to-async runs both stages); without one, each codemod is shown on its own.
const presets = CODEMODS.filter((candidate) => candidate.stages !== undefined);
for (const codemod of presets.length > 0 ? presets : CODEMODS) {
  console.log(`\n$ untangle ${codemod.name} examples --diff`);
  const io = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), cwd: path.join(examples, '..'), terminal: process.stdout.isTTY };
  await main([codemod.name, 'examples', '--diff'], io);
}

console.log('\n$ untangle report examples');
await main(['report', 'examples'], { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), cwd: path.join(examples, '..') });
