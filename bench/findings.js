// Every finding of the plugin's rules on the lint corpus (or the paths given), with its source line, for reviewing
// precision by hand: each one is a true or a false alarm, and the docs state the count of each.
//
//   npm run bench:findings                                    # configs.strict on the corpus
//   npm run bench:findings -- --rule no-floating-promise src/ # one rule, other files
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import plugin from '../dist/index.js';
import { BASE_CONFIG, corpusFiles } from './corpus.js';

const args = process.argv.slice(2);
const chosen = [];
for (let at = args.indexOf('--rule'); at !== -1; at = args.indexOf('--rule')) chosen.push(args.splice(at, 2)[1]);
const files = args.length > 0 ? args : corpusFiles();
const rules = chosen.length > 0 ? Object.fromEntries(chosen.map((rule) => [`untangle/${rule}`, 'error'])) : plugin.configs.strict.rules;

const eslint = new ESLint({
  cwd: '/',
  overrideConfigFile: true,
  overrideConfig: [...BASE_CONFIG, { plugins: { untangle: plugin }, rules }],
  ignore: false,
  errorOnUnmatchedPattern: false,
});
const counts = {};
for (const result of await eslint.lintFiles(files)) {
  const lines = result.messages.length > 0 ? readFileSync(result.filePath, 'utf8').split('\n') : [];
  for (const message of result.messages) {
    if (message.ruleId === null) {
      if (message.fatal === true && !message.message.startsWith('Parsing error')) console.log(`CRASH ${result.filePath}: ${message.message.split('\n')[0]}`);
      continue;
    }
    counts[message.ruleId] = (counts[message.ruleId] ?? 0) + 1;
    console.log(`${result.filePath}:${message.line}:${message.column} ${message.ruleId}: ${message.message}`);
    console.log(`    ${(lines[message.line - 1] ?? '').trim().slice(0, 160)}`);
  }
}
console.log(`\n${files.length} files`);
for (const [rule, count] of Object.entries(counts).sort()) console.log(`${rule.padEnd(40)} ${count}`);
