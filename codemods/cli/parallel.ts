import { Worker } from 'node:worker_threads';
import { type RunOptions, type RunSummary, type SiteReport, writeAll, written } from './run.js';
import type { WorkerMessage, WorkerTask } from './worker.js';

/** Below this many files per worker, starting workers (each loads the parsers) costs more than it saves. */
export const FILES_PER_WORKER = 50;

/** How many workers a run of `files` files gets with `cpus` cores: one when that would not pay. */
export function workerCount(files: number, cpus: number): number {
  return Math.max(1, Math.min(cpus, Math.floor(files / FILES_PER_WORKER)));
}

/**
 * Runs the codemod over `files` in `workers` worker threads (files dealt out in turn, so large and small ones
 * spread evenly) and merges what they found, in the order of `files`. Changes are reported once every worker is
 * done, in file order, so that output does not depend on which worker finished first.
 */
export async function runInWorkers(files: readonly string[], workers: number, options: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  const shares = Array.from({ length: workers }, (_, worker) => files.filter((_file, index) => index % workers === worker));
  const changes: { file: string; before: string; after: string }[] = [];
  let done = 0;
  const summaries = await Promise.all(
    shares.map(
      (share) =>
        new Promise<RunSummary>((resolve, reject) => {
          const task: WorkerTask = { codemod: options.codemod, files: share, mode: options.mode, codemodOptions: options.codemodOptions, withTexts: options.onChange !== undefined || options.mode === 'write', ...(options.parser === undefined ? {} : { parser: options.parser }) };
          const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: task });
          options.signal?.addEventListener('abort', () => {
            worker.postMessage('stop');
          });
          worker.on('message', (message: WorkerMessage) => {
            if (message.kind === 'progress') options.onProgress?.((done += 1), files.length);
            else if (message.kind === 'change') changes.push(message);
            else resolve(message.summary);
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (code !== 0) reject(new Error(`a worker stopped with exit code ${String(code)}`));
          });
        }),
    ),
  );
  const order = new Map(files.map((file, index) => [file, index]));
  const byFile = (a: string, b: string): number => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  changes.sort((a, b) => byFile(a.file, b.file));
  // written once every worker is done, so that no worker reads another's output as a module of the run
  const notWritten = options.mode === 'write' ? writeAll(changes.map((change) => ({ file: change.file, text: change.after }))) : [];
  for (const change of changes) options.onChange?.(change.file, change.before, change.after);
  const reports: SiteReport[] = summaries.flatMap((summary) => summary.reports).sort((a, b) => byFile(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0));
  return {
    codemod: options.codemod,
    mode: options.mode,
    files: files.length,
    changed: written(summaries.flatMap((summary) => summary.changed), notWritten).sort(byFile),
    unchanged: summaries.reduce((sum, summary) => sum + summary.unchanged, 0),
    failed: [...summaries.flatMap((summary) => summary.failed), ...notWritten].sort((a, b) => byFile(a.file, b.file)),
    reports,
    seconds: (performance.now() - started) / 1000,
    interrupted: summaries.some((summary) => summary.interrupted),
  };
}
