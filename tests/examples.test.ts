import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../index.js';

// The demo (`npm run demo`) lints examples/ with the recommended config; every rule must show there, at the places
// the examples were written to show.
describe('the examples project', () => {
  it('shows every recommended rule, each at its known places', async () => {
    const eslint = new ESLint({
      cwd: path.join(import.meta.dirname, '..', 'examples'),
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
        { files: ['**/*.{js,cjs}'], languageOptions: { sourceType: 'commonjs' } },
        plugin.configs.recommended,
      ],
    });
    const found = (await eslint.lintFiles(['.'])).flatMap((result) =>
      result.messages.map((message) => `${path.relative(path.join(import.meta.dirname, '..', 'examples'), result.filePath)}:${String(message.line)} ${message.ruleId ?? 'fatal'}`),
    );
    expect(found.sort()).toEqual(
      [
        'lib/config.js:37 untangle/no-sync-in-async',
        'lib/config.js:38 untangle/no-sync-in-async',
        'lib/jobs.js:57 untangle/no-sync-in-async',
        'lib/jobs.js:58 untangle/no-sync-in-async',
        'lib/jobs.js:58 untangle/no-sync-in-async',
        'lib/jobs.js:71 untangle/max-callback-depth',
        'lib/server.js:17 untangle/no-sync-in-async',
        'lib/server.js:31 untangle/no-sync-in-async',
        'lib/users.js:11 untangle/no-callback-in-promise',
        'lib/users.js:17 untangle/no-promise-in-callback',
        'lib/users.js:22 untangle/no-wrapped-promise',
        'lib/users.js:28 untangle/no-promise-in-callback',
        'lib/users.js:31 untangle/no-async-in-sync-callback',
        'lib/users.js:43 untangle/no-floating-promise',
        'lib/users.js:48 untangle/prefer-promise-api',
        'lib/users.js:55 untangle/handle-callback-error',
        'lib/users.js:64 untangle/return-after-callback',
        'lib/users.js:72 untangle/no-zalgo',
        'lib/walk.js:41 untangle/no-sync-in-async',
        'src/cache.ts:16 untangle/no-sync-in-async',
        'src/cache.ts:23 untangle/no-then-in-async',
        'src/cache.ts:31 untangle/no-floating-promise',
      ].sort(),
    );
    const shown = new Set(found.map((entry) => entry.split(' ')[1]));
    expect([...shown].sort()).toEqual(Object.keys(plugin.configs.recommended.rules ?? {}).sort());
  });
});
