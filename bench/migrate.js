// Migration wall time: the built `untangle` command (the callback-to-async preset and each of its stages, all with
// --dry) against jscodeshift's own runner with three baseline transforms from bench/baselines/ (identity: no parse;
// parse-only; parse-and-print), each a separate process timed from start to exit, at 1 and 2 worker processes or
// threads. Then how the preset's cost grows with the input: the same files copied 1×, 2× and 4×, against parse-only.
// The corpus's JavaScript files are copied into a scratch directory first, so both tools see exactly the same files.
// Runs are interleaved in rotated order; medians are reported, as ratios to parse-only at the same worker count.
//
//   npm run bench:migrate                          # the corpus's JavaScript part (bench/corpus.js fetches it)
//   npm run bench:migrate -- --runs 3 --cpus 1,2   # 3 runs of each command
//   npm run bench:migrate -- --runs 3 --scale-runs 1   # but one of each on the 2x and 4x inputs
//   npm run bench:migrate -- --scales 1,2 --json out.json --files-from DIR   # DIR/files.txt or DIR's files
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { corpusFiles } from './corpus.js';
import { runNode } from './run-node.js';

const USAGE = 'usage: node bench/migrate.js [--runs N] [--cpus 1,2] [--scales 1,2,4] [--scale-runs N] [--files-from DIR] [--json FILE] [--keep]';
const projectRoot = path.join(import.meta.dirname, '..');
const untangle = path.join(projectRoot, 'dist', 'codemods', 'cli', 'bin.js');
const jscodeshift = path.join(projectRoot, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
const EXTENSIONS = 'js,mjs,cjs';
const SOURCE_FILE = /\.[cm]?js$/;

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    cpus: { type: 'string', default: '1,2' },
    scales: { type: 'string', default: '1,2,4' },
    'scale-runs': { type: 'string' },
    'files-from': { type: 'string' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const integers = (text) => text.split(',').map(Number);
const runs = Number(options.runs);
// The larger inputs take minutes per command: fewer runs of them may be asked for.
const scaleRuns = Number(options['scale-runs'] ?? options.runs);
const cpuCounts = integers(options.cpus);
const scales = integers(options.scales);
if (![runs, scaleRuns, ...cpuCounts, ...scales].every((value) => Number.isInteger(value) && value >= 1) || !existsSync(untangle)) {
  console.error(existsSync(untangle) ? USAGE : 'dist/ is missing: npm run build first');
  process.exit(2);
}

function listFiles(dir) {
  const list = path.join(dir, 'files.txt');
  if (existsSync(list)) return readFileSync(list, 'utf8').split('\n').filter(Boolean);
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE_FILE.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
const files = options['files-from'] === undefined ? corpusFiles() : listFiles(path.resolve(options['files-from']));
const lines = files.reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').length - 1, 0);

/** `copies` copies of the files under a fresh directory, each under its own subdirectory, relative paths kept. */
function stage(copies) {
  const dir = mkdtempSync(path.join(tmpdir(), `untangle-bench-${copies}x-`));
  const base = commonDirectory(files);
  for (let copy = 1; copy <= copies; copy += 1) {
    for (const file of files) {
      const target = path.join(dir, `copy-${copy}`, path.relative(base, file));
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(file, target);
    }
  }
  return dir;
}

function commonDirectory(paths) {
  let common = path.dirname(paths[0]);
  for (const file of paths) while (!file.startsWith(`${common}${path.sep}`)) common = path.dirname(common);
  return common;
}

const COMMANDS = {
  'jscodeshift identity': (dir, cpus) => [jscodeshift, '-t', path.join(import.meta.dirname, 'baselines', 'identity.cjs'), '--dry', '--silent', `--cpus=${cpus}`, `--extensions=${EXTENSIONS}`, dir],
  'jscodeshift parse-only': (dir, cpus) => [jscodeshift, '-t', path.join(import.meta.dirname, 'baselines', 'parse-only.cjs'), '--dry', '--silent', `--cpus=${cpus}`, `--extensions=${EXTENSIONS}`, dir],
  'jscodeshift parse-and-print': (dir, cpus) => [jscodeshift, '-t', path.join(import.meta.dirname, 'baselines', 'parse-and-print.cjs'), '--dry', '--silent', `--cpus=${cpus}`, `--extensions=${EXTENSIONS}`, dir],
  'untangle callback-to-async': (dir, cpus) => [untangle, 'callback-to-async', dir, '--dry', '--force', '--json', '--cpus', String(cpus), '--extensions', EXTENSIONS],
  'untangle callback-to-promise': (dir, cpus) => [untangle, 'callback-to-promise', dir, '--dry', '--force', '--json', '--cpus', String(cpus), '--extensions', EXTENSIONS],
  'untangle promise-to-async': (dir, cpus) => [untangle, 'promise-to-async', dir, '--dry', '--force', '--json', '--cpus', String(cpus), '--extensions', EXTENSIONS],
};
const BASELINE = 'jscodeshift parse-only';
const PRESET = 'untangle callback-to-async';

/** Runs one command to its end: wall seconds, and for untangle's JSON summary the files changed and failed. */
async function time(args) {
  const run = await runNode(args);
  let summary;
  if (args[0] === untangle) {
    try {
      const parsed = JSON.parse(run.stdout);
      summary = { files: parsed.files, changed: parsed.changed.length, failed: parsed.failed.length };
    } catch {
      throw new Error(`untangle printed no JSON (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
    }
  } else if (run.status !== 0) {
    throw new Error(`jscodeshift exited ${run.status}: ${run.stderr.slice(0, 500)}`);
  }
  return { seconds: run.seconds, exit: run.status, summary };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Interleaved runs of the given commands at each worker count over `dir`: medians per command and cpus. */
async function measure(label, dir, names, cpusList, runs) {
  const jobs = cpusList.flatMap((cpus) => names.map((name) => ({ name, cpus })));
  const seconds = new Map(jobs.map((job) => [`${job.name}@${job.cpus}`, []]));
  const summaries = new Map();
  for (let run = 0; run < runs; run += 1) {
    const shift = run % jobs.length;
    for (const job of [...jobs.slice(shift), ...jobs.slice(0, shift)]) {
      const result = await time(COMMANDS[job.name](dir, job.cpus));
      console.error(`  ${label} run ${run + 1} ${job.name} --cpus ${job.cpus}: ${result.seconds.toFixed(2)} s`);
      seconds.get(`${job.name}@${job.cpus}`).push(result.seconds);
      if (result.summary) summaries.set(`${job.name}@${job.cpus}`, result.summary);
    }
  }
  return jobs.map(({ name, cpus }) => {
    const key = `${name}@${cpus}`;
    const baseline = median(seconds.get(`${BASELINE}@${cpus}`));
    return { command: name, cpus, median: median(seconds.get(key)), ratio: median(seconds.get(key)) / baseline, runs: seconds.get(key), summary: summaries.get(key) };
  });
}

const result = { node: process.version, date: new Date().toISOString(), files: files.length, lines, runs, scaleRuns, speed: [], scaling: [] };
console.error(`${files.length} files, ${lines} lines; ${runs} run(s) of each command`);
const scratch = [];
try {
  const single = stage(1);
  scratch.push(single);
  result.speed = await measure('1×', single, Object.keys(COMMANDS), cpuCounts, runs);
  const widest = Math.max(...cpuCounts);
  for (const scale of scales) {
    const dir = scale === 1 ? single : stage(scale);
    if (scale !== 1) scratch.push(dir);
    const rows = scale === 1 ? result.speed.filter((row) => row.cpus === widest && [BASELINE, PRESET].includes(row.command)) : await measure(`${scale}×`, dir, [BASELINE, PRESET], [widest], scaleRuns);
    result.scaling.push({ scale, files: files.length * scale, lines: lines * scale, rows });
  }
} finally {
  if (!options.keep) for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
}

console.log(`\n${files.length} files, ${lines} lines, ${runs} interleaved run(s), medians (node ${process.version}):\n`);
console.log('| command | cpus | wall time | ratio to parse-only | files changed (dry) | failed |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const row of result.speed) {
  console.log(`| ${row.command} | ${row.cpus} | ${row.median.toFixed(2)} s | ${row.ratio.toFixed(3)}× | ${row.summary?.changed ?? ''} | ${row.summary?.failed ?? ''} |`);
}
console.log(`\n${scaleRuns} run(s) on the larger inputs, at --cpus ${Math.max(...cpuCounts)}:\n`);
console.log('| input | files | lines | parse-only | callback-to-async | ratio | preset ms per 1k lines |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const { scale, files: count, lines: total, rows } of result.scaling) {
  const baseline = rows.find((row) => row.command === BASELINE);
  const preset = rows.find((row) => row.command === PRESET);
  console.log(`| ${scale}× | ${count} | ${total} | ${baseline.median.toFixed(2)} s | ${preset.median.toFixed(2)} s | ${preset.ratio.toFixed(3)}× | ${((preset.median * 1e6) / total).toFixed(1)} |`);
}
if (options.json !== undefined) writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
