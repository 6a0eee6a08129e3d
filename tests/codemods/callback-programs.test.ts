import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Transform } from 'jscodeshift';
import { findCodemod, loadTransforms, runTransform } from '../../codemods/index.js';
import { countAsyncStyle } from '../../codemods/utils/async-style.js';
import { type NodeRun, RUN_TIMEOUT_MS, printedLines, runNode } from '../support/node-programs.js';

// Every directory under tests/programs/callback-to-async is one program: an entry `main.js`, `main.cjs` or
// `main.mjs` that exercises the library modules beside it. The `callback-to-async` preset (callback-to-promise,
// then promise-to-async) migrates a copy of the whole directory, entry included, and the migrated program must
// print exactly what the original prints (which is run twice, to show its output is deterministic).
//
// Each library module starts with `// callback-sites: N`, its count of error-first callback sites: functions whose
// trailing parameter is an error-first callback, and calls that pass one (inline or forwarded). Calls of the
// callback itself, and callbacks handed to process.nextTick, setImmediate or setTimeout, do not count. The same
// count, made by core's recognition of continuations, is taken of the migrated modules, with their `.then` calls.
const programsDir = path.join(import.meta.dirname, '..', 'programs', 'callback-to-async');
const programs = readdirSync(programsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const packageJson = path.join(import.meta.dirname, '..', '..', 'package.json');
const workDir = mkdtempSync(path.join(tmpdir(), 'untangle-callback-programs-'));

const ENTRY_NAMES: readonly string[] = ['main.js', 'main.cjs', 'main.mjs'];
const MODULE_FILE = /\.[cm]?js$/;
const SITES_HEADER = /^\/\/ callback-sites: (\d+)$/m;
const MIN_LINES = 6;

interface Program {
  readonly entry: string;
  /** The other modules of the program, the ones the migration is about. */
  readonly libraries: readonly string[];
  readonly sources: ReadonlyMap<string, string>;
}

function readProgram(name: string): Program {
  const dir = path.join(programsDir, name);
  const files = readdirSync(dir)
    .filter((file) => MODULE_FILE.test(file))
    .sort();
  const entries = files.filter((file) => ENTRY_NAMES.includes(file));
  const [entry] = entries;
  if (entry === undefined || entries.length > 1) throw new Error(`${name} needs exactly one entry of ${ENTRY_NAMES.join(', ')}`);
  return {
    entry,
    libraries: files.filter((file) => file !== entry),
    sources: new Map(files.map((file) => [file, readFileSync(path.join(dir, file), 'utf8')])),
  };
}

function sourceOf(program: Program, file: string): string {
  const source = program.sources.get(file);
  if (source === undefined) throw new Error(`no source for ${file}`);
  return source;
}

function callbackSites(source: string): number | undefined {
  const count = SITES_HEADER.exec(source)?.[1];
  return count === undefined ? undefined : Number(count);
}

/**
 * Copies the program's directory to `<run>/<name>` under the work directory, with our package.json next to it so
 * that `.js` files keep the module type they have in the repository; `migrate` rewrites every module of the copy.
 */
async function copyProgram(run: string, name: string, migrate?: (file: string, runFiles: readonly string[]) => Promise<void>): Promise<string> {
  const runDir = path.join(workDir, run);
  const dir = path.join(runDir, name);
  mkdirSync(runDir, { recursive: true });
  copyFileSync(packageJson, path.join(runDir, 'package.json'));
  cpSync(path.join(programsDir, name), dir, { recursive: true });
  const modules = readdirSync(dir)
    .filter((entry) => MODULE_FILE.test(entry))
    .map((entry) => path.join(dir, entry));
  if (migrate !== undefined) for (const file of modules) await migrate(file, modules);
  return dir;
}

let presetStages: Promise<Transform[]> | undefined;

/** The codemod options of a migration: the defaults, or the ones that also convert synchronous callbacks. */
type Migration = 'default' | 'deferred';
const MIGRATION_OPTIONS: Readonly<Record<Migration, Readonly<Record<string, string>>>> = { default: {}, deferred: { syncCallbacks: 'defer' } };

/** An entry that prints whether callbacks run synchronously says so; `--syncCallbacks=defer` changes that on purpose. */
const OBSERVES_SYNC_CALLBACKS = /^\/\/ Observes synchronous callbacks/m;

/** Runs the preset's stages on one file, as `untangle callback-to-async <dir>` does, and writes the result. */
async function migrateFile(file: string, runFiles: readonly string[], migration: Migration): Promise<void> {
  const preset = findCodemod('callback-to-async');
  if (preset === undefined) throw new Error('callback-to-async is not registered');
  presetStages ??= loadTransforms(preset);
  let source = readFileSync(file, 'utf8');
  for (const stage of await presetStages) source = (await runTransform(stage, { path: file, source }, { ...MIGRATION_OPTIONS[migration], runFiles })).output ?? source;
  writeFileSync(file, source);
}

interface ProgramRuns {
  readonly before: readonly [NodeRun, NodeRun];
  readonly after: NodeRun;
  readonly migratedDir: string;
}

const runs = new Map<string, Promise<ProgramRuns>>();

/** The original program run twice and the migrated copy run once, all started together the first time they are asked for. */
function runProgram(name: string, migration: Migration = 'default'): Promise<ProgramRuns> {
  const key = `${migration}:${name}`;
  let pending = runs.get(key);
  if (pending === undefined) {
    const { entry } = readProgram(name);
    pending = (async () => {
      const migrate = (file: string, runFiles: readonly string[]): Promise<void> => migrateFile(file, runFiles, migration);
      const [first, second, migratedDir] = await Promise.all([
        copyProgram(`first-${migration}`, name),
        copyProgram(`second-${migration}`, name),
        copyProgram(`migrated-${migration}`, name, migrate),
      ]);
      const [before1, before2, after] = await Promise.all([runNode(entry, first), runNode(entry, second), runNode(entry, migratedDir)]);
      return { before: [before1, before2], after, migratedDir };
    })();
    runs.set(key, pending);
  }
  return pending;
}

/** Callback sites and `.then` calls of a program's library modules, in the original and the migrated copy. */
function countProgram(name: string, migratedDir: string): { before: number; after: number; thenBefore: number; thenAfter: number } {
  const program = readProgram(name);
  const totals = { before: 0, after: 0, thenBefore: 0, thenAfter: 0 };
  for (const library of program.libraries) {
    const original = countAsyncStyle(sourceOf(program, library), library);
    const migrated = countAsyncStyle(readFileSync(path.join(migratedDir, library), 'utf8'), library);
    totals.before += original.callbackSites;
    totals.after += migrated.callbackSites;
    totals.thenBefore += original.thenCalls;
    totals.thenAfter += migrated.thenCalls;
  }
  return totals;
}

describe('callback-era programs for the callback-to-async migration', () => {
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('has at least ten programs, at least half of them CommonJS and ES modules among the rest', () => {
    const entries = programs.map((name) => readProgram(name).entry);
    expect(programs.length).toBeGreaterThanOrEqual(10);
    expect(entries.filter((entry) => entry.endsWith('.cjs')).length * 2).toBeGreaterThanOrEqual(programs.length);
    expect(entries.some((entry) => !entry.endsWith('.cjs'))).toBe(true);
  });

  describe.each(programs)('%s', (name) => {
    it('has an entry that says what it checks and library modules that count their callback sites', () => {
      const program = readProgram(name);
      expect(sourceOf(program, program.entry)).toMatch(/^\/\/ Checks /);
      expect(program.libraries.length).toBeGreaterThan(0);
      for (const library of program.libraries) {
        expect(callbackSites(sourceOf(program, library)), library).toBeGreaterThan(0);
        const importers = [...program.sources].filter(([file, source]) => file !== library && source.includes(`'./${library}'`));
        expect(importers.length, `${library} is required or imported by the program`).toBeGreaterThan(0);
      }
    });

    it(
      'runs cleanly, prints the same on two runs, and prints exactly the same after callback-to-async',
      async () => {
        const { before, after } = await runProgram(name);
        const [first, second] = before;
        expect(first.stderr).toBe('');
        expect(first.status).toBe(0);
        expect(printedLines(first).length).toBeGreaterThanOrEqual(MIN_LINES);
        expect(first.stdout).not.toContain(workDir);
        expect(first.stdout).not.toContain(tmpdir());
        expect(second.stderr).toBe('');
        expect(second.status).toBe(0);
        expect(second.stdout).toBe(first.stdout);
        expect(after.stderr).toBe('');
        expect(after.status).toBe(0);
        expect(after.stdout).toBe(first.stdout);
      },
      3 * RUN_TIMEOUT_MS,
    );

    it('counts about as many callback sites as its header says, and no more after the migration', async () => {
      const { migratedDir } = await runProgram(name);
      const program = readProgram(name);
      const header = program.libraries.reduce((sum, library) => sum + (callbackSites(sourceOf(program, library)) ?? 0), 0);
      const counted = countProgram(name, migratedDir);
      expect(Math.abs(counted.before - header), `header ${String(header)}, counted ${String(counted.before)}`).toBeLessThanOrEqual(3);
      expect(counted.after).toBeLessThanOrEqual(counted.before);
    }, 3 * RUN_TIMEOUT_MS);
  });

  // The programs that do not print whether callbacks run synchronously must print the same after a migration that
  // defers them too.
  const deferrable = programs.filter((name) => {
    const program = readProgram(name);
    return !OBSERVES_SYNC_CALLBACKS.test(sourceOf(program, program.entry));
  });

  it('has programs that observe synchronous callbacks, and others', () => {
    expect(deferrable.length).toBeGreaterThan(0);
    expect(deferrable.length).toBeLessThan(programs.length);
  });

  describe.each(deferrable)('%s, with --syncCallbacks=defer', (name) => {
    it(
      'prints exactly the same after callback-to-async',
      async () => {
        const { before, after } = await runProgram(name, 'deferred');
        expect(after.stderr).toBe('');
        expect(after.status).toBe(0);
        expect(after.stdout).toBe(before[0].stdout);
      },
      3 * RUN_TIMEOUT_MS,
    );
  });

  // The share of callback sites the preset migrates over all programs, printed for the record; the floors are what
  // this version reaches, so that a change that migrates less fails here.
  const MIGRATED_SHARE_FLOOR: Readonly<Record<Migration, number>> = { default: 0.4, deferred: 0.5 };

  it.each(['default', 'deferred'] as const)('migrates a measured share of the programs\' callback sites (%s options)', async (migration) => {
    const rows = await Promise.all(programs.map(async (name) => ({ name, ...countProgram(name, (await runProgram(name, migration)).migratedDir) })));
    const before = rows.reduce((sum, row) => sum + row.before, 0);
    const after = rows.reduce((sum, row) => sum + row.after, 0);
    const thenAfter = rows.reduce((sum, row) => sum + row.thenAfter, 0);
    const table = rows.map((row) => `${row.name.padEnd(16)} callback sites ${String(row.before).padStart(3)} -> ${String(row.after).padStart(3)}, .then calls ${String(row.thenBefore)} -> ${String(row.thenAfter)}`);
    console.log([`${migration} options:`, ...table, `all programs     callback sites ${String(before)} -> ${String(after)} (${String(Math.round((100 * (before - after)) / before))} % migrated), .then calls left ${String(thenAfter)}`].join('\n'));
    expect((before - after) / before).toBeGreaterThanOrEqual(MIGRATED_SHARE_FLOOR[migration]);
  }, 6 * RUN_TIMEOUT_MS);
});
