import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, main } from '../../codemods/cli/main.js';
import type { CodemodDefinition } from '../../codemods/index.js';

const registry: CodemodDefinition[] = [
  { name: 'first-codemod', summary: 'does the first thing', options: {} },
  { name: 'second', summary: 'does the second thing', options: {} },
];

async function run(...argv: string[]) {
  return runWith(undefined, ...argv);
}

async function runWith(codemods: CodemodDefinition[] | undefined, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) }, codemods);
  return { code, stdout, stderr };
}

describe('untangle', () => {
  it('prints usage and exits 2 without arguments', async () => {
    const result = await run();
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('Usage: untangle <codemod> <paths...> [options]');
  });

  it('prints help on --help and exits 0', async () => {
    const result = await run('--help');
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain('--list');
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    const result = await run('--version');
    expect(result).toEqual({ code: EXIT.ok, stdout: `${version}\n`, stderr: '' });
  });

  it('lists the registered codemods', async () => {
    const result = await run('--list');
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain('callback-to-promise  Turn error-first callback code into promise-returning code');
    expect(result.stdout).toContain('promise-to-async     Turn .then/.catch/.finally chains into async/await');
    expect(result.stdout).toContain('callback-to-async    Migrate error-first callback code to async/await');
  });

  it('says so when no codemod is registered', async () => {
    const result = await runWith([], '--list');
    expect(result.stdout).toBe('No codemods are registered yet.\n');
  });

  it('refuses an unknown codemod with exit 2', async () => {
    const result = await run('callbacks-to-magic', 'src');
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('unknown codemod "callbacks-to-magic"');
  });

  it('refuses an unknown option with exit 2', async () => {
    const result = await run('--frobnicate');
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain("unknown option '--frobnicate'");
  });

  it('lists codemods in aligned columns', async () => {
    const result = await runWith(registry, '--list');
    expect(result.stdout).toBe('first-codemod  does the first thing\nsecond         does the second thing\n');
  });

  it('asks for paths when a known codemod has none', async () => {
    const result = await runWith(registry, 'second');
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('untangle second <paths...>');
  });

});
