import { isUtf8 } from 'node:buffer';
import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Transform } from 'jscodeshift';
import { type ParserName, runTransform } from '../index.js';

export type RunMode = 'write' | 'dry' | 'check';

export interface SiteReport {
  readonly file: string;
  readonly line: number | undefined;
  readonly reason: string;
}

export interface RunSummary {
  readonly codemod: string;
  readonly mode: RunMode;
  readonly files: number;
  /** Files the codemod changed (written in `write` mode, only reported otherwise). */
  readonly changed: readonly string[];
  readonly unchanged: number;
  /** Files that could not be read (binary, not UTF-8), parsed or transformed: each left exactly as it was. */
  readonly failed: readonly { readonly file: string; readonly error: string }[];
  /** Every site left alone, with its reason. */
  readonly reports: readonly SiteReport[];
  readonly seconds: number;
  /** Stopped early (Ctrl-C): the files not reached are neither changed nor counted. */
  readonly interrupted: boolean;
}

export interface RunOptions {
  readonly codemod: string;
  readonly mode: RunMode;
  readonly codemodOptions: Readonly<Record<string, unknown>>;
  /** One parser for every file; by default each file's extension decides. */
  readonly parser?: ParserName;
  /** Called with each changed file's new text (`--print`, `--diff`). */
  readonly onChange?: (file: string, before: string, after: string) => void;
  /** Called after each file, for progress. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborted (Ctrl-C): finish the file at hand, then stop. */
  readonly signal?: AbortSignal;
  /** In write mode, leave the writing to the caller (a worker's main thread, which writes once every worker is done). */
  readonly callerWrites?: boolean;
}

/**
 * Runs a transform (or a preset's stages, each on what the one before produced) over `files`. A file that fails
 * (unreadable, unparsable, a transform error, in any stage) is recorded and left untouched, and the run goes on; a
 * changed file is written once, atomically (a temporary file renamed over it), so an interrupted run leaves each
 * file either old or new. Files are written after every file was transformed: a transform that reads the run's other
 * modules (callback-to-promise plans their exports) must see them as they were, not as this run rewrote them.
 */
export async function runCodemod(stages: Transform | readonly Transform[], files: readonly string[], options: RunOptions): Promise<RunSummary> {
  const transforms: readonly Transform[] = typeof stages === 'function' ? [stages] : stages;
  const started = performance.now();
  const changed: string[] = [];
  const failed: { file: string; error: string }[] = [];
  const reports: SiteReport[] = [];
  let unchanged = 0;
  let interrupted = false;
  const writes: { file: string; text: string }[] = [];
  for (const [index, file] of files.entries()) {
    if (options.signal?.aborted === true) {
      interrupted = true;
      break;
    }
    try {
      const bytes = readFileSync(file);
      if (bytes.includes(0)) throw new Error('binary file');
      // read as UTF-8, other bytes would come back as U+FFFD: a file written back would lose them
      if (!isUtf8(bytes)) throw new Error('not UTF-8 text');
      const source = bytes.toString('utf8');
      let text = source;
      const found: SiteReport[] = [];
      for (const transform of transforms) {
        const result = await runTransform(transform, { path: file, source: text }, options.codemodOptions, options.parser);
        found.push(...result.reports.map((message) => ({ file, ...parseReport(message) })));
        text = result.output ?? text;
      }
      // by line within the file, whatever order the transforms found them in
      reports.push(...found.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
      if (text === source) {
        unchanged += 1;
      } else {
        if (options.mode === 'write' && options.callerWrites !== true) writes.push({ file, text });
        changed.push(file);
        options.onChange?.(file, source, text);
      }
    } catch (error) {
      failed.push({ file, error: errorLine(error) });
    }
    options.onProgress?.(index + 1, files.length);
    // let the event loop deliver a Ctrl-C (or a worker's stop message) between files
    await new Promise((resolve) => setImmediate(resolve));
  }
  const notWritten = writeAll(writes);
  failed.push(...notWritten);
  const seconds = (performance.now() - started) / 1000;
  return { codemod: options.codemod, mode: options.mode, files: files.length, changed: written(changed, notWritten), unchanged, failed, reports, seconds, interrupted };
}

/** The changed files less those that could not be written (which count as failed). */
export function written(changed: readonly string[], notWritten: readonly { readonly file: string }[]): string[] {
  const failed = new Set(notWritten.map((failure) => failure.file));
  return changed.filter((file) => !failed.has(file));
}

/** Writes each file atomically; the files that could not be written, with why. */
export function writeAll(writes: readonly { readonly file: string; readonly text: string }[]): { file: string; error: string }[] {
  const failed: { file: string; error: string }[] = [];
  for (const { file, text } of writes) {
    try {
      writeAtomically(file, text);
    } catch (error) {
      failed.push({ file, error: errorLine(error) });
    }
  }
  return failed;
}

/** `line 12: left as is (reason)`, as the transforms report; anything else is kept whole as the reason. */
function parseReport(message: string): { line: number | undefined; reason: string } {
  const match = /^line (\d+): left as is \((.*)\)$/.exec(message);
  return match === null ? { line: undefined, reason: message } : { line: Number(match[1]), reason: match[2] ?? message };
}

function writeAtomically(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.untangle-${String(process.pid)}.tmp`);
  try {
    writeFileSync(temporary, text);
    chmodSync(temporary, statSync(file).mode);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The first line of an error's message (a parser's message, without its code frame). */
export function errorLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}
