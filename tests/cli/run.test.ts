import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, main } from '../../codemods/cli/main.js';
import { CODEMODS } from '../../codemods/index.js';

const CONVERTIBLE = 'async function load() {\n  return 1;\n}\n\nexport function next() {\n  return load().then((value) => value + 1);\n}\n';
const CONVERTED = 'async function load() {\n  return 1;\n}\n\nexport async function next() {\n  const value = await load();\n  return value + 1;\n}\n';
const SYNC_THROW = "export function name(db) {\n  return db.get(1).then((row) => row.name);\n}\n";
const BROKEN = 'export function broken( {\n  return p.then((x) => x);\n}\n';
const PLAIN = 'export const answer = 42;\n';

let directory: string;

/** A project in a fresh temporary directory, optionally a git repository with everything committed. */
function project(files: Record<string, string>, git = false): string {
  directory = mkdtempSync(path.join(tmpdir(), 'untangle-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), text);
  }
  if (git) {
    const run = (...args: string[]) => execFileSync('git', args, { cwd: directory, stdio: 'ignore' });
    run('init', '-q');
    run('add', '-A');
    run('-c', 'user.name=test', '-c', 'user.email=test@example.org', 'commit', '-qm', 'start');
  }
  return directory;
}

function read(name: string): string {
  return readFileSync(path.join(directory, name), 'utf8');
}

async function untangle(...argv: string[]) {
  return untangleOn(false, ...argv);
}

/** As on a terminal (`terminal`) or as in CI. */
async function untangleOn(terminal: boolean, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text), cwd: directory, terminal };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('untangle <codemod> <paths...>', () => {
  it('migrates the files, says what it will do first, and summarises what it changed and left alone', async () => {
    project({ 'src/a.js': CONVERTIBLE, 'src/b.js': SYNC_THROW, 'src/c.js': PLAIN }, true);
    const result = await untangle('promise-to-async', 'src');
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout.split('\n')[0]).toBe('untangle: promise-to-async on 3 files (write, parser by file extension)');
    expect(result.stdout).toMatch(/^1 changed, 2 unchanged, 0 failed, in \d+\.\d s$/m);
    expect(result.stdout).toContain('left alone: 1 site\n     1  a synchronous throw would become a rejection\n          src/b.js:2\n');
    expect(read('src/a.js')).toBe(CONVERTED);
    expect(read('src/b.js')).toBe(SYNC_THROW);
  });

  it('changes nothing in a dry run, and --check exits 1 while there is work and 0 once it is done', async () => {
    project({ 'a.js': CONVERTIBLE }, true);
    const dry = await untangle('promise-to-async', '.', '--dry');
    expect(dry.code).toBe(EXIT.ok);
    expect(dry.stdout).toContain('1 would change, 0 unchanged, 0 failed');
    expect(read('a.js')).toBe(CONVERTIBLE);
    expect((await untangle('promise-to-async', '.', '--check')).code).toBe(EXIT.failure);
    expect(read('a.js')).toBe(CONVERTIBLE);
    expect((await untangle('promise-to-async', '.')).code).toBe(EXIT.ok);
    expect((await untangle('promise-to-async', '.', '--check')).code).toBe(EXIT.ok);
  });

  it('prints the new text with --print and writes nothing', async () => {
    project({ 'a.js': CONVERTIBLE }, true);
    const result = await untangle('promise-to-async', 'a.js', '--print');
    expect(result.stdout).toBe(`untangle: promise-to-async on 1 file (dry, parser by file extension)\n${CONVERTED}`);
    expect(read('a.js')).toBe(CONVERTIBLE);
  });

  it('reports a file that does not parse, leaves it byte for byte, goes on with the others and exits 1', async () => {
    project({ 'a.js': CONVERTIBLE, 'broken.js': BROKEN }, true);
    const result = await untangle('promise-to-async', '.');
    expect(result.code).toBe(EXIT.failure);
    expect(result.stdout).toMatch(/failed \(left untouched\):\n {2}broken\.js: .+/);
    expect(read('broken.js')).toBe(BROKEN);
    expect(read('a.js')).toBe(CONVERTED);
  });

  it('leaves binary files and files that are not UTF-8 byte for byte, and says why', async () => {
    project({ 'a.js': CONVERTIBLE });
    // Latin-1 bytes in a comment of a file that would convert: read as UTF-8 and written back, they would be lost
    const latin1 = Buffer.from(`// \u00a9 M\u00fcller\n${CONVERTIBLE}`, 'latin1');
    const binary = Buffer.from(`${CONVERTIBLE}\0\0`, 'utf8');
    writeFileSync(path.join(directory, 'latin1.js'), latin1);
    writeFileSync(path.join(directory, 'binary.js'), binary);
    const result = await untangle('promise-to-async', '.', '--json');
    expect(result.code).toBe(EXIT.failure);
    expect((JSON.parse(result.stdout) as { failed: unknown }).failed).toEqual([
      { file: 'binary.js', error: 'binary file' },
      { file: 'latin1.js', error: 'not UTF-8 text' },
    ]);
    expect(readFileSync(path.join(directory, 'latin1.js'))).toEqual(latin1);
    expect(readFileSync(path.join(directory, 'binary.js'))).toEqual(binary);
    expect(read('a.js')).toBe(CONVERTED);
  });

  it('refuses files with uncommitted changes unless --force, and warns outside a repository', async () => {
    project({ 'a.js': CONVERTIBLE }, true);
    writeFileSync(path.join(directory, 'a.js'), `${CONVERTIBLE}// edited\n`);
    const refused = await untangle('promise-to-async', '.');
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toContain('refusing to change files with uncommitted changes (commit or stash them, or use --force):\n  a.js\n');
    expect(read('a.js')).toBe(`${CONVERTIBLE}// edited\n`);
    expect((await untangle('promise-to-async', '.', '--force')).code).toBe(EXIT.ok);
    rmSync(directory, { recursive: true, force: true });
    project({ 'a.js': CONVERTIBLE });
    const outside = await untangle('promise-to-async', '.');
    expect(outside.stderr).toContain('warning: not inside a git repository');
    expect(read('a.js')).toBe(CONVERTED);
  });

  it('prints a complete JSON summary on stdout with --json', async () => {
    project({ 'a.js': CONVERTIBLE, 'b.js': SYNC_THROW, 'broken.js': BROKEN }, true);
    const result = await untangle('promise-to-async', '.', '--dry', '--json');
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      codemod: 'promise-to-async',
      mode: 'dry',
      files: 3,
      changed: ['a.js'],
      unchanged: 1,
      leftAlone: [{ file: 'b.js', line: 2, reason: 'a synchronous throw would become a rejection' }],
    });
    expect(summary.failed).toEqual([{ file: 'broken.js', error: "Unexpected keyword 'return'. (2:2)" }]);
    expect(result.stderr).toContain('untangle: promise-to-async on 3 files (dry');
  });

  it('passes codemod options given after --, and refuses unknown ones', async () => {
    project({ 'b.js': SYNC_THROW }, true);
    const unknown = await untangle('promise-to-async', '.', '--', '--colour=red');
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toContain('unknown option --colour for promise-to-async');
    const wrong = await untangle('promise-to-async', '.', '--', '--syncThrows', 'maybe');
    expect(wrong.stderr).toContain('--syncThrows must be one of keep, reject');
    const result = await untangle('promise-to-async', '.', '--', '--syncThrows=reject', '--promiseClass', 'native');
    expect(result.code).toBe(EXIT.ok);
    expect(read('b.js')).toContain('export async function name(db) {');
  });

  it('skips node_modules, ignore patterns and what .gitignore excludes', async () => {
    project(
      {
        '.gitignore': 'generated/\n',
        'src/a.js': CONVERTIBLE,
        'src/a.test.js': CONVERTIBLE,
        'node_modules/dep/index.js': CONVERTIBLE,
        'generated/out.js': CONVERTIBLE,
        'src/types.d.ts': 'export declare const x: number;\n',
        'src/notes.md': 'p.then(f)\n',
      },
      true,
    );
    const result = await untangle('promise-to-async', '.', '--ignore-pattern', '*.test.js', '--dry', '--json');
    expect((JSON.parse(result.stdout) as { changed: string[]; files: number }).changed).toEqual(['src/a.js']);
  });

  it('prints a unified diff of what would change with --diff, and writes nothing', async () => {
    project({ 'a.js': CONVERTIBLE }, true);
    const result = await untangle('promise-to-async', 'a.js', '--diff');
    expect(result.stdout).toContain(
      '--- a/a.js\n+++ b/a.js\n@@ -2,6 +2,7 @@\n   return 1;\n }\n \n-export function next() {\n-  return load().then((value) => value + 1);\n+export async function next() {\n+  const value = await load();\n+  return value + 1;\n }\n',
    );
    expect(read('a.js')).toBe(CONVERTIBLE);
    const coloured = await untangleOn(true, 'promise-to-async', 'a.js', '--diff');
    expect(coloured.stdout).toContain('\u001b[31m-export function next() {\u001b[0m\n');
    expect(coloured.stdout).toContain('\u001b[32m+export async function next() {\u001b[0m\n');
  });

  it('draws a progress bar on a terminal', async () => {
    project(Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`f${String(index).padStart(2, '0')}.js`, PLAIN])), true);
    const result = await untangleOn(true, 'promise-to-async', '.', '--dry');
    expect(result.stderr).toContain(`\r[${'='.repeat(30)}] 40/40\n`);
  });

  it('shows progress on long runs: a line at every tenth when not on a terminal', async () => {
    project(Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`f${String(index).padStart(2, '0')}.js`, PLAIN])), true);
    const result = await untangle('promise-to-async', '.', '--dry');
    expect(result.stderr.split('\n').filter((line) => line.startsWith('untangle: ') && line.endsWith(' files'))).toEqual(
      [4, 8, 12, 16, 20, 24, 28, 32, 36, 40].map((done) => `untangle: ${String(done)}/40 files`),
    );
  });

  it('stops at Ctrl-C without touching the files it has not reached, and exits 130', async () => {
    project({ 'a.js': CONVERTIBLE, 'b.js': CONVERTIBLE }, true);
    const interrupt = new AbortController();
    interrupt.abort();
    let stderr = '';
    const io = { stdout: () => undefined, stderr: (text: string) => (stderr += text), cwd: directory, signal: interrupt.signal };
    expect(await main(['promise-to-async', '.'], io)).toBe(EXIT.interrupted);
    expect(stderr).toContain('untangle: interrupted; 2 files were not reached\n');
    expect([read('a.js'), read('b.js')]).toEqual([CONVERTIBLE, CONVERTIBLE]);
  });

  it("runs a preset's stages one after the other on each file, and writes the result once", async () => {
    project({ 'a.js': CONVERTIBLE, 'b.js': SYNC_THROW }, true);
    const promiseToAsync = CODEMODS.filter((codemod) => codemod.name === 'promise-to-async');
    const preset = { name: 'twice', summary: 'promise-to-async, twice', options: {}, stages: ['promise-to-async', 'promise-to-async'] };
    let stdout = '';
    const io = { stdout: (text: string) => (stdout += text), stderr: () => undefined, cwd: directory };
    expect(await main(['twice', '.'], io, [...promiseToAsync, preset])).toBe(EXIT.ok);
    expect(read('a.js')).toBe(CONVERTED);
    // each stage reports the site it leaves alone
    expect(stdout).toContain('     2  a synchronous throw would become a rejection\n          b.js:2\n          b.js:2\n');
  });

  it('writes once every file is transformed, so a module that reads another of the run sees it as it was', async () => {
    const cache = "const fs = require('node:fs');\nfunction get(file, callback) {\n  fs.readFile(file, 'utf8', function (err, text) {\n    if (err) return callback(err);\n    callback(null, text.trim());\n  });\n}\nmodule.exports = { get };\n";
    const user = "const cache = require('./cache.cjs');\nfunction shout(file, callback) {\n  cache.get(file, function (err, text) {\n    if (err) return callback(err);\n    callback(null, text.toUpperCase());\n  });\n}\nmodule.exports = { shout };\n";
    project({ 'cache.cjs': cache, 'user.cjs': user });
    // cache.cjs comes first: written at once, its converted function (no callback any more) would look unconvertible
    const result = await untangle('callback-to-promise', '.', '--force', '--cpus', '1', '--', '--api=promise');
    expect(result.code).toBe(EXIT.ok);
    expect(read('cache.cjs')).toContain('function get(file) {');
    expect(read('user.cjs')).toBe("const cache = require('./cache.cjs');\nfunction shout(file) {\n  return cache.get(file).then(function (text) {\n    return text.toUpperCase();\n  });\n}\nmodule.exports = { shout };\n");
  });

  it('does not follow symbolic links inside the directories it walks, so a link to a parent cannot loop', async () => {
    project({ 'src/a.js': CONVERTIBLE }, true);
    symlinkSync(directory, path.join(directory, 'src', 'loop'), 'dir');
    symlinkSync(path.join(directory, 'src', 'a.js'), path.join(directory, 'src', 'alias.js'));
    const result = await untangle('promise-to-async', 'src', '--dry', '--json');
    expect((JSON.parse(result.stdout) as { changed: string[] }).changed).toEqual(['src/a.js']);
  });

  it('refuses a --cpus that is not a whole number of at least 1', async () => {
    project({ 'a.js': CONVERTIBLE });
    expect(await untangle('promise-to-async', '.', '--cpus', '0')).toMatchObject({ code: EXIT.usage, stderr: 'untangle: --cpus takes a whole number of at least 1\n' });
    expect(read('a.js')).toBe(CONVERTIBLE);
  });

  it('names a path that does not exist as a usage error', async () => {
    project({ 'a.js': CONVERTIBLE });
    const result = await untangle('promise-to-async', 'missing');
    expect(result).toMatchObject({ code: EXIT.usage, stderr: 'untangle: no such file or directory: missing\n' });
  });
});
