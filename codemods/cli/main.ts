import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { CODEMODS, findCodemod } from '../index.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const { version } = createRequire(import.meta.url)('eslint-plugin-untangle/package.json') as { version: string };

/** Exit codes shared by every subcommand: 0 ok, 1 failures or `--check` findings, 2 usage errors. */
export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2 });

function listing(): string {
  if (CODEMODS.length === 0) return 'No codemods are registered yet.\n';
  const width = Math.max(...CODEMODS.map((codemod) => codemod.name.length));
  return CODEMODS.map((codemod) => `${codemod.name.padEnd(width)}  ${codemod.summary}\n`).join('');
}

/** The `untangle` command. Returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('untangle')
    .description('Migrate callback-era code to promises and async/await, safely.')
    .usage('<codemod> <paths...> [options]')
    .argument('[codemod]', 'the codemod to run (see --list)')
    .argument('[paths...]', 'files and directories to migrate')
    .option('--list', 'list the registered codemods')
    .version(version, '-v, --version')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .action((codemodName: string | undefined, paths: string[], options: { list?: boolean }) => {
      if (options.list === true) {
        io.stdout(listing());
        return;
      }
      if (codemodName === undefined) {
        io.stderr(program.helpInformation());
        exitCode = EXIT.usage;
        return;
      }
      if (findCodemod(codemodName) === undefined) {
        io.stderr(`untangle: unknown codemod "${codemodName}". Registered codemods:\n${listing()}`);
        exitCode = EXIT.usage;
        return;
      }
      if (paths.length === 0) {
        io.stderr(`untangle: name the files or directories to migrate: untangle ${codemodName} <paths...>\n`);
        exitCode = EXIT.usage;
        return;
      }
      // The runner (dry runs, diffs, --check, reports) is not part of this version yet.
      io.stderr(`untangle: this version only lists codemods; run one with jscodeshift -t dist/codemods/${codemodName}.js\n`);
      exitCode = EXIT.usage;
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  return exitCode;
}
