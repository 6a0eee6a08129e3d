import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../../codemods/cli/main.js';

// The page is checked in a real headless browser: Debian's chromium (`apt-get install chromium`), or the one
// CHROMIUM_PATH names. Where there is none (CI installs packages from the npm registry only), the test says so and
// is skipped.
const browserPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasBrowser = existsSync(browserPath);

// The same hand-counted project as report.test.ts, in short: a/ has 3 callback sites and 1 async function (25 %
// migrated), b/ 0 and 2 (100 %), the total 3 and 3 (50 %); continuations: three at depth 1, one at depth 2.
const project = mkdtempSync(path.join(tmpdir(), 'untangle-report-html-'));
const files: Record<string, string> = {
  'a/one.js':
    "const fs = require('fs');\nfunction read(file, cb) {\n  fs.readFile(file, (err, text) => {\n    if (err) return cb(err);\n    fs.stat(file, (statErr, stats) => {\n      if (statErr) return cb(statErr);\n      cb(null, text + stats.size);\n    });\n  });\n}\nasync function later() {\n  return 1;\n}\nmodule.exports = { read, later };\n",
  'b/two.mjs': "export async function main() {\n  return load().then((value) => value + 1).catch(() => 0);\n}\nasync function load() {\n  return 2;\n}\nexport function other() {\n  setTimeout(() => 0, 1);\n}\n",
};
for (const [file, source] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), source);
}

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

interface Drawn {
  readonly shares: { directory: string | null; share: string | null; width: number; full: number; label: string | null }[];
  readonly depths: { depth: string | null; count: string | null; height: number; label: string | null }[];
}

/** What the page drew, read in the page (as script text: the tests' own types have no DOM). */
const READ_CHARTS = `({
  shares: [...document.querySelectorAll('g.share')].map((group) => ({
    directory: group.getAttribute('data-directory'),
    share: group.getAttribute('data-share'),
    width: group.querySelector('rect.migrated')?.getBoundingClientRect().width ?? -1,
    full: group.querySelector('rect:not(.migrated)')?.getBoundingClientRect().width ?? -1,
    label: group.querySelector('text.value')?.textContent ?? null,
  })),
  depths: [...document.querySelectorAll('g.depth')].map((group) => ({
    depth: group.getAttribute('data-depth'),
    count: group.getAttribute('data-count'),
    height: group.querySelector('rect')?.getBoundingClientRect().height ?? -1,
    label: group.querySelector('text.value')?.textContent ?? null,
  })),
})`;

describe('untangle report --html', () => {
  it.skipIf(!hasBrowser)('draws the share migrated per directory and the depth distribution with the right numbers', { timeout: 60_000 }, async () => {
    let stderr = '';
    const code = await main(['report', '.', '--html', 'health.html'], { stdout: () => undefined, stderr: (text) => (stderr += text), cwd: project });
    expect(code).toBe(EXIT.ok);
    expect(stderr).toBe('untangle: wrote health.html\n');
    const browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.join(project, 'health.html')).href);
      const drawn = await page.evaluate<Drawn>(READ_CHARTS);
      expect(drawn.shares.map(({ directory, share, label }) => [directory, share, label])).toEqual([
        ['a', '0.25', '25 %'],
        ['b', '1', '100 %'],
        ['total', '0.5', '50 %'],
      ]);
      // each green bar is its share of the grey one, as the browser laid them out
      for (const { share, width, full } of drawn.shares) expect(width / full).toBeCloseTo(Number(share), 2);
      expect(drawn.depths.map(({ depth, count, label }) => [depth, count, label])).toEqual([
        ['1', '4', '4'],
        ['2', '1', '1'],
      ]);
      const [first, second] = drawn.depths;
      expect((second?.height ?? 0) / (first?.height ?? 1)).toBeCloseTo(1 / 4, 1);
      expect(await page.title()).toBe('Async health of .');
    } finally {
      await browser.close();
    }
  });
});
