import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { createTwoFilesPatch } from 'diff';
import type { Transform } from 'jscodeshift';
import { createRequire } from 'node:module';
import { CODEMODS, type CodemodDefinition, type ParserName, loadTransforms, validateCodemodOptions } from '../index.js';
import { DEFAULT_EXTENSIONS, selectFiles } from './files.js';
import { healthReport, healthTable } from './report.js';
import { healthPage } from './report-html.js';
import { workingTree } from './git.js';
import { runInWorkers, workerCount } from './parallel.js';
import { type RunMode, type RunSummary, runCodemod } from './run.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The directory paths are relative to (the process's own by default). */
  readonly cwd?: string;
  /** Output goes to a terminal: colour the diff and draw a progress bar. */
  readonly terminal?: boolean;
  /** Aborted on Ctrl-C: the run stops after the files at hand, each left either as it was or fully migrated. */
  readonly signal?: AbortSignal;
}

/** Runs longer than this show progress. */
const PROGRESS_FROM_FILES = 40;

const { version } = createRequire(import.meta.url)('eslint-plugin-untangle/package.json') as { version: string };

/** Exit codes shared by every subcommand: 0 ok, 1 failures or `--check` findings, 2 usage errors, 130 Ctrl-C. */
export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2, interrupted: 130 });

/** A mistake in how the command was called: exit code 2. */
class UsageError extends Error {}

/** Loads a codemod's transforms (its own, or a preset's stages in order); tests pass their own. */
export type TransformLoader = (codemod: CodemodDefinition, registry: readonly CodemodDefinition[]) => Promise<Transform[]>;

function listing(registry: readonly CodemodDefinition[]): string {
  if (registry.length === 0) return 'No codemods are registered yet.\n';
  const width = Math.max(...registry.map((codemod) => codemod.name.length));
  return registry.map((codemod) => `${codemod.name.padEnd(width)}  ${codemod.summary}\n`).join('');
}

interface CommandOptions {
  readonly list?: boolean;
  readonly dry?: boolean;
  readonly print?: boolean;
  readonly diff?: boolean;
  readonly check?: boolean;
  readonly json?: boolean;
  readonly force?: boolean;
  readonly extensions: string;
  readonly parser?: ParserName;
  readonly ignorePattern: string[];
  readonly cpus: number;
}

/**
 * The `untangle` command. Returns the exit code instead of exiting, and takes the registry and the transform loader
 * as parameters, so tests can call it with codemods of their own.
 */
export async function main(
  argv: readonly string[],
  io: Io,
  registry: readonly CodemodDefinition[] = CODEMODS,
  loadTransform: TransformLoader = loadTransforms,
): Promise<number> {
  if (argv[0] === 'report') return report(argv.slice(1), io);
  // Codemod options come after `--`, where commander would take them for paths.
  const separator = argv.indexOf('--');
  const ownArguments = separator === -1 ? argv : argv.slice(0, separator);
  const codemodArguments = separator === -1 ? [] : argv.slice(separator + 1);
  let exitCode: number = EXIT.ok;
  const program = new Command('untangle')
    .description('Migrate callback-era code to promises and async/await, safely.')
    .usage('<codemod> <paths...> [options] [-- codemod options]')
    .argument('[codemod]', 'the codemod to run (see --list)')
    .argument('[paths...]', 'files and directories to migrate')
    .option('--list', 'list the registered codemods')
    .option('--dry', 'change no file: only report what would change')
    .option('--print', 'print the new text of each file that would change (implies --dry)')
    .option('--diff', 'print a unified diff of what would change (implies --dry)')
    .option('--check', 'change no file; exit 1 when any would change (for CI)')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--force', 'run even where git shows uncommitted changes to the files')
    .option('--extensions <list>', 'file extensions to migrate, comma-separated', DEFAULT_EXTENSIONS.join(','))
    .addOption(new Option('--parser <name>', 'one parser for every file (default: by extension)').choices(['babel', 'ts', 'tsx']))
    .option('--cpus <n>', 'worker threads to use (default: every core)', (value: string) => Number.parseInt(value, 10), availableParallelism())
    .option('--ignore-pattern <glob>', 'leave matching files alone (repeatable; node_modules always is)', (value: string, previous: string[]) => [...previous, value], [])
    .version(version, '-v, --version')
    .addHelpText('after', '\nAlso: untangle report <paths...> [--json] [--html FILE]: the async health of the code, per directory.')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .action(async (codemodName: string | undefined, paths: string[], options: CommandOptions) => {
      if (options.list === true) {
        io.stdout(listing(registry));
        return;
      }
      if (codemodName === undefined) {
        io.stderr(program.helpInformation());
        exitCode = EXIT.usage;
        return;
      }
      exitCode = await migrate(codemodName, paths, options, codemodArguments, { io, registry, loadTransform });
    });
  try {
    await program.parseAsync([...ownArguments], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  return exitCode;
}

interface ReportOptions {
  readonly json?: boolean;
  readonly html?: string;
  readonly extensions: string;
  readonly ignorePattern: string[];
}

/** `untangle report <paths...>`: the async health of the code, per directory; changes nothing. */
async function report(argv: readonly string[], io: Io): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  let exitCode: number = EXIT.ok;
  const program = new Command('untangle report')
    .description('Report the async health of the code: callback sites, promise chains, async functions, continuation depth, blocking calls in async code and floating promises, per directory.')
    .argument('<paths...>', 'files and directories to read')
    .option('--json', 'print the report as JSON on stdout')
    .option('--html <file>', 'also write the report as one self-contained page with charts')
    .option('--extensions <list>', 'file extensions to read, comma-separated', DEFAULT_EXTENSIONS.join(','))
    .option('--ignore-pattern <glob>', 'leave matching files out (repeatable; node_modules always is)', (value: string, previous: string[]) => [...previous, value], [])
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .action(async (paths: string[], options: ReportOptions) => {
      let files: string[];
      try {
        files = selectFiles(paths, { extensions: options.extensions.split(',').filter(Boolean), ignorePatterns: options.ignorePattern, cwd });
      } catch (error) {
        io.stderr(`untangle: ${error instanceof Error ? error.message : String(error)}\n`);
        exitCode = EXIT.usage;
        return;
      }
      const health = await healthReport(files, cwd);
      io.stdout(options.json === true ? `${JSON.stringify(health, null, 2)}\n` : healthTable(health));
      if (options.html !== undefined) {
        const page = path.resolve(cwd, options.html);
        writeFileSync(page, healthPage(health, `Async health of ${paths.join(', ')}`));
        io.stderr(`untangle: wrote ${relative(cwd, page)}\n`);
      }
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  return exitCode;
}

interface Context {
  readonly io: Io;
  readonly registry: readonly CodemodDefinition[];
  readonly loadTransform: TransformLoader;
}

async function migrate(codemodName: string, paths: string[], options: CommandOptions, codemodArguments: readonly string[], context: Context): Promise<number> {
  const { io } = context;
  const cwd = io.cwd ?? process.cwd();
  const codemod = context.registry.find((candidate) => candidate.name === codemodName);
  if (codemod === undefined) {
    io.stderr(`untangle: unknown codemod "${codemodName}". Registered codemods:\n${listing(context.registry)}`);
    return EXIT.usage;
  }
  if (paths.length === 0) {
    io.stderr(`untangle: name the files or directories to migrate: untangle ${codemodName} <paths...>\n`);
    return EXIT.usage;
  }
  if (!Number.isInteger(options.cpus) || options.cpus < 1) {
    io.stderr('untangle: --cpus takes a whole number of at least 1\n');
    return EXIT.usage;
  }
  let codemodOptions: Record<string, unknown>;
  let files: string[];
  try {
    codemodOptions = parseCodemodOptions(codemod, codemodArguments);
    files = selectFiles(paths, { extensions: options.extensions.split(',').filter(Boolean), ignorePatterns: options.ignorePattern, cwd });
  } catch (error) {
    io.stderr(`untangle: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
  const showsChanges = options.print === true || options.diff === true;
  const mode: RunMode = options.check === true ? 'check' : options.dry === true || showsChanges ? 'dry' : 'write';
  const report = options.json === true ? io.stderr : io.stdout; // with --json, stdout holds only the JSON
  if (mode === 'write' && options.force !== true) {
    const tree = workingTree(files, cwd);
    if (!tree.repository) {
      io.stderr('untangle: warning: not inside a git repository, so the changes cannot be reviewed or undone with git\n');
    } else if (tree.dirty.length > 0) {
      const shown = tree.dirty.slice(0, 5).map((file) => `  ${relative(cwd, file)}\n`).join('');
      io.stderr(`untangle: refusing to change files with uncommitted changes (commit or stash them, or use --force):\n${shown}`);
      return EXIT.usage;
    }
  }
  const parserText = options.parser === undefined ? 'parser by file extension' : `parser ${options.parser}`;
  report(`untangle: ${codemod.name} on ${String(files.length)} file${files.length === 1 ? '' : 's'} (${mode}, ${parserText})\n`);
  const runOptions = {
    codemod: codemod.name,
    mode,
    // the run's files, so that a transform can rewrite calls into another module of the same run
    codemodOptions: { ...codemodOptions, runFiles: files.map((file) => path.resolve(cwd, file)) },
    ...(options.parser === undefined ? {} : { parser: options.parser }),
    ...(showsChanges
      ? {
          onChange: (file: string, before: string, after: string) => {
            if (options.print === true) io.stdout(after);
            if (options.diff === true) io.stdout(unifiedDiff(relative(cwd, file), before, after, io.terminal === true));
          },
        }
      : {}),
    ...(files.length >= PROGRESS_FROM_FILES && options.json !== true ? { onProgress: progressReporter(io) } : {}),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  };
  const workers = workerCount(files.length, options.cpus);
  // Workers run the built command's worker.js; from sources (tests) the run stays in this thread.
  const parallel = workers > 1 && existsSync(fileURLToPath(new URL('./worker.js', import.meta.url)));
  const summary = parallel ? await runInWorkers(files, workers, runOptions) : await runCodemod(await context.loadTransform(codemod, context.registry), files, runOptions);
  if (options.json === true) io.stdout(`${JSON.stringify(jsonSummary(summary, cwd), null, 2)}\n`);
  else if (options.print !== true) report(textSummary(summary, cwd));
  if (summary.interrupted) {
    io.stderr(`untangle: interrupted; ${String(summary.files - summary.changed.length - summary.unchanged - summary.failed.length)} files were not reached\n`);
    return EXIT.interrupted;
  }
  if (summary.failed.length > 0) return EXIT.failure;
  return mode === 'check' && summary.changed.length > 0 ? EXIT.failure : EXIT.ok;
}

/** `--name=value`, `--name value`, `--flag` and `--no-flag`, typed by the codemod's own option list. */
function parseCodemodOptions(codemod: CodemodDefinition, tokens: readonly string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    const match = /^--(no-)?([^=]+)(?:=(.*))?$/.exec(token);
    if (match === null) throw new UsageError(`codemod options look like --name=value, not "${token}"`);
    const [, negated, name = '', inline] = match;
    const definition = codemod.options[name];
    if (definition?.type === 'boolean') {
      options[name] = negated === undefined && inline !== 'false';
    } else if (inline !== undefined) {
      options[name] = inline;
    } else {
      const next = tokens[index + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      options[name] = next;
      index += 1;
    }
  }
  const problems = validateCodemodOptions(codemod, options);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return options;
}

function relative(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

function jsonSummary(summary: RunSummary, cwd: string): unknown {
  return {
    codemod: summary.codemod,
    mode: summary.mode,
    files: summary.files,
    changed: summary.changed.map((file) => relative(cwd, file)),
    unchanged: summary.unchanged,
    failed: summary.failed.map(({ file, error }) => ({ file: relative(cwd, file), error })),
    leftAlone: summary.reports.map(({ file, line, reason }) => ({ file: relative(cwd, file), line: line ?? null, reason })),
    seconds: Number(summary.seconds.toFixed(3)),
    interrupted: summary.interrupted,
  };
}

/** Counts, time, then the sites left alone grouped by reason (most frequent first), then the failures. */
function textSummary(summary: RunSummary, cwd: string): string {
  const verb = summary.mode === 'write' ? 'changed' : 'would change';
  const lines = [
    `${String(summary.changed.length)} ${verb}, ${String(summary.unchanged)} unchanged, ${String(summary.failed.length)} failed, in ${summary.seconds.toFixed(1)} s`,
  ];
  const byReason = new Map<string, string[]>();
  for (const { file, line, reason } of summary.reports) {
    const places = byReason.get(reason) ?? [];
    places.push(line === undefined ? relative(cwd, file) : `${relative(cwd, file)}:${String(line)}`);
    byReason.set(reason, places);
  }
  if (byReason.size > 0) {
    lines.push(`left alone: ${String(summary.reports.length)} site${summary.reports.length === 1 ? '' : 's'}`);
    for (const [reason, places] of [...byReason].sort((a, b) => b[1].length - a[1].length)) {
      lines.push(`  ${String(places.length).padStart(4)}  ${reason}`, ...places.map((place) => `          ${place}`));
    }
  }
  if (summary.failed.length > 0) {
    lines.push('failed (left untouched):', ...summary.failed.map(({ file, error }) => `  ${relative(cwd, file)}: ${error}`));
  }
  return `${lines.join('\n')}\n`;
}

/** A `diff -u` of one file, with `a/` and `b/` prefixes like git's; coloured for a terminal. */
function unifiedDiff(file: string, before: string, after: string, colour: boolean): string {
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 });
  const body = patch.replace(/^=+\n/, '').replace(/^Index: .*\n/, '');
  if (!colour) return body;
  const paint = (code: number, line: string): string => `\u001b[${String(code)}m${line}\u001b[0m`;
  return body
    .split('\n')
    .map((line) => (line.startsWith('+++') || line.startsWith('---') ? paint(1, line) : line.startsWith('+') ? paint(32, line) : line.startsWith('-') ? paint(31, line) : line.startsWith('@@') ? paint(36, line) : line))
    .join('\n');
}

/** A bar redrawn on a terminal; elsewhere a line at every tenth of the run. */
function progressReporter(io: Io): (done: number, total: number) => void {
  let lastTenth = 0;
  return (done, total) => {
    if (io.terminal === true) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      io.stderr(`\r[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${String(done)}/${String(total)}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor((done / total) * 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      io.stderr(`untangle: ${String(done)}/${String(total)} files\n`);
    }
  };
}
