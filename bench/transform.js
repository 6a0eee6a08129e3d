// Codemod throughput on the lint corpus, as a ratio to jscodeshift's own floor: `parse-and-print` (parse, then
// `toSource()` with no edits; the least any transform that rewrites a file pays) and `parse-only`. Every variant runs
// each file through runTransform (parser picked by extension, `api.report` collected), so all pay the same overhead.
// Sources are read into memory first; one process, one thread, interleaved runs in rotated order, medians and the
// fastest run (the least disturbed figure on a noisy machine). Files that fail are counted per variant, never fatal;
// a codemod failing on a file that parses is a crash and is listed. A codemod prints only the files it changes, so
// one that changes few can come in under parse-and-print; read its ratio beside its count of changed files.
//
//   npm run bench:transform                                  # every registered codemod that is not a preset
//   npm run bench:transform -- --codemod promise-to-async    # just this one (repeatable), dist/codemods/NAME.js
//   npm run bench:transform -- --transform /tmp/t.mjs        # any JS transform file by path (repeatable)
//   npm run bench:transform -- --limit 300 --runs 5          # the first 300 files, 5 runs
//   npm run bench:transform -- --files-from DIR --json       # DIR/files.txt, or DIR's source files; JSON output
//
// Files: the corpus's JavaScript part at ${LINT_CORPUS_DIR:-$TMPDIR/async-lint-corpus} (bench/corpus.js fetches what is
// missing). Progress goes to stderr. With NODE_OPTIONS=--expose-gc, garbage is collected before each pass.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CODEMODS, runTransform } from '../dist/codemods/index.js';
import { corpusFiles } from './corpus.js';

const USAGE = 'usage: node bench/transform.js [--codemod NAME]... [--transform PATH]... [--runs N] [--limit N] [--files-from DIR] [--json]';
const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const TOP_REASONS = 10;
const SHOWN_CRASHES = 5;

function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      codemod: { type: 'string', multiple: true, default: [] },
      transform: { type: 'string', multiple: true, default: [] },
      runs: { type: 'string', default: '3' },
      limit: { type: 'string' },
      'files-from': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  fail(error.message);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const positiveInteger = (name, text) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) fail(`--${name} takes a positive integer, not ${text}`);
  return value;
};
const runs = positiveInteger('runs', options.runs);
const limit = options.limit === undefined ? Infinity : positiveInteger('limit', options.limit);

/** Source files under a directory, sorted, minus dependencies, declaration files and minified bundles. */
function walk(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '.git') found.push(...walk(full));
    } else if (SOURCE_FILE.test(entry.name) && !/\.d\.[cm]?ts$|\.min\.js$/.test(entry.name)) {
      found.push(full);
    }
  }
  return found.sort();
}

function listFiles() {
  const dir = options['files-from'];
  if (dir === undefined) return corpusFiles();
  if (!existsSync(dir)) fail(`--files-from: no directory ${dir}`);
  // A directory in the corpus layout brings its own list; any other is walked.
  const list = path.join(dir, 'files.txt');
  if (existsSync(list)) return readFileSync(list, 'utf8').split('\n').filter(Boolean).map((file) => path.resolve(dir, file));
  return walk(path.resolve(dir));
}

const files = [];
let unreadable = 0;
for (const file of listFiles().slice(0, limit)) {
  try {
    files.push({ path: file, source: readFileSync(file, 'utf8') });
  } catch {
    unreadable += 1;
  }
}
if (files.length === 0) fail('no files to transform');

/** A module's transform: ESM default export, or CommonJS `module.exports` / `exports.default`. */
async function loadTransform(file) {
  const loaded = await import(pathToFileURL(file).href);
  const transform = typeof loaded.default === 'function' ? loaded.default : loaded.default?.default;
  if (typeof transform !== 'function') fail(`${file} has no default export that is a function`);
  return transform;
}

const distCodemods = path.join(import.meta.dirname, '..', 'dist', 'codemods');
// Naming any codemod or transform measures just those; naming none, every registered codemod that is not a preset.
const chosen = options.codemod.length > 0 || options.transform.length > 0
  ? [...new Set(options.codemod)]
  : CODEMODS.filter((codemod) => codemod.stages === undefined).map((codemod) => codemod.name);
const variants = [
  { name: 'parse-only', kind: 'baseline', transform: (file, api) => void api.jscodeshift(file.source) },
  { name: 'parse-and-print', kind: 'baseline', transform: (file, api) => api.jscodeshift(file.source).toSource() },
];
for (const name of chosen) {
  const file = path.join(distCodemods, `${name}.js`);
  const stages = CODEMODS.find((codemod) => codemod.name === name)?.stages;
  if (stages !== undefined) fail(`--codemod ${name} is a preset: name its stages (${stages.join(', ')})`);
  if (!existsSync(file)) fail(`--codemod ${name}: no ${path.relative(process.cwd(), file)} (npm run build first?)`);
  variants.push({ name, kind: 'codemod', transform: await loadTransform(file) });
}
for (const file of options.transform) {
  if (!existsSync(file)) fail(`--transform: no file ${file}`);
  let name = path.basename(file).replace(/\.[^.]+$/, '');
  while (variants.some((variant) => variant.name === name)) name += "'";
  variants.push({ name, kind: 'transform', transform: await loadTransform(path.resolve(file)) });
}
if (variants.length === 2) console.error('no codemod registered or named: measuring the baselines only');

/** One pass of a transform over the files (or the first `count`): seconds, failures, changed files, reports. */
async function pass(transform, count = files.length) {
  globalThis.gc?.();
  const failures = [];
  const reports = [];
  let changed = 0;
  const started = performance.now();
  for (let index = 0; index < count; index += 1) {
    const file = files[index];
    try {
      const result = await runTransform(transform, file, {});
      if (result.output !== undefined) changed += 1;
      if (result.reports.length > 0) reports.push(...result.reports);
    } catch (error) {
      failures.push({ path: file.path, message: String(error instanceof Error ? error.message : error).split('\n')[0] });
    }
  }
  return { seconds: (performance.now() - started) / 1000, failures, changed, reports };
}

// Warm-up on a slice: loads every module and lets the JIT see each variant before anything is timed.
const warmup = Math.min(files.length, 200);
for (const variant of variants) await pass(variant.transform, warmup);

const times = new Map(variants.map((variant) => [variant.name, []]));
const last = new Map();
for (let run = 0; run < runs; run += 1) {
  // Rotate the order each run, so no variant always follows the same one (GC and JIT state carry over).
  const shift = run % variants.length;
  for (const variant of [...variants.slice(shift), ...variants.slice(0, shift)]) {
    const result = await pass(variant.transform);
    times.get(variant.name).push(result.seconds);
    last.set(variant.name, result);
    console.error(`run ${run + 1}/${runs} ${variant.name}: ${result.seconds.toFixed(2)} s`);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fastest = (values) => Math.min(...values);

/** What a report is about: the text in its last parentheses, else the message without a `path:line:` prefix. */
function reasonOf(report) {
  const text = report.split('\n')[0].trim();
  const close = text.lastIndexOf(')');
  if (close !== -1) {
    let depth = 0;
    for (let at = close; at >= 0; at -= 1) {
      if (text[at] === ')') depth += 1;
      else if (text[at] === '(' && --depth === 0) {
        const inside = text.slice(at + 1, close).trim();
        if (inside !== '') return inside;
        break;
      }
    }
  }
  return text.replace(/^\S+?:\d+(?::\d+)?:\s*/, '');
}

// Failures of parse-only are files the parser rejects; any other failure of a transform is its own crash.
const unparsable = new Set(last.get('parse-only').failures.map((failure) => failure.path));
const reference = times.get('parse-and-print');
const results = variants.map((variant) => {
  const values = times.get(variant.name);
  const { failures, changed, reports } = last.get(variant.name);
  const tally = new Map();
  for (const report of reports) tally.set(reasonOf(report), (tally.get(reasonOf(report)) ?? 0) + 1);
  return {
    name: variant.name,
    kind: variant.kind,
    seconds: values,
    median: median(values),
    fastest: fastest(values),
    filesPerSecond: files.length / median(values),
    ratio: { median: median(values) / median(reference), fastest: fastest(values) / fastest(reference) },
    failed: failures.length,
    crashes: failures.filter((failure) => !unparsable.has(failure.path)),
    changed,
    reports: reports.length,
    reasons: [...tally].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_REASONS).map(([reason, count]) => ({ reason, count })),
  };
});

const source = options['files-from'] ?? process.env.LINT_CORPUS_DIR ?? 'the lint corpus';
if (options.json) {
  const report = { node: process.version, source, files: files.length, unreadable, unparsable: [...unparsable], runs, variants: results };
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(`\n${files.length} files from ${source}${unreadable > 0 ? ` (${unreadable} unreadable, left out)` : ''}, ${runs} interleaved runs: medians, and fastest runs (node ${process.version})`);
  console.log(`${'variant'.padEnd(24)} ${'median'.padStart(9)} ${'files/s'.padStart(8)} ${'ratio'.padStart(7)}   ${'fastest'.padStart(9)} ${'ratio'.padStart(7)}   failed`);
  for (const result of results) {
    const columns = [
      result.name.padEnd(24),
      `${result.median.toFixed(2).padStart(7)} s`,
      result.filesPerSecond.toFixed(0).padStart(8),
      `${result.ratio.median.toFixed(3).padStart(6)}x`,
      `  ${result.fastest.toFixed(2).padStart(7)} s`,
      `${result.ratio.fastest.toFixed(3).padStart(6)}x`,
      `  ${result.failed}`,
    ];
    console.log(columns.join(' '));
  }
  console.log('(ratios to parse-and-print; failed = files that threw, parse errors included)');
  const printed = results.find((result) => result.name === 'parse-and-print');
  if (unparsable.size > 0) console.log(`the parser rejects ${unparsable.size} files (they count as failed in every variant)`);
  if (printed.changed > 0) console.log(`toSource() without edits is not byte-identical on ${printed.changed} files`);
  for (const result of results.filter((candidate) => candidate.kind !== 'baseline')) {
    console.log(`\n${result.name}: ${result.changed} files changed, ${result.reports} reports`);
    for (const { reason, count } of result.reasons) console.log(`  ${String(count).padStart(6)}  ${reason}`);
    if (result.crashes.length > 0) {
      console.log(`  CRASHES on ${result.crashes.length} files that parse:`);
      for (const crash of result.crashes.slice(0, SHOWN_CRASHES)) console.log(`    ${crash.path}: ${crash.message}`);
    }
  }
}
