// Lint cost and yield of the plugin's configs and of the peers a user would pick instead, as ratios to ESLint running
// one trivial rule (the traversal floor: with no rules at all ESLint skips the traversal, which no plugin can; that
// parse floor is shown too). Same files, one process, interleaved runs in rotated order, medians and the fastest run
// (the least disturbed figure on a noisy machine), then the findings per rule of the last run. The JavaScript part
// and the typed TypeScript part are measured separately, each against its own floor.
//
//   npm run bench:lint                          # both parts of the corpus (bench/corpus.js fetches it)
//   npm run bench:lint -- --runs 5 --part js    # 5 runs, the JavaScript part only
//   npm run bench:lint -- --json out.json a.js b.ts --tsconfig tsconfig.json   # other files, full result as JSON
import { ESLint } from 'eslint';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadCorpus } from './corpus.js';
import { JS_FLOOR, JS_SETUPS, TS_FLOOR, typedSetups } from './setups.js';

const USAGE = 'usage: node bench/lint.js [--runs N] [--part js|ts|all] [--json FILE] [--tsconfig FILE] [files...]';
const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    part: { type: 'string', default: 'all' },
    json: { type: 'string' },
    tsconfig: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const runs = Number(options.runs);
if (!Number.isInteger(runs) || runs < 1 || !['js', 'ts', 'all'].includes(options.part)) {
  console.error(USAGE);
  process.exit(2);
}

async function lintOnce(files, config) {
  const eslint = new ESLint({ cwd: '/', overrideConfigFile: true, overrideConfig: config, ignore: false, errorOnUnmatchedPattern: false });
  const started = performance.now();
  const results = await eslint.lintFiles(files);
  const seconds = (performance.now() - started) / 1000;
  const findings = {};
  const crashes = [];
  let parseErrors = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal === true) {
        if (message.message.startsWith('Parsing error')) parseErrors += 1;
        else crashes.push(`${result.filePath}: ${message.message.split('\n')[0]}`);
      }
      if (message.ruleId) findings[message.ruleId] = (findings[message.ruleId] ?? 0) + 1;
    }
  }
  return { seconds, findings, crashes, parseErrors };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Interleaved runs of every setup over the files; ratios to the floor setup. */
async function measure(title, files, setups, floorName) {
  console.error(`${title}: ${files.length} files, ${Object.keys(setups).length} setups, ${runs} runs`);
  const times = Object.fromEntries(Object.keys(setups).map((name) => [name, []]));
  const last = {};
  await lintOnce(files, setups[floorName]); // warm-up: module loading, JIT, the file cache
  const order = Object.entries(setups);
  for (let run = 0; run < runs; run += 1) {
    // Rotate the order each run, so no setup always follows the same one (GC and JIT state carry over).
    for (const [name, config] of [...order.slice(run % order.length), ...order.slice(0, run % order.length)]) {
      const result = await lintOnce(files, config);
      console.error(`  run ${run + 1} ${name}: ${result.seconds.toFixed(2)} s`);
      times[name].push(result.seconds);
      last[name] = result;
    }
  }
  const floor = median(times[floorName]);
  const floorFastest = Math.min(...times[floorName]);
  const rows = Object.entries(times).map(([name, seconds]) => ({
    setup: name,
    median: median(seconds),
    ratio: median(seconds) / floor,
    fastest: Math.min(...seconds),
    fastestRatio: Math.min(...seconds) / floorFastest,
    runs: seconds,
    findings: last[name].findings,
    crashes: last[name].crashes,
    parseErrors: last[name].parseErrors,
  }));
  return { title, files: files.length, runs, floor: floorName, rows };
}

function print(part) {
  console.log(`\n${part.title}: ${part.files} files, ${part.runs} interleaved runs (node ${process.version}):\n`);
  console.log('| setup | median | ratio to floor | fastest run | its ratio | findings | crashes |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of part.rows) {
    const findings = Object.values(row.findings).reduce((sum, count) => sum + count, 0);
    console.log(`| ${row.setup} | ${row.median.toFixed(2)} s | ${row.ratio.toFixed(3)}× | ${row.fastest.toFixed(2)} s | ${row.fastestRatio.toFixed(3)}× | ${findings} | ${row.crashes.length} |`);
  }
  for (const row of part.rows) {
    const perRule = Object.entries(row.findings).sort(([a], [b]) => a.localeCompare(b));
    if (perRule.length > 0) console.log(`findings with ${row.setup}: ${perRule.map(([rule, count]) => `${rule} ${count}`).join(', ')}`);
    for (const crash of row.crashes) console.log(`CRASH with ${row.setup}: ${crash}`);
  }
}

const parts = [];
if (positionals.length > 0) {
  // ESLint runs with cwd '/', so given paths are made absolute first; TypeScript files need --tsconfig.
  const given = positionals.map((file) => path.resolve(file));
  const typescript = given.filter((file) => /\.[cm]?tsx?$/.test(file));
  const javascript = given.filter((file) => !typescript.includes(file));
  if (typescript.length > 0 && options.tsconfig === undefined) {
    console.error(`TypeScript files need --tsconfig\n${USAGE}`);
    process.exit(2);
  }
  if (javascript.length > 0) parts.push(await measure('Given JavaScript files', javascript, JS_SETUPS, JS_FLOOR));
  if (typescript.length > 0) parts.push(await measure('Given TypeScript files (typed)', typescript, typedSetups([path.resolve(options.tsconfig)]), TS_FLOOR));
} else {
  const corpus = loadCorpus();
  if (options.part !== 'ts') parts.push(await measure('JavaScript part', corpus.js, JS_SETUPS, JS_FLOOR));
  if (options.part !== 'js') parts.push(await measure('TypeScript part (typed)', corpus.ts, typedSetups(corpus.tsconfigs), TS_FLOOR));
}
parts.forEach(print);
if (options.json !== undefined) writeFileSync(options.json, `${JSON.stringify({ node: process.version, date: new Date().toISOString(), parts }, null, 2)}\n`);
if (parts.some((part) => part.rows.some((row) => row.crashes.length > 0))) process.exitCode = 1;
