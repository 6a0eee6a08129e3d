#!/usr/bin/env node
import { main } from './main.js';

// Ctrl-C: let the run finish the files at hand and stop; a second Ctrl-C ends the process at once.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  terminal: process.stdout.isTTY,
  signal: interrupt.signal,
});
