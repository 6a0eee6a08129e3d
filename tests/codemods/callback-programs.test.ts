import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type NodeRun, RUN_TIMEOUT_MS, printedLines, runNode } from '../support/node-programs.js';

// Every directory under tests/programs/callback-to-async is one program: an entry `main.js`, `main.cjs` or
// `main.mjs` that exercises the library modules beside it. The `callback-to-async` preset (callback-to-promise,
// then promise-to-async) will migrate each whole directory, and the program must print the same before and after.
// Until that preset exists, each program is run twice as written and must run cleanly and print the same both
// times, which proves its output is deterministic enough to compare. The before/after comparison against the
// migrated copy is added together with the `callback-to-async` preset.
//
// Each library module starts with `// callback-sites: N`, its count of error-first callback sites: functions whose
// trailing parameter is an error-first callback, and calls that pass one (inline or forwarded). Calls of the
// callback itself, and callbacks handed to process.nextTick, setImmediate or setTimeout, do not count. The share
// of them that the migration converts is measured against this count.
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
 * that `.js` files keep the module type they have in the repository, and runs its entry with this Node.
 */
function runCopy(run: string, name: string): Promise<NodeRun> {
  const runDir = path.join(workDir, run);
  const dir = path.join(runDir, name);
  mkdirSync(runDir, { recursive: true });
  copyFileSync(packageJson, path.join(runDir, 'package.json'));
  cpSync(path.join(programsDir, name), dir, { recursive: true });
  return runNode(readProgram(name).entry, dir);
}

const runs = new Map<string, Promise<readonly [NodeRun, NodeRun]>>();

/** Both runs of a program, started together the first time they are asked for. */
function runTwice(name: string): Promise<readonly [NodeRun, NodeRun]> {
  let pair = runs.get(name);
  if (pair === undefined) {
    pair = Promise.all([runCopy('first', name), runCopy('second', name)]);
    runs.set(name, pair);
  }
  return pair;
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
      'runs cleanly and prints the same on two runs',
      async () => {
        const [first, second] = await runTwice(name);
        expect(first.stderr).toBe('');
        expect(first.status).toBe(0);
        expect(printedLines(first).length).toBeGreaterThanOrEqual(MIN_LINES);
        expect(first.stdout).not.toContain(workDir);
        expect(first.stdout).not.toContain(tmpdir());
        expect(second.stderr).toBe('');
        expect(second.status).toBe(0);
        expect(second.stdout).toBe(first.stdout);
      },
      RUN_TIMEOUT_MS,
    );
  });
});
