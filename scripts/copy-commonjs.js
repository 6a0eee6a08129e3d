// Copies the hand-written CommonJS files (`.cjs`, with their `.d.cts` types) of the built directories into dist/,
// which tsc does not emit: their declaration files take their place in its program.
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
for (const directory of ['core', 'rules', 'codemods']) {
  for (const file of readdirSync(path.join(root, directory), { recursive: true, encoding: 'utf8' })) {
    if (/\.(?:cjs|d\.cts)$/.test(file)) cpSync(path.join(root, directory, file), path.join(root, 'dist', directory, file));
  }
}
