import { describe, expect, it } from 'vitest';
import { coreSpecifierInStyle, detectModuleStyle } from '../../core/module-system.js';
import { type Language, parseBoth } from '../support/flavours.js';

function styleOf(source: string, language: Language = 'tsx') {
  const answers = parseBoth(source, language).map((parsed) => detectModuleStyle(parsed.program, parsed.tree));
  expect(answers[1]).toEqual(answers[0]);
  return answers[0];
}

describe('detectModuleStyle', () => {
  it.each([
    ["import fs from 'node:fs';", { system: 'esm', nodePrefix: true }],
    ["import fs from 'fs';\nexport default 1;", { system: 'esm', nodePrefix: false }],
    ['export const x = 1;', { system: 'esm', nodePrefix: true }],
    ["const fs = require('fs');", { system: 'cjs', nodePrefix: false }],
    ["const fs = require('node:fs');\nmodule.exports = fs;", { system: 'cjs', nodePrefix: true }],
    ['exports.x = 1;', { system: 'cjs', nodePrefix: false }],
    ["import path from 'path';\nconst fs = require('node:fs');", { system: 'esm', nodePrefix: true }],
    ["const lib = require('lodash');", { system: 'cjs', nodePrefix: false }],
  ])('%s', (source, expected) => {
    expect(styleOf(source)).toEqual(expected);
  });

  it('reads TypeScript import = require and export =', () => {
    expect(styleOf("import fs = require('node:fs');\nexport = fs;", 'ts')).toEqual({ system: 'cjs', nodePrefix: true });
  });

  it('writes specifiers in the file’s style', () => {
    expect(coreSpecifierInStyle('node:fs/promises', { system: 'cjs', nodePrefix: false })).toBe('fs/promises');
    expect(coreSpecifierInStyle('fs/promises', { system: 'esm', nodePrefix: true })).toBe('node:fs/promises');
  });
});
