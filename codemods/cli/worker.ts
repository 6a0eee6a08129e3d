import { parentPort, workerData } from 'node:worker_threads';
import { CODEMODS, type ParserName, loadTransforms } from '../index.js';
import { type RunMode, runCodemod } from './run.js';

/** What the main thread hands one worker: its share of the files and how to run the codemod on them. */
export interface WorkerTask {
  readonly codemod: string;
  readonly files: readonly string[];
  readonly mode: RunMode;
  readonly codemodOptions: Readonly<Record<string, unknown>>;
  readonly parser?: ParserName;
  /** Send each change's texts back (for --print and --diff, and in write mode, where the main thread writes). */
  readonly withTexts: boolean;
}

export type WorkerMessage =
  | { readonly kind: 'progress' }
  | { readonly kind: 'change'; readonly file: string; readonly before: string; readonly after: string }
  | { readonly kind: 'done'; readonly summary: Awaited<ReturnType<typeof runCodemod>> };

const task = workerData as WorkerTask;
const codemod = CODEMODS.find((candidate) => candidate.name === task.codemod);
if (parentPort === null || codemod === undefined) throw new Error(`untangle worker: no codemod ${task.codemod}`);
const port = parentPort;
const send = (message: WorkerMessage): void => {
  port.postMessage(message);
};
// a stop from the main thread (Ctrl-C) ends the run after the file at hand
const stop = new AbortController();
port.on('message', () => {
  stop.abort();
});
const transforms = await loadTransforms(codemod, CODEMODS);
const summary = await runCodemod(transforms, task.files, {
  codemod: task.codemod,
  mode: task.mode,
  codemodOptions: task.codemodOptions,
  ...(task.parser === undefined ? {} : { parser: task.parser }),
  onChange: (file, before, after) => {
    if (task.withTexts) send({ kind: 'change', file, before, after });
  },
  onProgress: () => {
    send({ kind: 'progress' });
  },
  signal: stop.signal,
  callerWrites: true,
});
send({ kind: 'done', summary });
port.close();
