import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    coverage: {
      provider: 'v8',
      include: ['index.ts', 'core/**/*.ts', 'rules/**/*.ts', 'codemods/**/*.ts'],
      // The bin is three lines around main(); scripts/check-pack.js runs it from the packed tarball.
      exclude: ['codemods/cli/bin.ts'],
      thresholds: { lines: 90, statements: 90, functions: 90, branches: 80 },
      reporter: ['text-summary', 'json-summary'],
    },
  },
});
