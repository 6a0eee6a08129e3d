// The crash and bad-input sweep: the plugin's rules and the `untangle` command over the lint corpus plus files this
// script writes itself to be broken or odd (syntax errors, binary and non-UTF-8 bytes, empty files, a BOM, CRLF and
// mixed line endings, a shebang, a file of several MB, absurd nesting, decorators, JSX, ESM and CommonJS).
//
// Lint: ESLint with configs.all over every input, a chunk of files at a time and file by file when a chunk throws, so
// that a crash names its file. A crash is an exception or a fatal message that is not a parsing error.
// Migrate: the inputs are copied to a fresh temporary directory and the built command runs on it for real, twice.
// Every failure it reports is sorted out: binary, not UTF-8, did not parse, too deeply nested for a library's
// recursion (rerun here to see where the stack ran out), or else a crash. Broken files must be refused and left byte
// for byte; every changed file must parse, keep its BOM, shebang and line endings, and lint without a crash; the
// second run must change nothing. Exits 1 on any problem, 0 otherwise, 2 on usage errors. Progress goes to stderr.
//
//   npm run bench:sweep                                   # the corpus plus the generated files (minutes)
//   npm run bench:sweep -- --no-corpus                    # only the generated files
//   npm run bench:sweep -- --files-from DIR src/a.js      # DIR/files.txt (or DIR's source files) and a.js instead
//   npm run bench:sweep -- --json /tmp/sweep.json         # also the full result, per file, as JSON
//   npm run bench:sweep -- --huge-mb 1 --cpus 1 --keep    # a smaller huge file, one worker, keep the temporary files
//
// Other options: --codemod NAME (default callback-to-async), --timeout SECONDS for each run of the command (1800).
//
// Files: both parts of the corpus at ${LINT_CORPUS_DIR:-$TMPDIR/async-lint-corpus} (bench/corpus.js fetches what is
// missing); paths given (files or directories) or --files-from replace it.
import { runNode } from './run-node.js';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Buffer, isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../dist/index.js';
import { CODEMODS, loadTransforms, runTransform } from '../dist/codemods/index.js';
import { DEFAULT_EXTENSIONS } from '../dist/codemods/cli/files.js';
import { parseOrThrow } from '../dist/codemods/utils/plain-parse.js';
import * as corpus from './corpus.js';

const USAGE =
  'usage: node bench/sweep.js [--no-corpus] [--files-from DIR] [PATH...] [--codemod NAME] [--huge-mb N] [--cpus N] [--timeout SECONDS] [--keep] [--json FILE]';
const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2 });
const projectRoot = path.join(import.meta.dirname, '..');
const bin = path.join(projectRoot, 'dist', 'codemods', 'cli', 'bin.js');
const LINT_CHUNK = 25;
const SHOWN_PROBLEMS = 20;
const STACK_OVERFLOW = /Maximum call stack size exceeded|Not enough stack space/;
// The corpus's own config when bench/corpus.js still exports it; the same settings otherwise.
const BASE_CONFIG = corpus.BASE_CONFIG ?? [
  { files: ['**/*.{js,cjs,mjs}'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } },
  { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
];
const LINT_CONFIG = [
  ...BASE_CONFIG,
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  { files: ['**/*.jsx'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } },
  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } },
  plugin.configs.all,
];

function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(EXIT.usage);
}

function log(message) {
  process.stderr.write(`sweep: ${message}\n`);
}

let options;
let positionals;
try {
  ({ values: options, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'no-corpus': { type: 'boolean', default: false },
      'files-from': { type: 'string' },
      codemod: { type: 'string', default: 'callback-to-async' },
      'huge-mb': { type: 'string', default: '4' },
      cpus: { type: 'string' },
      timeout: { type: 'string', default: '1800' },
      keep: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  fail(error.message);
}
if (options.help) {
  console.log(USAGE);
  process.exit(EXIT.ok);
}
const positiveNumber = (name, text) => {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) fail(`--${name} takes a positive number, not ${text}`);
  return value;
};
const hugeBytes = Math.round(positiveNumber('huge-mb', options['huge-mb']) * 1024 * 1024);
const timeoutMs = positiveNumber('timeout', options.timeout) * 1000;
if (options.cpus !== undefined) positiveNumber('cpus', options.cpus);
const codemod = CODEMODS.find((candidate) => candidate.name === options.codemod);
if (codemod === undefined) fail(`--codemod: no codemod ${options.codemod} (${CODEMODS.map((each) => each.name).join(', ')})`);
if (!existsSync(bin)) fail(`${path.relative(process.cwd(), bin)} is missing: run \`npm run build\` first`);

// --- The generated files -------------------------------------------------------------------------------------------

const CALLBACKS = `const fs = require('fs');
const zlib = require('zlib');

function readConfig(file, callback) {
  fs.readFile(file, function (err, compressed) {
    if (err) return callback(err);
    zlib.gunzip(compressed, function (err, json) {
      if (err) return callback(err);
      callback(null, JSON.parse(json.toString('utf8')));
    });
  });
}

module.exports = readConfig;
`;

const ESM = `import fs from 'node:fs';
import zlib from 'node:zlib';

export function readConfig(file, callback) {
  fs.readFile(file, function (err, compressed) {
    if (err) return callback(err);
    zlib.gunzip(compressed, function (err, json) {
      if (err) return callback(err);
      callback(null, JSON.parse(json.toString('utf8')));
    });
  });
}
`;

const DECORATORS = `import fs from 'node:fs';

function logged(target: object, key: string): void {
  console.log(target, key);
}

export class Store {
  constructor(private readonly dir: string) {}

  @logged
  load(name: string, callback: (err: Error | null, text?: string) => void) {
    fs.readFile(\`\${this.dir}/\${name}\`, 'utf8', (err, text) => {
      if (err) return callback(err);
      callback(null, text);
    });
  }
}

export function readText(file: string, callback: (err: Error | null, text?: string) => void) {
  fs.readFile(file, 'utf8', (err, text) => {
    if (err) return callback(err);
    callback(null, text);
  });
}
`;

const TSX = `import fs from 'node:fs';
import React from 'react';

export function readTitle(file: string, callback: (err: Error | null, title?: string) => void) {
  fs.readFile(file, 'utf8', (err, text) => {
    if (err) return callback(err);
    callback(null, text.split('\\n')[0]);
  });
}

export function Title({ file }: { file: string }) {
  const [title, setTitle] = React.useState<string>('');
  React.useEffect(() => {
    readTitle(file, (err, text) => {
      if (!err && text !== undefined) setTitle(text);
    });
  }, [file]);
  return <h1 className="title">{title}</h1>;
}
`;

const JSX = `import fs from 'node:fs';
import React from 'react';

export function readTitle(file, callback) {
  fs.readFile(file, 'utf8', (err, text) => {
    if (err) return callback(err);
    callback(null, text.split('\\n')[0]);
  });
}

export function Title({ file }) {
  const [title, setTitle] = React.useState('');
  React.useEffect(() => {
    readTitle(file, (err, text) => {
      if (!err) setTitle(text);
    });
  }, [file]);
  return <h1 className="title">{title}<>{[1, 2].map((n) => <b key={n}>{n}</b>)}</></h1>;
}
`;

const GENERATORS = `const fs = require('fs');

function* lines(text) {
  for (const line of text.split('\\n')) yield line;
}

function countLines(file, callback) {
  fs.readFile(file, 'utf8', function (err, text) {
    if (err) return callback(err);
    let count = 0;
    for (const line of lines(text)) if (line !== '') count += 1;
    callback(null, count);
  });
}

function* readAll(files, callback) {
  for (const file of files) yield fs.readFile(file, callback);
}

async function* chunks(stream) {
  for await (const chunk of stream) yield chunk;
}

module.exports = { countLines, readAll, chunks };
`;

const OPTIONAL_CHAINING = `const fs = require('fs');

function readOptional(options, callback) {
  const file = options?.paths?.[0] ?? 'default.json';
  fs.readFile(file, 'utf8', function (err, text) {
    if (err) return callback?.(err);
    callback?.(null, JSON.parse(text)?.value);
  });
}

function readWith(options, callback) {
  options?.fs?.readFile(options.file, function (err, data) {
    if (err) return callback(err);
    callback(null, data?.length ?? 0);
  });
}

module.exports = { readOptional, readWith };
`;

/** One function of the huge file: two nested callbacks, each converted. */
const hugeUnit = (index) => `function load${index}(file, callback) {
  fs.readFile(file, function (err, data) {
    if (err) return callback(err);
    zlib.gunzip(data, function (err, json) {
      if (err) return callback(err);
      callback(null, JSON.parse(json.toString('utf8')));
    });
  });
}
exports.load${index} = load${index};

`;

function hugeFile(bytes) {
  const parts = ["'use strict';\nconst fs = require('fs');\nconst zlib = require('zlib');\n\n"];
  let size = parts[0].length;
  for (let index = 0; size < bytes; index += 1) {
    parts.push(hugeUnit(index));
    size += parts.at(-1).length;
  }
  return parts.join('');
}

function nestedCallbacks(depth) {
  let text = "const fs = require('fs');\n\nfunction readChain(file, callback) {\n";
  for (let level = 0; level < depth; level += 1) text += `fs.readFile(file, function (err${level}, data${level}) {\nif (err${level}) return callback(err${level});\n`;
  return `${text}callback(null, data0);\n${'});\n'.repeat(depth)}}\n\nmodule.exports = readChain;\n`;
}

/** Deterministic bytes (xorshift32), so that every sweep sees the same "random" file. */
function randomBytes(count, seed, avoidNul) {
  const bytes = Buffer.alloc(count);
  let state = seed;
  for (let index = 0; index < count; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = avoidNul ? 1 + ((state >>> 0) % 255) : (state >>> 0) & 0xff;
  }
  return bytes;
}

const utf8 = (text) => Buffer.from(text, 'utf8');
const mixedLineEndings = (text) => {
  const endings = ['\n', '\r\n', '\r\n', '\n', '\r'];
  return text.split('\n').map((line, index, all) => (index === all.length - 1 ? line : line + endings[index % endings.length])).join('');
};

/**
 * The generated files. `broken` ones must be refused (`migrate` lists the accepted outcomes) and left byte for byte;
 * the others must not crash anything, and `mustChange` ones must be converted (so that the output is exercised).
 * `lint`: 'parse error' when ESLint must reject the file, 'linted' when it must not, 'any' when either is fine.
 */
function generatedCases(hugeSize) {
  const latin1 = CALLBACKS.replace("const fs = require('fs');", "// \u00a9 M\u00fcller, \u00e9t\u00e9\nconst fs = require('fs');").replace("'utf8'", "'utf8' /* \u00bd */");
  return [
    { name: 'syntax-error.js', what: 'a missing parenthesis', broken: true, migrate: ['did not parse'], lint: 'parse error', bytes: utf8(CALLBACKS.replace('callback(null, JSON.parse(', 'callback(null, JSON.parse(;')) },
    { name: 'unterminated-template.js', what: 'a template literal never closed', broken: true, migrate: ['did not parse'], lint: 'parse error', bytes: utf8(`${CALLBACKS}const banner = \`loaded \${readConfig.name}\n`) },
    { name: 'unterminated-string.js', what: 'a string literal never closed', broken: true, migrate: ['did not parse'], lint: 'parse error', bytes: utf8(CALLBACKS.replace("'utf8'", "'utf8)")) },
    { name: 'binary-nul.js', what: 'callback code with NUL bytes', broken: true, migrate: ['binary'], lint: 'parse error', bytes: utf8(CALLBACKS.replace('\n\n', '\n\0\0\0\n')) },
    { name: 'binary-random.js', what: '4 KB of random bytes', broken: true, migrate: ['binary'], lint: 'parse error', bytes: randomBytes(4096, 0x2545f491, false) },
    { name: 'random-no-nul.js', what: '4 KB of random bytes without NUL', broken: true, migrate: ['not UTF-8'], lint: 'parse error', bytes: randomBytes(4096, 0x9e3779b9, true) },
    { name: 'utf16.js', what: 'callback code in UTF-16LE with its BOM', broken: true, migrate: ['binary'], lint: 'parse error', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CALLBACKS, 'utf16le')]) },
    { name: 'invalid-utf8.js', what: 'callback code with Latin-1 bytes in a comment', broken: true, migrate: ['not UTF-8'], lint: 'any', bytes: Buffer.from(latin1, 'latin1') },
    { name: 'empty.js', what: 'an empty file', migrate: ['unchanged'], lint: 'linted', bytes: Buffer.alloc(0) },
    { name: 'whitespace.js', what: 'only whitespace', migrate: ['unchanged'], lint: 'linted', bytes: utf8(' \n\t\n   \r\n  \u00a0\n') },
    { name: 'bom.js', what: 'UTF-8 BOM, then callback code', mustChange: true, lint: 'linted', bytes: utf8(`\ufeff${CALLBACKS}`) },
    { name: 'crlf.js', what: 'callback code with CRLF line endings', mustChange: true, lint: 'linted', bytes: utf8(CALLBACKS.replaceAll('\n', '\r\n')) },
    { name: 'mixed-eol.js', what: 'LF, CRLF and CR line endings mixed', mustChange: true, lint: 'linted', bytes: utf8(mixedLineEndings(CALLBACKS)) },
    { name: 'shebang.js', what: 'a shebang line, then callback code', mustChange: true, lint: 'linted', bytes: utf8(`#!/usr/bin/env node\n${CALLBACKS}`) },
    { name: 'huge.js', what: `${(hugeSize / 1024 / 1024).toFixed(1)} MB of callback code`, mustChange: true, lint: 'linted', bytes: utf8(hugeFile(hugeSize)) },
    { name: 'deep-callbacks.js', what: '200 nested callbacks', lint: 'linted', bytes: utf8(nestedCallbacks(200)) },
    { name: 'deeper-callbacks.js', what: '1000 nested callbacks', lint: 'any', bytes: utf8(nestedCallbacks(1000)) },
    { name: 'deep-parens.js', what: '3000 nested parentheses', lint: 'any', bytes: utf8(`const callback = () => {};\nmodule.exports = ${'('.repeat(3000)}callback${')'.repeat(3000)};\n`) },
    { name: 'deep-arrays.js', what: '3000 nested arrays', lint: 'any', bytes: utf8(`function done(err) {}\nmodule.exports = ${'['.repeat(3000)}done${']'.repeat(3000)};\n`) },
    { name: 'decorators.ts', what: 'TypeScript with a decorator and parameter properties', mustChange: true, lint: 'linted', bytes: utf8(DECORATORS) },
    { name: 'component.tsx', what: 'TSX', mustChange: true, lint: 'linted', bytes: utf8(TSX) },
    { name: 'component.jsx', what: 'JSX with a fragment', mustChange: true, lint: 'linted', bytes: utf8(JSX) },
    { name: 'generators.js', what: 'generators and an async generator', lint: 'linted', bytes: utf8(GENERATORS) },
    { name: 'optional-chaining.js', what: 'optional chaining and calls', lint: 'linted', bytes: utf8(OPTIONAL_CHAINING) },
    { name: 'esm.mjs', what: 'an ES module', mustChange: true, lint: 'linted', bytes: utf8(ESM) },
    { name: 'commonjs.cjs', what: 'a CommonJS module', mustChange: true, lint: 'linted', bytes: utf8(CALLBACKS) },
    { name: 'typed.mts', what: 'an ES module in TypeScript', mustChange: true, lint: 'linted', bytes: utf8(ESM.replace('(file, callback)', '(file: string, callback: (err: Error | null, value?: unknown) => void)')) },
  ].map((entry) => ({ ...entry, migrate: entry.migrate ?? (entry.mustChange === true ? ['changed'] : ['changed', 'unchanged', 'too deep']) }));
}

// --- The inputs ----------------------------------------------------------------------------------------------------

const extensions = new Set(DEFAULT_EXTENSIONS);
/** A file the command would select by its name: one of its extensions, not a declaration file. */
const selectable = (file) => extensions.has(path.extname(file).slice(1)) && !file.endsWith('.d.ts');
/** Directories the command never enters. */
const neverEntered = (relative) => relative.split(path.sep).some((part) => part === 'node_modules' || part === '.git');

function walk(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git') found.push(...walk(full));
    else if (entry.isFile() && selectable(full)) found.push(full);
  }
  return found.sort();
}

function givenFiles() {
  const files = [];
  const dir = options['files-from'];
  if (dir !== undefined) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`--files-from: no directory ${dir}`);
    // a directory in the corpus layout brings its own list; any other is walked
    const list = path.join(dir, 'files.txt');
    files.push(...(existsSync(list) ? readFileSync(list, 'utf8').split('\n').filter(Boolean).map((file) => path.resolve(dir, file)) : walk(path.resolve(dir))));
  }
  for (const given of positionals) {
    if (!existsSync(given)) fail(`no such file or directory: ${given}`);
    files.push(...(statSync(given).isDirectory() ? walk(path.resolve(given)) : [path.resolve(given)]));
  }
  return files;
}

function corpusInputs() {
  const files = [...corpus.corpusFiles()];
  // bench/corpus.js may come to list TypeScript files as well
  if (typeof corpus.typescriptCorpusFiles === 'function') files.push(...corpus.typescriptCorpusFiles());
  return files;
}

/** The deepest directory holding every one of `files`. */
function commonDirectory(files) {
  let common = path.dirname(files[0]);
  for (const file of files) {
    while (common !== path.dirname(common) && !file.startsWith(common + path.sep)) common = path.dirname(common);
  }
  return common;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

// --- Lint ----------------------------------------------------------------------------------------------------------

const firstLine = (text) => String(text).split('\n')[0];

/** What ESLint made of one file: linted, a parse error (too deep when its parser ran out of stack), or a crash. */
function lintOutcome(result) {
  const fatal = result.messages.filter((message) => message.fatal === true);
  const crash = fatal.find((message) => !message.message.startsWith('Parsing error'));
  if (crash !== undefined) return { outcome: 'crash', message: firstLine(crash.message) };
  const parse = fatal[0];
  if (parse !== undefined) return { outcome: STACK_OVERFLOW.test(parse.message) ? 'too deep' : 'parse error', message: `${parse.line}:${parse.column} ${firstLine(parse.message)}` };
  // ESLint warns instead of linting a file no config object matches
  const ignored = result.messages.find((message) => message.ruleId === null && /File ignored/.test(message.message));
  if (ignored !== undefined) return { outcome: 'not linted', message: firstLine(ignored.message) };
  return { outcome: 'linted', findings: result.messages.length };
}

/** The gist of an exception out of ESLint: its first line and the rule it names. */
function lintCrash(error) {
  const text = error instanceof Error ? error.message : String(error);
  const rule = /^Rule: "?([^"\n]+)"?$/m.exec(text)?.[1];
  return { outcome: 'crash', message: `${firstLine(text)}${rule === undefined ? '' : ` (rule ${rule})`}` };
}

/** Lints `files` with configs.all: outcome per file. */
async function lint(files, label) {
  const eslint = new ESLint({ cwd: '/', overrideConfigFile: true, overrideConfig: LINT_CONFIG, ignore: false, errorOnUnmatchedPattern: false });
  const outcomes = new Map();
  let reported = 0;
  for (let start = 0; start < files.length; start += LINT_CHUNK) {
    const chunk = files.slice(start, start + LINT_CHUNK);
    try {
      for (const result of await eslint.lintFiles(chunk)) outcomes.set(result.filePath, lintOutcome(result));
    } catch {
      // ESLint gives up on the whole call at the first exception: file by file, to name the file
      for (const file of chunk) {
        try {
          const [result] = await eslint.lintFiles([file]);
          outcomes.set(file, lintOutcome(result));
        } catch (error) {
          outcomes.set(file, lintCrash(error));
        }
      }
    }
    const done = Math.min(files.length, start + LINT_CHUNK);
    if (done === files.length || Math.floor((done / files.length) * 10) > reported) {
      reported = Math.floor((done / files.length) * 10);
      log(`lint ${label}: ${done}/${files.length} files`);
    }
  }
  for (const file of files) if (!outcomes.has(file)) outcomes.set(file, { outcome: 'not linted', message: 'ESLint returned no result' });
  return outcomes;
}

// --- Migrate -------------------------------------------------------------------------------------------------------

/** Runs the built command on `dir` for real; its exit status, JSON summary (when it printed one) and stderr. */
async function untangle(dir) {
  const args = [bin, codemod.name, '.', '--json', '--force', ...(options.cpus === undefined ? [] : ['--cpus', options.cpus])];
  // --force: the temporary directory may sit inside some repository, where its files count as uncommitted
  const { status, signal, stdout, stderr } = await runNode(args, { cwd: dir, timeout: timeoutMs, echoStderr: true });
  let summary;
  try {
    summary = JSON.parse(stdout);
  } catch {
    summary = undefined;
  }
  return { status, signal, summary, stderr };
}

/** Why the command's run as a whole went wrong, in one line; undefined when it printed its summary. */
function runFailure(run) {
  if (run.summary !== undefined && (run.status === EXIT.ok || run.status === EXIT.failure)) return undefined;
  const line = /^\w*Error\b.*$/m.exec(run.stderr)?.[0] ?? run.stderr.trim().split('\n').pop();
  return `${run.signal === 'SIGTERM' ? `timed out after ${options.timeout} s` : (run.signal ?? `exit ${run.status}`)}: ${line || '(no output)'}`;
}

let stages;
/**
 * Where a file's stack overflow happened: the package whose frame was on top when the stack ran out, rerun here in
 * this process, whose main thread has no more stack than the command's threads. A frame of the project's own is a
 * crash to fix; a library's recursion (parser, printer) is out of reach.
 */
async function overflowSite(file, source) {
  stages ??= await loadTransforms(codemod, CODEMODS);
  let text = source;
  try {
    for (const stage of stages) text = (await runTransform(stage, { path: file, source: text }, {})).output ?? text;
    return undefined;
  } catch (error) {
    if (!(error instanceof RangeError)) return undefined;
    const frame = (error.stack ?? '').split('\n').find((line) => /^\s+at .*:\d+:\d+\)?$/.test(line)) ?? '';
    return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame)?.[1] ?? 'the project';
  }
}

/** Why the command refused a file: judged from the file itself, so that only unexplained failures count as crashes. */
async function failureOutcome(file, bytes, error) {
  if (bytes.includes(0)) return { outcome: 'binary' };
  if (!isUtf8(bytes)) return { outcome: 'not UTF-8' };
  const source = bytes.toString('utf8');
  try {
    parseOrThrow(file, source);
  } catch (parseError) {
    if (parseError instanceof RangeError) return { outcome: 'too deep', where: 'parser' };
    return { outcome: 'did not parse', parseError: firstLine(parseError.message) };
  }
  if (STACK_OVERFLOW.test(error)) {
    const where = await overflowSite(file, source);
    if (where !== undefined && where !== 'the project') return { outcome: 'too deep', where };
    return { outcome: 'crash', message: `${error} (${where === undefined ? 'not reproduced in the sweep' : 'in the project\'s own code'})` };
  }
  return { outcome: 'crash', message: error };
}

/** Problems with a changed file's text: it must parse and keep its BOM, shebang and line endings. */
function outputProblems(file, before, after) {
  const problems = [];
  try {
    parseOrThrow(file, after);
  } catch (error) {
    problems.push(`does not parse after the migration: ${firstLine(error.message)}`);
  }
  if (before.startsWith('\ufeff') && !after.startsWith('\ufeff')) problems.push('lost its byte order mark');
  const shebang = /^\ufeff?(#![^\r\n]*(?:\r\n|\n|\r))/.exec(before)?.[1];
  if (shebang !== undefined && !after.replace(/^\ufeff/, '').startsWith(shebang)) problems.push(`lost its shebang line: starts ${JSON.stringify(after.slice(0, 40))}`);
  if (before.includes('\r\n') && !/(?<!\r)\n/.test(before) && /(?<!\r)\n/.test(after)) problems.push('has LF line endings in a CRLF file');
  if (!before.includes('\r') && after.includes('\r')) problems.push('has CR characters in an LF file');
  return problems;
}

// --- The sweep -----------------------------------------------------------------------------------------------------

const started = performance.now();
const work = mkdtempSync(path.join(tmpdir(), 'untangle-sweep-'));
const problems = [];
const problem = (file, text) => problems.push({ file, problem: text });
let result;
try {
  const generatedDir = path.join(work, 'generated');
  mkdirSync(generatedDir);
  const cases = generatedCases(hugeBytes);
  for (const entry of cases) writeFileSync(path.join(generatedDir, entry.name), entry.bytes);
  const given = options['files-from'] !== undefined || positionals.length > 0;
  const outside = given ? givenFiles() : options['no-corpus'] ? [] : corpusInputs();
  const source = given ? 'given' : 'corpus';
  const unique = [...new Set(outside)];
  // Every input is copied to migrate/, keeping its path below the inputs' common directory.
  const common = unique.length > 0 ? commonDirectory(unique) : undefined;
  const kept = unique.filter((file) => selectable(file) && !neverEntered(path.relative(common, file)));
  if (kept.length < unique.length) log(`left out ${unique.length - kept.length} files the command would not select (extension, .d.ts, node_modules)`);
  const migrateDir = path.join(work, 'migrate');
  const inputs = [
    ...kept.map((file) => ({ path: file, origin: source, relative: path.join('files', path.relative(common, file)) })),
    ...cases.map((entry) => ({ path: path.join(generatedDir, entry.name), origin: 'generated', relative: path.join('generated', entry.name), case: entry })),
  ];
  log(`${inputs.length} inputs: ${kept.length} ${source === 'given' ? 'given' : 'corpus'} files, ${cases.length} generated; working in ${work}`);
  for (const input of inputs) {
    input.bytes = readFileSync(input.path);
    input.copy = path.join(migrateDir, input.relative);
    input.key = input.relative.split(path.sep).join('/');
    input.before = sha256(input.bytes);
    mkdirSync(path.dirname(input.copy), { recursive: true });
    writeFileSync(input.copy, input.bytes);
  }

  // Lint the inputs.
  const lintStarted = performance.now();
  const lintOutcomes = await lint(inputs.map((input) => input.path), 'inputs');
  for (const input of inputs) {
    input.lint = lintOutcomes.get(input.path);
    if (input.lint.outcome === 'crash') problem(input.path, `lint crash: ${input.lint.message}`);
    if (input.lint.outcome === 'not linted') problem(input.path, `not linted: ${input.lint.message}`);
  }
  const lintSeconds = (performance.now() - lintStarted) / 1000;

  // Migrate the copies, twice.
  const byKey = new Map(inputs.map((input) => [input.key, input]));
  const runs = [];
  for (const round of [1, 2]) {
    log(`untangle ${codemod.name} on ${inputs.length} files (run ${round} of 2)`);
    const run = await untangle(migrateDir);
    runs.push(run);
    const failure = runFailure(run);
    if (failure !== undefined) {
      problem(migrateDir, `untangle run ${round} crashed as a whole: ${failure}`);
      break;
    }
    if (run.summary.files !== inputs.length) problem(migrateDir, `untangle run ${round} covered ${run.summary.files} files, not the ${inputs.length} copied`);
    const changed = new Set(run.summary.changed);
    const failed = new Map(run.summary.failed.map(({ file, error }) => [file, error]));
    for (const input of inputs) {
      const bytes = readFileSync(input.copy);
      const hash = sha256(bytes);
      const previous = round === 1 ? input.before : input.after;
      if (round === 1) {
        input.after = hash;
        if (failed.has(input.key)) {
          input.migrate = { ...(await failureOutcome(input.copy, input.bytes, failed.get(input.key))), error: failed.get(input.key) };
        } else {
          input.migrate = { outcome: changed.has(input.key) ? 'changed' : 'unchanged' };
        }
        if (input.migrate.outcome === 'crash') problem(input.path, `untangle crash: ${input.migrate.message}`);
        if (input.migrate.outcome === 'changed') {
          input.migrate.problems = outputProblems(input.copy, input.bytes.toString('utf8'), bytes.toString('utf8'));
          for (const text of input.migrate.problems) problem(input.path, `output ${text}`);
        }
      } else {
        input.migrate.idempotent = !changed.has(input.key) && hash === previous;
        if (!input.migrate.idempotent) problem(input.path, 'a second run changed it again');
        // a file the first run read without failing must not fail the second time
        if (failed.has(input.key) && (input.migrate.outcome === 'changed' || input.migrate.outcome === 'unchanged')) {
          const again = await failureOutcome(input.copy, bytes, failed.get(input.key));
          if (again.outcome === 'crash') problem(input.path, `untangle crash on its own output: ${again.message}`);
        }
      }
      // a file counts as written exactly when the command says it changed it
      if ((hash !== previous) !== changed.has(input.key)) problem(input.path, `run ${round}: ${hash === previous ? 'reported changed but left as it was' : 'changed without being reported'}`);
    }
    for (const file of [...changed, ...failed.keys()]) if (!byKey.has(file)) problem(file, `run ${round} reported a file the sweep did not copy`);
  }

  // Lint what the migration wrote.
  const migrated = inputs.filter((input) => input.migrate?.outcome === 'changed');
  const migratedLint = await lint(migrated.map((input) => input.copy), 'migrated files');
  for (const input of migrated) {
    input.lintAfter = migratedLint.get(input.copy);
    if (input.lintAfter.outcome === 'crash') problem(input.path, `lint crash after the migration: ${input.lintAfter.message}`);
  }

  // What each generated file was expected to do.
  for (const input of inputs.filter((each) => each.case !== undefined)) {
    const entry = input.case;
    const unmet = [];
    if (entry.lint !== 'any' && input.lint.outcome !== entry.lint) unmet.push(`lint: ${input.lint.outcome}, expected ${entry.lint}`);
    if (input.migrate !== undefined && !entry.migrate.includes(input.migrate.outcome)) unmet.push(`migrate: ${input.migrate.outcome}, expected ${entry.migrate.join(' or ')}`);
    if (entry.broken === true && input.after !== undefined && input.after !== input.before) unmet.push('a broken file was touched');
    input.expected = unmet;
    for (const text of unmet) problem(input.path, text);
  }
  result = summarise(inputs, runs, { source, lintSeconds, seconds: (performance.now() - started) / 1000 });
} finally {
  if (options.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

function count(items, predicate) {
  return items.filter(predicate).length;
}

function summarise(inputs, runs, { source, lintSeconds, seconds }) {
  const outcome = (input) => input.migrate?.outcome;
  const broken = inputs.filter((input) => input.case?.broken === true);
  const migrated = inputs.filter((input) => outcome(input) === 'changed');
  return {
    date: new Date().toISOString().slice(0, 10),
    command: `node bench/sweep.js ${process.argv.slice(2).join(' ')}`.trim(),
    node: process.version,
    codemod: codemod.name,
    lintConfig: plugin.configs.all.name,
    source,
    seconds: Number(seconds.toFixed(1)),
    lint: {
      inputs: {
        files: inputs.length,
        parseErrors: count(inputs, (input) => input.lint.outcome === 'parse error' || input.lint.outcome === 'too deep'),
        expectedParseErrors: count(inputs, (input) => (input.lint.outcome === 'parse error' || input.lint.outcome === 'too deep') && input.case !== undefined && input.case.lint !== 'linted'),
        crashes: count(inputs, (input) => input.lint.outcome === 'crash'),
        seconds: Number(lintSeconds.toFixed(1)),
      },
      migrated: {
        files: migrated.length,
        parseErrors: count(migrated, (input) => input.lintAfter?.outcome === 'parse error' || input.lintAfter?.outcome === 'too deep'),
        crashes: count(migrated, (input) => input.lintAfter?.outcome === 'crash'),
      },
    },
    migrate: {
      files: inputs.length,
      changed: migrated.length,
      unchanged: count(inputs, (input) => outcome(input) === 'unchanged'),
      didNotParse: count(inputs, (input) => outcome(input) === 'did not parse'),
      binaryOrNotUtf8: count(inputs, (input) => outcome(input) === 'binary' || outcome(input) === 'not UTF-8'),
      tooDeep: count(inputs, (input) => outcome(input) === 'too deep'),
      broken: broken.length,
      brokenUntouched: count(broken, (input) => input.after === input.before && input.case.migrate.includes(outcome(input))),
      crashes: count(inputs, (input) => outcome(input) === 'crash'),
      badOutput: count(migrated, (input) => input.migrate.problems.length > 0),
      nonIdempotent: count(inputs, (input) => input.migrate?.idempotent === false),
      runs: runs.map((run) => ({ status: run.status, signal: run.signal, seconds: run.summary?.seconds ?? null, failed: run.summary?.failed.length ?? null })),
    },
    generated: inputs
      .filter((input) => input.case !== undefined)
      .map((input) => ({
        file: input.case.name,
        what: input.case.what,
        broken: input.case.broken === true,
        bytes: input.bytes.length,
        lint: input.lint,
        migrate: input.migrate ?? null,
        untouched: input.after === undefined ? null : input.after === input.before,
        expected: { lint: input.case.lint, migrate: input.case.migrate },
        ok: input.expected.length === 0 && !problems.some((each) => each.file === input.path),
      })),
    files: inputs.map((input) => ({ file: input.origin === 'generated' ? `generated/${path.basename(input.path)}` : input.path, origin: input.origin, lint: input.lint, migrate: input.migrate ?? null, lintAfter: input.lintAfter ?? null })),
    problems,
    ok: problems.length === 0,
  };
}

// --- The report ----------------------------------------------------------------------------------------------------

/** A markdown table; the first `textColumns` columns are left-aligned, the others (counts) right-aligned. */
function markdownTable(header, rows, textColumns = 1) {
  // Parser messages quote the offending character, which may be a NUL or another control character.
  const printable = (text) => [...text].map((char) => (char < ' ' || char === '\u007f' ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : char)).join('');
  const line = (cells) => `| ${cells.map((cell) => printable(String(cell)).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map((_, index) => (index < textColumns ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** What happened to a generated file, in a few words. */
function happened(entry) {
  const lintText = entry.lint.outcome === 'linted' ? `linted (${entry.lint.findings} findings)` : `${entry.lint.outcome}${entry.lint.message === undefined ? '' : `: ${entry.lint.message}`}`;
  const migrate = entry.migrate;
  let migrateText = migrate === null ? 'not run' : migrate.outcome;
  if (migrate?.outcome === 'too deep') migrateText += ` (${migrate.where})`;
  if (migrate !== null && migrate.outcome !== 'changed') migrateText += entry.untouched ? ', untouched' : ', TOUCHED';
  if (migrate?.outcome === 'changed') migrateText += migrate.idempotent === false ? ', not idempotent' : ', idempotent';
  return { lintText, migrateText };
}

function report(summary) {
  const { lint: lintSummary, migrate } = summary;
  const lines = [
    `## Crash and bad-input sweep (${summary.date})`,
    '',
    `\`${summary.command}\`: ${migrate.files} files (${migrate.files - summary.generated.length} ${summary.source === 'given' ? 'given' : 'from the corpus'}, ${summary.generated.length} generated), ESLint with \`${summary.lintConfig}\`, \`untangle ${summary.codemod}\` run twice; node ${summary.node}, ${summary.seconds} s.`,
    '',
    markdownTable(
      ['lint', 'files', 'parse errors', 'of them expected', 'crashes'],
      [
        ['inputs', lintSummary.inputs.files, lintSummary.inputs.parseErrors, lintSummary.inputs.expectedParseErrors, lintSummary.inputs.crashes],
        ['migrated files', lintSummary.migrated.files, lintSummary.migrated.parseErrors, 0, lintSummary.migrated.crashes],
      ],
    ),
    '',
    markdownTable(
      ['migrate', 'files', 'changed', 'did not parse', 'binary or not UTF-8', 'too deep', 'broken untouched', 'crashes', 'bad output', 'not idempotent'],
      [[`untangle ${summary.codemod}`, migrate.files, migrate.changed, migrate.didNotParse, migrate.binaryOrNotUtf8, migrate.tooDeep, `${migrate.brokenUntouched}/${migrate.broken}`, migrate.crashes, migrate.badOutput, migrate.nonIdempotent]],
    ),
    '',
    markdownTable(
      ['generated file', 'what it is', 'lint', 'migrate', 'ok'],
      summary.generated.map((entry) => {
        const { lintText, migrateText } = happened(entry);
        return [`${entry.broken ? 'broken: ' : ''}${entry.file}`, entry.what, lintText, migrateText, entry.ok ? 'yes' : 'NO'];
      }),
      5,
    ),
    '',
  ];
  if (summary.problems.length === 0) {
    lines.push('OK: no crash, every broken file refused and left byte for byte, every output parses, a second run changes nothing.');
  } else {
    lines.push(`FAILED: ${summary.problems.length} problems`);
    for (const { file, problem: text } of summary.problems.slice(0, SHOWN_PROBLEMS)) lines.push(`- ${file}: ${text}`);
    if (summary.problems.length > SHOWN_PROBLEMS) lines.push(`- ... and ${summary.problems.length - SHOWN_PROBLEMS} more (see --json)`);
  }
  return `${lines.join('\n')}\n`;
}

process.stdout.write(report(result));
if (options.json !== undefined) {
  writeFileSync(path.resolve(options.json), `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${options.json}`);
}
process.exitCode = result.ok ? EXIT.ok : EXIT.failure;
