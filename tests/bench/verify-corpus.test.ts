import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from '../support/node-programs.js';

// `npm run verify:corpus` needs the network and minutes; this runs the same script offline on two small callback-era
// packages of our own (tests/fixtures/bench-smoke/verify-corpus/pkgs) through a harness with the real one's command
// line and output, so that the script cannot rot unnoticed. It runs the built command (`npm test` builds first).
const root = path.join(import.meta.dirname, '..', '..');
const script = path.join(root, 'scripts', 'verify-corpus.js');
const fixture = path.join(root, 'tests', 'fixtures', 'bench-smoke', 'verify-corpus');
const harness = path.join(fixture, 'fake-harness.sh');
const scratch = mkdtempSync(path.join(tmpdir(), 'untangle-verify-corpus-'));

// A run migrates two packages and runs their tests twice; a loaded two-core CI machine is far slower than a laptop.
const RUN_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = RUN_TIMEOUT_MS + 10_000;

interface PackageResult {
  readonly id: string;
  readonly files: readonly string[];
  readonly before: { readonly passed: number; readonly failed: number };
  readonly after: { readonly passed: number; readonly failed: number };
  readonly callbackSites: { readonly before: number; readonly after: number };
  readonly untangle: { readonly status: number; readonly summary: { readonly changed: readonly string[]; readonly leftAlone: readonly { file: string; line: number; reason: string }[] } };
  readonly problems: readonly string[];
}

interface VerifyResult {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly packages: readonly PackageResult[];
  readonly leftAloneReasons: Readonly<Record<string, number>>;
}

interface VerifyRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly workDir: string;
  readonly json: VerifyResult;
}

/** Runs verify-corpus.js on the fixture packages in a work dir of its own (the harness reads CORPUS_DIR, as the real one does). */
async function verifyCorpus(name: string, args: readonly string[], environment: Record<string, string> = {}): Promise<VerifyRun> {
  const workDir = path.join(scratch, name);
  const jsonFile = path.join(scratch, `${name}.json`);
  const run = await runNode(script, root, ['--harness', harness, '--json', jsonFile, ...args], {
    timeout: RUN_TIMEOUT_MS,
    environment: { CORPUS_DIR: workDir, ...environment },
  });
  if (!existsSync(jsonFile)) throw new Error(`verify-corpus.js wrote no JSON (exit ${String(run.status)}):\n${run.stderr}`);
  return { ...run, workDir, json: JSON.parse(readFileSync(jsonFile, 'utf8')) as VerifyResult };
}

/** The files of the run's pristine fixture packages that are missing from its work dir or differ from their copies there. */
function differingFromPristine(run: VerifyRun): string[] {
  const pristine = path.join(fixture, 'pkgs');
  return run.json.packages
    .flatMap((pkg) => readdirSync(path.join(pristine, pkg.id), { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(pristine, path.join(entry.parentPath, entry.name)))
    .filter((file) => {
      const copy = path.join(run.workDir, 'pkgs', file);
      return !existsSync(copy) || !readFileSync(copy).equals(readFileSync(path.join(pristine, file)));
    })
    .sort();
}

function byId(run: VerifyRun, id: string): PackageResult {
  const found = run.json.packages.find((pkg) => pkg.id === id);
  if (found === undefined) throw new Error(`no result for ${id}`);
  return found;
}

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

// The three runs are independent (a work dir each), so they run at once.
describe.concurrent('scripts/verify-corpus.js on the offline fixture corpus', () => {
  it('migrates both packages, keeps every test green, reports the Zalgo site and restores the sources', { timeout: TEST_TIMEOUT_MS }, async () => {
    const run = await verifyCorpus('green', []);
    expect(run.status, run.stderr).toBe(0);
    expect(run.json.ok).toBe(true);
    expect(run.json.problems).toEqual([]);
    expect(run.json.packages.map((pkg) => pkg.id)).toEqual(['fs-kit@1.0.0', 'line-tally@0.2.0']);

    const kit = byId(run, 'fs-kit@1.0.0');
    expect(kit.files).toEqual(['index.js', 'lib/copy.js', 'lib/json.js']);
    expect(kit.untangle.summary.changed).toEqual(['index.js', 'lib/copy.js', 'lib/json.js']);
    expect(kit.before).toEqual({ passed: 10, failed: 0 });
    expect(kit.after).toEqual(kit.before);
    // Left: lookup (Zalgo) and the call that forwards its callback.
    expect(kit.callbackSites).toEqual({ before: 14, after: 2 });
    expect(kit.untangle.summary.leftAlone).toContainEqual({ file: 'index.js', line: 9, reason: 'calls back synchronously on some paths' });

    const tally = byId(run, 'line-tally@0.2.0');
    expect(tally.files).toEqual(['index.js']);
    expect(tally.before).toEqual({ passed: 4, failed: 0 });
    expect(tally.after).toEqual(tally.before);
    expect(tally.callbackSites).toEqual({ before: 4, after: 0 });

    // promise-to-async keeps six chains of callback-to-promise's output as they are: code before them may throw.
    expect(run.json.leftAloneReasons).toEqual({ 'a synchronous throw would become a rejection': 6, 'calls back synchronously on some paths': 1 });
    expect(run.stdout).toContain('| fs-kit@1.0.0 | 3 | 3 | 14 → 2 | 4 | 5 | 10 | 10 | 0 |');
    expect(run.stdout).toContain('| line-tally@0.2.0 | 1 | 1 | 4 → 0 | 2 | 2 | 4 | 4 | 0 |');
    expect(run.stdout).toContain('Callback sites migrated: 16 of 18 (89 %).');
    expect(run.stdout).toContain('OK: every package passes as many tests after the migration as before.');
    expect(differingFromPristine(run)).toEqual([]);
  });

  it('exits 1 when a codemod option breaks the callers (--api=promise drops the callbacks the tests pass)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const run = await verifyCorpus('api-promise', ['--only', 'line-tally', '--', '--api=promise']);
    expect(run.status, run.stderr).toBe(1);
    const tally = byId(run, 'line-tally@0.2.0');
    expect(tally.callbackSites).toEqual({ before: 4, after: 0 });
    expect(tally.after).toEqual({ passed: 0, failed: 4 });
    expect(run.json.problems).toEqual([`line-tally@0.2.0: tests passed 4 before, 0 after; failed 0 before, 4 after (see ${path.join(run.workDir, 'logs', 'line-tally@0.2.0.log')})`]);
    expect(run.stdout).toContain('FAILED:');
    expect(differingFromPristine(run)).toEqual([]);
  });

  it('exits 1 when a test fails only after the migration', { timeout: TEST_TIMEOUT_MS }, async () => {
    const run = await verifyCorpus('fails-after', ['--only', 'fs-kit'], { FAKE_HARNESS_FAIL_AFTER_MIGRATION: '1' });
    expect(run.status, run.stderr).toBe(1);
    expect(run.json.packages.map((pkg) => pkg.id)).toEqual(['fs-kit@1.0.0']);
    expect(run.json.problems).toEqual([`fs-kit@1.0.0: tests passed 10 before, 9 after; failed 0 before, 1 after (see ${path.join(run.workDir, 'logs', 'fs-kit@1.0.0.log')})`]);
    expect(differingFromPristine(run)).toEqual([]);
  });
});
