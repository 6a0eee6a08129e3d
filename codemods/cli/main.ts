import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { CODEMODS, type CodemodDefinition } from '../index.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const { version } = createRequire(import.meta.url)('eslint-plugin-untangle/package.json') as { version: string };

/** Exit codes shared by every subcommand: 0 ok, 1 failures or `--check` findings, 2 usage errors. */
export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2 });

function listing(registry: readonly CodemodDefinition[]): string {
  if (registry.length === 0) return 'No codemods are registered yet.\n';
  const width = Math.max(...registry.map((codemod) => codemod.name.length));
  return registry.map((codemod) => `${codemod.name.padEnd(width)}  ${codemod.summary}\n`).join('');
}

/**
 * The `untangle` command. Returns the exit code instead of exiting, and takes the registry as a parameter, so
 * tests can call it with codemods of their own.
 */
export async function main(argv: readonly string[], io: Io, registry: readonly CodemodDefinition[] = CODEMODS): Promise<number> {
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
        io.stdout(listing(registry));
        return;
      }
      if (codemodName === undefined) {
        io.stderr(program.helpInformation());
        exitCode = EXIT.usage;
        return;
      }
      if (!registry.some((codemod) => codemod.name === codemodName)) {
        io.stderr(`untangle: unknown codemod "${codemodName}". Registered codemods:\n${listing(registry)}`);
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
