import { spawn } from 'node:child_process';

/**
 * Running test programs with the Node that runs the tests, as a user would run them: without what the test runner
 * set in the environment for itself (coverage, loader options).
 */
export interface NodeRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/** Long enough for the slowest program on a busy machine; a program that hangs fails instead of stalling the run. */
export const RUN_TIMEOUT_MS = 30_000;

const childEnvironment = { ...process.env };
delete childEnvironment.NODE_OPTIONS;
delete childEnvironment.NODE_V8_COVERAGE;

export interface RunOptions {
  /** Longer than {@link RUN_TIMEOUT_MS} for scripts that run many programs themselves. */
  readonly timeout?: number;
  /** Variables added to the clean environment. */
  readonly environment?: Readonly<Record<string, string>>;
}

/** Runs `file` with `args` in `cwd` and collects what it prints; several may run at once. */
export function runNode(file: string, cwd: string, args: readonly string[] = [], options: RunOptions = {}): Promise<NodeRun> {
  const { timeout = RUN_TIMEOUT_MS, environment = {} } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { cwd, env: { ...childEnvironment, ...environment }, timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      resolve({ stdout, stderr, status });
    });
  });
}

/** The non-empty lines a run printed. */
export function printedLines(run: NodeRun): string[] {
  return run.stdout.split('\n').filter((line) => line !== '');
}
