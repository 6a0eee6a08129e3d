// Running a Node script as a child process for the benchmark scripts: what it printed, how it ended, how long it took.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/**
 * Runs `node ...args` to its end. `echoStderr` passes the child's progress on to this process's stderr as it comes.
 * Resolves with { status, signal, stdout, stderr, seconds } (wall time from start to exit).
 */
export function runNode(args, { cwd, timeout, echoStderr = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
      if (echoStderr) process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
}
