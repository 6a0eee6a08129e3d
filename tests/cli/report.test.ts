import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../../codemods/cli/main.js';

// A project counted by hand. a/one.js: `read` takes a continuation, and two calls pass error-first callbacks (3
// callback sites), nested one inside the other (depths 1 and 2); one async function. b/two.mjs: two async
// functions, one readFileSync inside one of them, one promise chain (its two handlers at depth 1), one call of an
// async function whose promise nobody uses; no callback site. b/broken.js does not parse.
const project = mkdtempSync(path.join(tmpdir(), 'untangle-report-'));
const files: Record<string, string> = {
  'a/one.js': [
    "const fs = require('fs');",
    'function read(file, cb) {',
    '  fs.readFile(file, (err, text) => {',
    '    if (err) return cb(err);',
    '    fs.stat(file, (statErr, stats) => {',
    '      if (statErr) return cb(statErr);',
    '      cb(null, text + stats.size);',
    '    });',
    '  });',
    '}',
    'async function later() {',
    '  return 1;',
    '}',
    'module.exports = { read, later };',
  ].join('\n'),
  'b/two.mjs': [
    "import fs from 'node:fs';",
    'export async function main() {',
    "  fs.readFileSync('settings.json');",
    '  load();',
    '  return load().then((value) => value + 1).catch(() => 0);',
    '}',
    'async function load() {',
    '  return 2;',
    '}',
  ].join('\n'),
  'b/broken.js': 'this is not javascript (\n',
};
for (const [file, source] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), source);
}

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

async function report(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['report', ...argv], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: project });
  return { code, stdout, stderr };
}

describe('untangle report', () => {
  it('counts each directory and the total as counted by hand', async () => {
    const result = await report('.', '--json');
    expect(result.code).toBe(EXIT.ok);
    const health = JSON.parse(result.stdout) as unknown;
    expect(health).toEqual({
      directories: [
        { directory: 'a', files: 1, callbackSites: 3, promiseChains: 0, asyncFunctions: 1, maxDepth: 2, meanDepth: 1.5, blockingCalls: 0, floatingPromises: 0, migratedShare: 0.25 },
        { directory: 'b', files: 1, callbackSites: 0, promiseChains: 1, asyncFunctions: 2, maxDepth: 1, meanDepth: 1, blockingCalls: 1, floatingPromises: 1, migratedShare: 1 },
      ],
      total: { directory: 'total', files: 2, callbackSites: 3, promiseChains: 1, asyncFunctions: 3, maxDepth: 2, meanDepth: 1.25, blockingCalls: 1, floatingPromises: 1, migratedShare: 0.5 },
      unreadable: [{ file: path.join('b', 'broken.js'), error: 'Missing semicolon. (1:4)' }],
      depthHistogram: [3, 1],
    });
  });

  it('prints a table with a row per directory, the total last, and the files it could not read', async () => {
    const result = await report('a', 'b');
    expect(result.code).toBe(EXIT.ok);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^directory\s+files\s+callback sites\s+promise chains\s+async functions\s+max depth\s+mean depth\s+blocking calls\s+floating promises\s+migrated$/);
    expect(lines[1]).toMatch(/^a\s+1\s+3\s+0\s+1\s+2\s+1\.5\s+0\s+0\s+25 %$/);
    expect(lines[3]).toMatch(/^total\s+2\s+3\s+1\s+3\s+2\s+1\.25\s+1\s+1\s+50 %$/);
    expect(lines[4]).toBe('not read: b/broken.js: Missing semicolon. (1:4)');
  });

  it('refuses a path that does not exist with exit 2', async () => {
    const result = await report('missing');
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('no such file or directory: missing');
  });
});
