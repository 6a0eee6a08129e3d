// `npm run verify:corpus`: proves a migration codemod keeps real callback-era libraries' own test suites green.
// Runs each corpus library's tests on pristine sources, migrates its library files in place with the built
// `untangle` command, runs the same tests again, prints a markdown table and puts the pristine sources back.
// A manual check (minutes; the first run downloads the libraries), not part of `npm test`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const projectRoot = path.resolve(import.meta.dirname, '..');
const cli = path.join(projectRoot, 'dist', 'codemods', 'cli', 'bin.js');
const asyncStyle = path.join(projectRoot, 'dist', 'codemods', 'utils', 'async-style.js');
/** The `untangle` command's exit codes, which this script also uses for its own. */
const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2, interrupted: 130 });
const MAX_BUFFER = 256 * 1024 * 1024;

const HELP = `Usage: node scripts/verify-corpus.js [options] [-- codemod options]

Runs the corpus libraries' own tests, migrates their library files with the built untangle command
(npm run build first), runs the tests again and prints a markdown table. Exits 1 when a package passes
fewer tests (or fails more) after the migration than before, or when untangle fails on a file; 2 on
usage errors, including a codemod name or option untangle does not accept.

Options:
  --codemod NAME   the codemod to run (default: callback-to-async)
  --only a,b       only these corpus packages (passed on to the harness)
  --keep           leave the migrated sources in place to inspect them (default: restore the pristine ones)
  --json FILE      also write the full result as JSON (when the run gets as far as the table)
  --harness PATH   the corpus harness (default: ../shared/corpus/fetch-and-test.sh beside the project)
  -h, --help       show this help
Everything after "--" goes to the codemod, as in "untangle <codemod> <paths...> -- <codemod options>".
`;

class UsageError extends Error {}
class Interrupted extends Error {}

// First Ctrl-C: stop after the step at hand and still restore the sources; a second one ends the process at once.
// (A harness test step runs to its end anyway: `timeout` puts each test runner in a process group of its own.)
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
});

function stopIfInterrupted() {
  if (interrupted) throw new Interrupted('interrupted');
}

function log(message) {
  process.stderr.write(`verify-corpus: ${message}\n`);
}

function parseOptions(argv) {
  // Codemod options come after `--`, as with the untangle command itself.
  const separator = argv.indexOf('--');
  const codemodArguments = separator === -1 ? [] : argv.slice(separator + 1);
  let values;
  try {
    ({ values } = parseArgs({
      args: separator === -1 ? argv : argv.slice(0, separator),
      options: {
        codemod: { type: 'string', default: 'callback-to-async' },
        only: { type: 'string' },
        keep: { type: 'boolean', default: false },
        json: { type: 'string' },
        harness: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${error.message} (see --help)`);
  }
  return {
    ...values,
    json: values.json === undefined ? undefined : path.resolve(values.json),
    // CI checks the project out at <root>/main and the shared material at <root>/shared.
    harness: path.resolve(values.harness ?? path.join(projectRoot, '..', 'shared', 'corpus', 'fetch-and-test.sh')),
    codemodArguments,
  };
}

function harnessArguments(options, args) {
  return [options.harness, ...args, ...(options.only === undefined ? [] : ['--only', options.only])];
}

/** Runs the harness, echoing its output to stderr as it comes; resolves to its exit status and stdout. */
function runHarness(options, args) {
  // spawn rather than spawnSync: a test run takes minutes, and its per-package lines arrive on stdout, which must
  // be shown as they come (so the user sees progress) and also parsed.
  return new Promise((resolve, reject) => {
    const child = spawn('bash', harnessArguments(options, args), { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (status, signal) => {
      if (signal === 'SIGINT') reject(new Interrupted('interrupted'));
      else if (signal !== null) reject(new Error(`the harness was killed by ${signal}`));
      else resolve({ status, stdout });
    });
  }).catch((error) => {
    if (error instanceof Interrupted) throw error;
    throw new Error(`fetch-and-test.sh ${args.join(' ')}: ${error.message}`);
  });
}

/** The selected packages with their directories and library file patterns, from the harness's `--list`. */
function listPackages(options) {
  const run = spawnSync('bash', harnessArguments(options, ['--list']), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: MAX_BUFFER });
  if (run.error !== undefined || run.status !== 0) throw new Error(`fetch-and-test.sh --list failed: ${run.error?.message ?? `exit ${String(run.status ?? run.signal)}`}`);
  // A header line, then per package: `NAME@VER  runner`, `   dir: PATH`, `   src: PATTERN...`.
  const packages = [];
  for (const line of run.stdout.split('\n')) {
    const field = /^\s+(dir|src): (.*)$/.exec(line);
    const entry = /^(\S+@\S+)\s/.exec(line);
    if (entry !== null) packages.push({ id: entry[1], dir: '', patterns: [] });
    else if (field !== null && packages.length > 0) {
      const current = packages[packages.length - 1];
      if (field[1] === 'dir') current.dir = field[2];
      else current.patterns = field[2].trim().split(/\s+/);
    }
  }
  const incomplete = packages.find((each) => each.dir === '' || each.patterns.length === 0);
  if (incomplete !== undefined) throw new Error(`cannot read the harness's --list output for ${incomplete.id}:\n${run.stdout}`);
  // The harness selects nothing, silently, for a name it does not know: an empty run would look green.
  if (packages.length === 0) throw new UsageError(`no corpus package matches --only ${String(options.only)}:\n${run.stdout}`);
  return packages;
}

/** The files a `--list` pattern such as `lib/*.js` names in `dir`, matched as the shell would (`*`, `?`; no dot-files). */
function expandPattern(dir, pattern) {
  let found = [''];
  for (const segment of pattern.split('/')) {
    if (!/[*?]/.test(segment)) {
      found = found.map((prefix) => path.join(prefix, segment)).filter((entry) => existsSync(path.join(dir, entry)));
      continue;
    }
    const matcher = new RegExp(`^${segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);
    found = found
      .filter((prefix) => statSync(path.join(dir, prefix)).isDirectory())
      .flatMap((prefix) => readdirSync(path.join(dir, prefix)).filter((name) => !name.startsWith('.') && matcher.test(name)).map((name) => path.join(prefix, name)));
  }
  return found.filter((entry) => statSync(path.join(dir, entry)).isFile()).sort();
}

function libraryFiles(pkg) {
  const files = pkg.patterns.flatMap((pattern) => {
    const matched = expandPattern(pkg.dir, pattern);
    if (matched.length === 0) throw new Error(`${pkg.id}: the library pattern ${pattern} matches no file in ${pkg.dir}`);
    return matched;
  });
  return [...new Set(files)];
}

/** Every package's `NAME@VER tests: N passed, M failed`; a package without that line means the harness broke. */
async function runTests(options, packages, when) {
  log(`running the libraries' tests ${when} the migration`);
  // The harness exits 1 whenever a test fails, which the counts already say: its exit status tells nothing more.
  const { stdout } = await runHarness(options, ['--test-only']);
  stopIfInterrupted();
  const counts = new Map();
  for (const [, id, passed, failed] of stdout.matchAll(/^(\S+) tests: (\d+) passed, (\d+) failed$/gm)) {
    counts.set(id, { passed: Number(passed), failed: Number(failed) });
  }
  for (const pkg of packages) {
    if (!counts.has(pkg.id)) throw new Error(`the harness printed no test result for ${pkg.id} ${when} the migration`);
  }
  return counts;
}

/** Fetches (first run) or restores the pristine sources of the selected packages. */
async function prepareCorpus(options) {
  const { status } = await runHarness(options, ['--restore', '--prepare-only']);
  if (status !== 0) throw new Error(`the harness could not prepare the corpus (exit ${String(status)}); see its messages above`);
}

/** Puts the pristine sources back; reports rather than throws, so it never hides the error that stopped the run. */
async function restoreCorpus(options) {
  log('restoring the pristine sources');
  try {
    await prepareCorpus(options);
    return true;
  } catch (error) {
    log(`could not restore the pristine sources: ${error.message}`);
    return false;
  }
}

/** Runs the built command on `files` (relative to `cwd`): its exit status, JSON summary (if it printed one) and stderr. */
function untangle(options, cwd, files, flags) {
  const codemodArguments = options.codemodArguments.length > 0 ? ['--', ...options.codemodArguments] : [];
  const run = spawnSync(process.execPath, [cli, options.codemod, ...files, '--json', ...flags, ...codemodArguments], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: MAX_BUFFER });
  if (run.error !== undefined) throw run.error;
  stopIfInterrupted();
  // An unregistered codemod or a bad codemod option: the same for every package, so stop.
  if (run.status === EXIT.usage) throw new UsageError(`untangle refused the command line (exit 2):\n${run.stderr.trim()}`);
  if (run.status === EXIT.interrupted) throw new Interrupted('interrupted');
  let summary;
  try {
    summary = JSON.parse(run.stdout);
  } catch {
    summary = undefined;
  }
  return { status: run.status, signal: run.signal, summary, stderr: run.stderr };
}

/** Error-first callback sites and `.then` calls over a package's library files, counted as the project's tests count them. */
async function countStyle(pkg) {
  const { countAsyncStyle } = await import(asyncStyle);
  const total = { callbackSites: 0, thenCalls: 0 };
  for (const file of pkg.files) {
    const counted = countAsyncStyle(readFileSync(path.resolve(pkg.dir, file), 'utf8'), file);
    total.callbackSites += counted.callbackSites;
    total.thenCalls += counted.thenCalls;
  }
  return total;
}

function migrate(options, pkg) {
  log(`untangle ${options.codemod} on ${pkg.id} (${String(pkg.files.length)} file${pkg.files.length === 1 ? '' : 's'})`);
  const result = untangle(options, pkg.dir, pkg.files, ['--force']);
  process.stderr.write(result.stderr);
  return result;
}

/** The gist of a run that printed no JSON summary: the exit status and the error line of a Node stack trace. */
function crashMessage(run) {
  const stderr = run.stderr.trim();
  const line = /^\w*Error\b.*$/m.exec(stderr)?.[0] ?? stderr.split('\n').pop();
  return `${run.signal ?? `exit ${String(run.status)}`}: ${line || '(no output)'}`;
}

/** What went wrong with one package, in words; empty when its migration kept its tests green. */
function problemsOf(pkg) {
  const { run, before, after } = pkg;
  const testLog = path.join(pkg.dir, '..', '..', 'logs', `${pkg.id}.log`); // the harness's WORKDIR/logs
  const problems = [];
  if (run.summary === undefined) {
    problems.push(`untangle printed no JSON summary: ${crashMessage(run)}`);
  } else if (run.summary.failed.length > 0) {
    problems.push(...run.summary.failed.map(({ file, error }) => `untangle could not migrate ${file}: ${error}`));
  } else if (run.status !== EXIT.ok) {
    problems.push(`untangle exited ${String(run.status)}`);
  }
  // More failures with as many passes is a regression too: the harness counts a crashed test run as one failure.
  if (after.passed < before.passed || after.failed > before.failed) {
    problems.push(`tests passed ${String(before.passed)} before, ${String(after.passed)} after; failed ${String(before.failed)} before, ${String(after.failed)} after (see ${testLog})`);
  }
  return problems.map((problem) => `${pkg.id}: ${problem}`);
}

/** Sites left alone across all packages, by reason, most frequent first. */
function reasonTally(packages) {
  const tally = new Map();
  for (const { reason } of packages.flatMap((pkg) => pkg.run.summary?.leftAlone ?? [])) tally.set(reason, (tally.get(reason) ?? 0) + 1);
  return [...tally].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.map((cell) => String(cell).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map((_, index) => (index === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function report(options, packages, tally, problems) {
  const rows = packages.map(({ id, files, run, before, after, styleBefore, styleAfter }) => {
    const failedFiles = run.summary?.failed.length ?? 0;
    const changed = run.summary === undefined ? 'crashed' : `${String(run.summary.changed.length)}${failedFiles > 0 ? ` (${String(failedFiles)} failed)` : ''}`;
    const sites = `${String(styleBefore.callbackSites)} → ${String(styleAfter.callbackSites)}`;
    return [id, files.length, changed, sites, styleAfter.thenCalls, run.summary?.leftAlone.length ?? '?', before.passed, after.passed, after.failed];
  });
  const sitesBefore = packages.reduce((sum, pkg) => sum + pkg.styleBefore.callbackSites, 0);
  const sitesAfter = packages.reduce((sum, pkg) => sum + pkg.styleAfter.callbackSites, 0);
  const share = sitesBefore === 0 ? 0 : Math.round((100 * (sitesBefore - sitesAfter)) / sitesBefore);
  const lines = [
    `## untangle ${[options.codemod, ...(options.codemodArguments.length > 0 ? ['--', ...options.codemodArguments] : [])].join(' ')} on the corpus`,
    '',
    markdownTable(['package', 'library files', 'files changed', 'callback sites before → after', '.then calls after', 'sites left alone', 'tests passed before', 'tests passed after', 'failed after'], rows),
    '',
    `Callback sites migrated: ${String(sitesBefore - sitesAfter)} of ${String(sitesBefore)} (${String(share)} %).`,
    '',
    ...(tally.length === 0 ? ['No site was reported as left alone.'] : [markdownTable(['reason a site was left alone', 'sites'], tally)]),
    '',
    ...(problems.length === 0 ? ['OK: every package passes as many tests after the migration as before.'] : ['FAILED:', ...problems.map((problem) => `- ${problem}`)]),
  ];
  return `${lines.join('\n')}\n`;
}

async function main(argv) {
  const options = parseOptions(argv);
  if (options.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  if (!existsSync(cli)) throw new UsageError(`${path.relative(process.cwd(), cli)} is missing: run \`npm run build\` first`);
  if (!existsSync(options.harness)) throw new UsageError(`no corpus harness at ${options.harness} (use --harness PATH)`);
  // A dry run on this very file checks that untangle runs and takes the codemod and its options, before minutes go
  // into the corpus.
  const preflight = untangle(options, projectRoot, [import.meta.filename], ['--dry']);
  if (preflight.summary === undefined) throw new Error(`untangle does not run: ${crashMessage(preflight)}`);
  const packages = listPackages(options);

  let restored = true;
  try {
    log(`preparing ${packages.map((pkg) => pkg.id).join(', ')}`);
    await prepareCorpus(options);
    stopIfInterrupted();
    const before = await runTests(options, packages, 'before');
    for (const pkg of packages) {
      pkg.files = libraryFiles(pkg);
      pkg.before = before.get(pkg.id);
      pkg.styleBefore = await countStyle(pkg);
      pkg.run = migrate(options, pkg);
      pkg.styleAfter = await countStyle(pkg);
    }
    const after = await runTests(options, packages, 'after');
    for (const pkg of packages) pkg.after = after.get(pkg.id);
  } finally {
    if (options.keep) log(`kept the migrated sources; restore them with: ${options.harness} --restore --prepare-only`);
    else restored = await restoreCorpus(options);
  }

  for (const pkg of packages) pkg.problems = problemsOf(pkg);
  const problems = packages.flatMap((pkg) => pkg.problems);
  if (!restored) problems.push('the pristine sources could not be restored (see above)');
  const tally = reasonTally(packages);
  process.stdout.write(report(options, packages, tally, problems));
  if (options.json !== undefined) {
    const result = {
      codemod: options.codemod,
      codemodArguments: options.codemodArguments,
      harness: options.harness,
      ok: problems.length === 0,
      problems,
      packages: packages.map(({ id, dir, patterns, files, before, after, styleBefore, styleAfter, run, problems: own }) => ({
        id,
        dir,
        patterns,
        files,
        before,
        after,
        callbackSites: { before: styleBefore.callbackSites, after: styleAfter.callbackSites },
        thenCallsAfter: styleAfter.thenCalls,
        untangle: { status: run.status, signal: run.signal, summary: run.summary ?? null },
        problems: own,
      })),
      leftAloneReasons: Object.fromEntries(tally),
    };
    writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
    log(`wrote ${options.json}`);
  }
  return problems.length === 0 ? EXIT.ok : EXIT.failure;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof Interrupted) {
    log('interrupted');
    process.exitCode = EXIT.interrupted;
  } else {
    log(error instanceof Error ? error.message : String(error));
    process.exitCode = error instanceof UsageError ? EXIT.usage : EXIT.failure;
  }
}
