// The package as users get it: `npm pack`, install the tarball into empty projects (ESLint 9 and 10), lint a JS
// and a TS file with configs.recommended (and a TS file with recommended-type-checked), run the `untangle` bin,
// and prove that loading the plugin never loads jscodeshift.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(path.join(tmpdir(), 'untangle-pack-'));
const failures = [];

function check(condition, what) {
  if (!condition) failures.push(what);
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${what}`);
}

function run(command, args, cwd) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

try {
  const [packed] = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
  const tarball = path.join(work, packed.filename);
  const files = packed.files.map((file) => file.path);
  for (const required of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/codemods/index.js', 'dist/codemods/cli/bin.js']) {
    check(files.includes(required), `the tarball has ${required}`);
  }
  check(!files.some((file) => /^(?:tests|core|rules|codemods|examples)\//.test(file)), 'the tarball has no sources, tests or examples');

  for (const eslintVersion of ['^9', '^10']) {
    const project = path.join(work, `consumer-eslint${eslintVersion.slice(1)}`);
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const install = run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `eslint@${eslintVersion}`, 'typescript-eslint@8.72.0', 'typescript@~6.0.3'], project);
    check(install.status === 0, `installs into an empty project with eslint@${eslintVersion}`);
    if (install.status !== 0) {
      console.log(install.stderr);
      continue;
    }
    writeFileSync(path.join(project, 'eslint.config.js'), [
      "import tseslint from 'typescript-eslint';",
      "import untangle from 'eslint-plugin-untangle';",
      'export default [',
      "  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } } },",
      "  { files: ['typed/**/*.ts'], ...untangle.configs['recommended-type-checked'] },",
      '  untangle.configs.recommended,',
      '];',
      '',
    ].join('\n'));
    writeFileSync(path.join(project, 'a.js'), "const fs = require('fs');\nexports.load = async () => fs.readFileSync('a');\n");
    writeFileSync(path.join(project, 'b.ts'), "import { readFileSync } from 'node:fs';\nexport async function load(): Promise<string> {\n  return readFileSync('b', 'utf8');\n}\n");
    writeFileSync(path.join(project, 'd.mjs'), "import { execSync } from 'node:child_process';\nexport const head = async () => execSync('git rev-parse HEAD');\n");
    writeFileSync(path.join(project, 'e.cjs'), "const zlib = require('zlib');\nmodule.exports = async (b) => zlib.gzipSync(b);\n");
    writeFileSync(path.join(project, 'f.mts'), "import fs from 'node:fs';\nexport default async (p: string) => fs.rmSync(p);\n");
    writeFileSync(path.join(project, 'g.cts'), "import fs = require('fs');\nexport = async (p: string) => fs.mkdirSync(p);\n");
    writeFileSync(path.join(project, 'h.tsx'), "import { readFileSync } from 'node:fs';\nexport const View = () => <p>{readFileSync('a', 'utf8')}</p>;\nexport const load = async () => readFileSync('a');\n");
    execFileSync('mkdir', ['-p', path.join(project, 'typed')]);
    writeFileSync(path.join(project, 'typed', 'c.ts'), "import { statSync } from 'node:fs';\nexport const size = async (p: string): Promise<number> => statSync(p).size;\n");
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', types: [] }, include: ['**/*.ts'] }));

    const linted = ['a.js', 'b.ts', 'typed/c.ts', 'd.mjs', 'e.cjs', 'f.mts', 'g.cts', 'h.tsx'];
    const lint = run(process.execPath, [path.join(project, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', ...linted], project);
    let results = [];
    try {
      results = JSON.parse(lint.stdout);
    } catch {
      console.log(lint.stdout, lint.stderr);
    }
    for (const file of linted) {
      const messages = results.find((each) => each.filePath === path.join(project, file))?.messages ?? [];
      // Exactly one finding per file: the blocking call in the async function (the JSX one runs synchronously).
      const found = messages.map((message) => `${message.ruleId}:${message.line}`);
      check(found.length === 1 && found[0]?.startsWith('untangle/no-sync-in-async:') && !messages.some((message) => message.fatal), `eslint@${eslintVersion} lints ${file} with the plugin's config (${found.join(', ') || 'no findings'})`);
    }

    const hook = path.join(project, 'forbid-jscodeshift.mjs');
    writeFileSync(hook, [
      "import { register } from 'node:module';",
      "register('data:text/javascript,' + encodeURIComponent(`export async function resolve(s, c, next) { if (/^(jscodeshift|recast|@babel\\\\/)/.test(s)) throw new Error('loaded ' + s); return next(s, c); }`));",
      '',
    ].join('\n'));
    const load = run(process.execPath, ['--import', hook, '--input-type=module', '-e', "const p = (await import('eslint-plugin-untangle')).default; console.log(p.meta.namespace);"], project);
    check(load.status === 0 && load.stdout.trim() === 'untangle', `eslint@${eslintVersion}: the plugin loads without jscodeshift, recast or Babel`);
    if (load.status !== 0) console.log(load.stderr);
    // The control: the same hook must stop the codemods entry, which does load jscodeshift.
    const control = run(process.execPath, ['--import', hook, '--input-type=module', '-e', "await import('eslint-plugin-untangle/codemods');"], project);
    check(control.status !== 0 && control.stderr.includes('loaded jscodeshift'), `eslint@${eslintVersion}: the hook does catch jscodeshift (control)`);

    const bin = run(path.join(project, 'node_modules/.bin/untangle'), ['--list'], project);
    check(bin.status === 0, `eslint@${eslintVersion}: the untangle bin runs`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(failures.length === 0 ? 'package check passed' : `package check failed: ${failures.length} problem(s)`);
process.exitCode = failures.length === 0 ? 0 : 1;
