// Lint cost of the plugin's configs, as a ratio to ESLint running one trivial rule (the traversal floor: with no
// rules at all ESLint skips the traversal, which no plugin can). Same files, same process, interleaved runs,
// medians. Files: the lint corpus (fetched by ../shared/corpus/fetch-lint-corpus.sh) or the paths given.
//
//   npm run bench:lint                    # the corpus at ${LINT_CORPUS_DIR:-$TMPDIR/async-lint-corpus}
//   npm run bench:lint -- --runs 5 src/   # other files
import { ESLint } from 'eslint';
import { performance } from 'node:perf_hooks';
import plugin from '../dist/index.js';
import { BASE_CONFIG, corpusFiles } from './corpus.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 3 : Number(args.splice(runsAt, 2)[1]);

const files = args.length > 0 ? args : corpusFiles();
const base = BASE_CONFIG;
const setups = {
  'traversal floor (no-debugger)': [...base, { rules: { 'no-debugger': 'error' } }],
  'untangle recommended': [...base, plugin.configs.recommended],
  'untangle strict': [...base, plugin.configs.strict],
};

async function lintOnce(config) {
  const eslint = new ESLint({ cwd: '/', overrideConfigFile: true, overrideConfig: config, ignore: false, errorOnUnmatchedPattern: false });
  const started = performance.now();
  const results = await eslint.lintFiles(files);
  const seconds = (performance.now() - started) / 1000;
  const findings = {};
  let crashes = 0;
  for (const message of results.flatMap((result) => result.messages)) {
    if (message.fatal === true && !message.message.startsWith('Parsing error')) {
      crashes += 1;
      console.log(`fatal: ${message.message.split('\n')[0]}`);
    }
    if (message.ruleId) findings[message.ruleId] = (findings[message.ruleId] ?? 0) + 1;
  }
  return { seconds, findings, crashes };
}

const times = Object.fromEntries(Object.keys(setups).map((name) => [name, []]));
const last = {};
await lintOnce(setups['traversal floor (no-debugger)']); // warm-up: module loading and JIT
const order = Object.entries(setups);
for (let run = 0; run < runs; run += 1) {
  // Rotate the order each run, so no setup always follows the same one (GC and JIT state carry over).
  for (const [name, config] of [...order.slice(run % order.length), ...order.slice(0, run % order.length)]) {
    const result = await lintOnce(config);
    times[name].push(result.seconds);
    last[name] = result;
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
// On a noisy machine the fastest run is the least disturbed one: print it beside the median.
const fastest = (values) => Math.min(...values);
const floor = median(times['traversal floor (no-debugger)']);
const floorFastest = fastest(times['traversal floor (no-debugger)']);
console.log(`\n${files.length} files, ${runs} interleaved runs: medians, and fastest runs (node ${process.version})`);
for (const [name, values] of Object.entries(times)) {
  const ratio = (median(values) / floor).toFixed(3);
  const fastestRatio = (fastest(values) / floorFastest).toFixed(3);
  console.log(`${name.padEnd(32)} ${median(values).toFixed(2).padStart(7)} s  ${ratio}x   fastest ${fastest(values).toFixed(2).padStart(7)} s  ${fastestRatio}x`);
}
for (const [name, result] of Object.entries(last)) {
  const rules = Object.entries(result.findings).filter(([rule]) => rule.startsWith('untangle/'));
  if (rules.length > 0) console.log(`findings with ${name}: ${rules.map(([rule, count]) => `${rule} ${count}`).join(', ')}`);
  if (result.crashes > 0) console.log(`CRASHES with ${name}: ${result.crashes}`);
}
