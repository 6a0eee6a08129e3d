import { readFileSync } from 'node:fs';
import path from 'node:path';
import { countAsyncStyle } from '../utils/async-style.js';
import { errorLine } from './run.js';

/**
 * `untangle report`: the async health of a repository, per directory and in total, without changing anything.
 * Syntax gives the callback sites, promise chains, async functions and continuation depths (the same counts the
 * migration tests use); the plugin's own rules, run through ESLint's API, give the blocking calls in async code and
 * the floating promises.
 */
export interface HealthRow {
  /** The directory, relative to where the command runs ('.' for files there); 'total' for the sum. */
  readonly directory: string;
  readonly files: number;
  readonly callbackSites: number;
  readonly promiseChains: number;
  readonly asyncFunctions: number;
  readonly maxDepth: number;
  readonly meanDepth: number;
  readonly blockingCalls: number;
  readonly floatingPromises: number;
  /** Async functions as a share of async functions and callback sites: how far the code has come. */
  readonly migratedShare: number;
}

export interface HealthReport {
  readonly directories: readonly HealthRow[];
  readonly total: HealthRow;
  /** Files that did not parse: counted nowhere, listed here. */
  readonly unreadable: readonly { readonly file: string; readonly error: string }[];
  /** How many continuations sit at each depth over all files (index 0: depth 1). */
  readonly depthHistogram: readonly number[];
}

interface FileHealth {
  readonly callbackSites: number;
  readonly promiseChains: number;
  readonly asyncFunctions: number;
  readonly depths: readonly number[];
  blockingCalls: number;
  floatingPromises: number;
}

/** The rules whose findings the report counts, by the column they fill. */
const RULE_COLUMNS = { 'untangle/no-sync-in-async': 'blockingCalls', 'untangle/no-floating-promise': 'floatingPromises' } as const;

export async function healthReport(files: readonly string[], cwd: string): Promise<HealthReport> {
  const measured = new Map<string, FileHealth>();
  const unreadable: { file: string; error: string }[] = [];
  for (const file of files) {
    try {
      const style = countAsyncStyle(readFileSync(file, 'utf8'), file);
      measured.set(file, { callbackSites: style.callbackSites, promiseChains: style.promiseChains, asyncFunctions: style.asyncFunctions, depths: style.continuationDepths, blockingCalls: 0, floatingPromises: 0 });
    } catch (error) {
      unreadable.push({ file: path.relative(cwd, file), error: errorLine(error) });
    }
  }
  await countRuleFindings(measured, cwd);
  const byDirectory = new Map<string, FileHealth[]>();
  for (const [file, health] of measured) {
    const directory = path.relative(cwd, path.dirname(file)) || '.';
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), health]);
  }
  const directories = [...byDirectory].sort(([a], [b]) => a.localeCompare(b)).map(([directory, rows]) => summarize(directory, rows));
  const all = [...measured.values()];
  const depths = all.flatMap((health) => health.depths);
  const histogram = Array.from({ length: Math.max(0, ...depths) }, (_, index) => depths.filter((depth) => depth === index + 1).length);
  return { directories, total: summarize('total', all), unreadable, depthHistogram: histogram };
}

function summarize(directory: string, rows: readonly FileHealth[]): HealthRow {
  const sum = (pick: (row: FileHealth) => number): number => rows.reduce((total, row) => total + pick(row), 0);
  const depths = rows.flatMap((row) => row.depths);
  const callbackSites = sum((row) => row.callbackSites);
  const asyncFunctions = sum((row) => row.asyncFunctions);
  return {
    directory,
    files: rows.length,
    callbackSites,
    promiseChains: sum((row) => row.promiseChains),
    asyncFunctions,
    maxDepth: depths.length === 0 ? 0 : Math.max(...depths),
    meanDepth: depths.length === 0 ? 0 : round(depths.reduce((total, depth) => total + depth, 0) / depths.length),
    blockingCalls: sum((row) => row.blockingCalls),
    floatingPromises: sum((row) => row.floatingPromises),
    migratedShare: asyncFunctions + callbackSites === 0 ? 1 : round(asyncFunctions / (asyncFunctions + callbackSites)),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Runs the two rules over the files with ESLint (a peer dependency) and adds their findings to each file's row. */
async function countRuleFindings(measured: Map<string, FileHealth>, cwd: string): Promise<void> {
  if (measured.size === 0) return;
  const { ESLint } = await import('eslint');
  const { default: plugin } = await import('../../index.js');
  const rules = Object.fromEntries(Object.keys(RULE_COLUMNS).map((rule) => [rule, 'warn' as const]));
  const typescriptParser = await import('@typescript-eslint/parser').catch(() => undefined);
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    ignore: false,
    overrideConfig: [
      { files: ['**/*.js', '**/*.mjs', '**/*.jsx'], plugins: { untangle: plugin }, rules, languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
      { files: ['**/*.cjs'], plugins: { untangle: plugin }, rules, languageOptions: { sourceType: 'commonjs' } },
      ...(typescriptParser === undefined ? [] : [{ files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], plugins: { untangle: plugin }, rules, languageOptions: { parser: typescriptParser } }]),
    ],
  });
  const lintable = [...measured.keys()].filter((file) => typescriptParser !== undefined || !/\.[cm]?tsx?$/.test(file));
  for (const result of await eslint.lintFiles(lintable)) {
    const health = measured.get(path.resolve(cwd, result.filePath));
    if (health === undefined) continue;
    for (const message of result.messages) {
      const column = message.ruleId === null ? undefined : RULE_COLUMNS[message.ruleId as keyof typeof RULE_COLUMNS];
      if (column !== undefined) health[column] += 1;
    }
  }
}

/** The report's columns, in order, with their titles. */
export const REPORT_COLUMNS: readonly [keyof HealthRow, string][] = [
  ['directory', 'directory'],
  ['files', 'files'],
  ['callbackSites', 'callback sites'],
  ['promiseChains', 'promise chains'],
  ['asyncFunctions', 'async functions'],
  ['maxDepth', 'max depth'],
  ['meanDepth', 'mean depth'],
  ['blockingCalls', 'blocking calls'],
  ['floatingPromises', 'floating promises'],
  ['migratedShare', 'migrated'],
];

/** One cell as printed: the share as a percentage, everything else as it is. */
export function formatCell(row: HealthRow, key: keyof HealthRow): string {
  return key === 'migratedShare' ? `${String(Math.round(row.migratedShare * 100))} %` : String(row[key]);
}

/** The report as a plain-text table, one row per directory and the total last. */
export function healthTable(report: HealthReport): string {
  const rows = [...report.directories, report.total];
  const widths = REPORT_COLUMNS.map(([key, title]) => Math.max(title.length, ...rows.map((row) => formatCell(row, key).length)));
  const line = (cells: readonly string[]): string => cells.map((text, index) => (index === 0 ? text.padEnd(widths[index] ?? 0) : text.padStart(widths[index] ?? 0))).join('  ').trimEnd();
  const lines = [line(REPORT_COLUMNS.map(([, title]) => title)), ...rows.map((row) => line(REPORT_COLUMNS.map(([key]) => formatCell(row, key))))];
  for (const { file, error } of report.unreadable) lines.push(`not read: ${file}: ${error}`);
  return `${lines.join('\n')}\n`;
}
