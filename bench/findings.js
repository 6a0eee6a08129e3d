// Every finding of the plugin's rules on the lint corpus (or the paths given), with its source line, for reviewing
// precision by hand: each one is a true or a false alarm, and the docs state the count of each.
//
// The peers' findings are reviewed the same way, with the setup names of bench/setups.js.
//
//   npm run bench:findings                                    # configs.strict on the corpus's JavaScript part
//   npm run bench:findings -- --rule no-floating-promise src/ # one rule, other files
//   npm run bench:findings -- --setup 'peers: promise recommended + n'
//   npm run bench:findings -- --typed --setup 'untangle recommended-type-checked'   # the TypeScript part
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import plugin from '../dist/index.js';
import { BASE_CONFIG, loadCorpus } from './corpus.js';
import { JS_SETUPS, typedSetups } from './setups.js';

const args = process.argv.slice(2);
const take = (flag) => {
  const found = [];
  for (let at = args.indexOf(flag); at !== -1; at = args.indexOf(flag)) found.push(args.splice(at, 2)[1]);
  return found;
};
const chosen = take('--rule');
const [setupName] = take('--setup');
const typedAt = args.indexOf('--typed');
const typed = typedAt !== -1;
if (typed) args.splice(typedAt, 1);
const corpus = args.length > 0 ? undefined : loadCorpus();
// ESLint runs with cwd '/', so given paths are made absolute first.
const files = corpus === undefined ? args.map((file) => path.resolve(file)) : typed ? corpus.ts : corpus.js;
const setups = typed ? typedSetups(corpus?.tsconfigs ?? []) : JS_SETUPS;
if (setupName !== undefined && !(setupName in setups)) {
  console.error(`unknown setup ${setupName}; one of: ${Object.keys(setups).join(', ')}`);
  process.exit(2);
}
const rules = chosen.length > 0 ? Object.fromEntries(chosen.map((rule) => [`untangle/${rule}`, 'error'])) : plugin.configs.strict.rules;

const eslint = new ESLint({
  cwd: '/',
  overrideConfigFile: true,
  overrideConfig: setupName === undefined ? [...BASE_CONFIG, { plugins: { untangle: plugin }, rules }] : setups[setupName],
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
