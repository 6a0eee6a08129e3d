import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../index.js';
import { CODEMODS } from '../codemods/index.js';
import { REPOSITORY_URL } from '../rules/create-rule.js';
import { NAMESPACE, ruleNamesFor, rules } from '../rules/index.js';

const root = path.join(import.meta.dirname, '..');
const namesIn = (directory: string, suffix: string, skip: readonly string[] = []) =>
  readdirSync(path.join(root, directory))
    .filter((file) => file.endsWith(suffix))
    .map((file) => file.slice(0, -suffix.length))
    .filter((name) => !skip.includes(name))
    .sort();

describe('the plugin object', () => {
  const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

  it('names itself after the package', () => {
    expect(plugin.meta).toEqual({ name: packageJson.name, version: packageJson.version, namespace: 'untangle' });
  });

  it('has one rule file, test, and doc per registered rule', () => {
    const registered = Object.keys(rules).sort();
    expect(namesIn('rules', '.ts', ['index', 'create-rule'])).toEqual(registered);
    expect(existsSync(path.join(root, 'tests/rules')) ? namesIn('tests/rules', '.test.ts') : []).toEqual(registered);
    expect(existsSync(path.join(root, 'docs/rules')) ? namesIn('docs/rules', '.md') : []).toEqual(registered);
    expect(Object.keys(plugin.rules ?? {}).sort()).toEqual(registered);
  });

  it.each(Object.entries(rules))('rule %s documents itself the conventional way', (name, rule) => {
    expect(rule.meta.docs?.url).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`);
    expect(rule.meta.docs?.description).toMatch(/^(?:Enforce|Require|Disallow) .*[^.]$/);
    // Options carry their defaults in meta.defaultOptions (the top-level defaultOptions is deprecated).
    if ([rule.meta.schema].flat().length > 0) expect(rule.meta.defaultOptions).toBeDefined();
  });

  it('derives every config from the rules’ meta.docs', () => {
    const expected = {
      recommended: Object.keys(rules).filter((name) => rules[name]?.meta.docs?.recommended === 'recommended' && rules[name].meta.docs.requiresTypeChecking !== true),
      strict: Object.keys(rules).filter((name) => rules[name]?.meta.docs?.recommended !== undefined && rules[name].meta.docs.requiresTypeChecking !== true),
      'recommended-type-checked': Object.keys(rules).filter((name) => rules[name]?.meta.docs?.recommended === 'recommended'),
      all: Object.keys(rules),
    };
    for (const [config, names] of Object.entries(expected)) {
      const built = plugin.configs[config as keyof typeof expected];
      expect(built.name).toBe(`untangle/${config}`);
      expect(built.plugins).toEqual({ [NAMESPACE]: plugin });
      const setting = (name: string) => {
        const strictOptions = rules[name]?.meta.docs?.strictOptions;
        return strictOptions !== undefined && (config === 'strict' || config === 'all') ? ['error', ...strictOptions] : 'error';
      };
      expect(built.rules).toEqual(Object.fromEntries(names.sort().map((name) => [`untangle/${name}`, setting(name)])));
      expect(ruleNamesFor(config as keyof typeof expected)).toEqual(names.sort());
    }
    expect(plugin.configs['recommended-type-checked'].languageOptions).toEqual({ parserOptions: { projectService: true } });
    // A recommended rule with stricter options runs with them in strict and all only.
    expect(plugin.configs.recommended.rules?.['untangle/prefer-promise-api']).toBe('error');
    expect(plugin.configs.strict.rules?.['untangle/prefer-promise-api']).toEqual(['error', { everywhere: true }]);
    expect(plugin.configs.all.rules?.['untangle/prefer-promise-api']).toEqual(['error', { everywhere: true }]);
    expect(plugin.configs.recommended.languageOptions).toBeUndefined();
  });
});

describe('the codemod registry', () => {
  it('has docs and fixtures for every codemod, and nothing unregistered', () => {
    const registered = CODEMODS.map((codemod) => codemod.name).sort();
    expect(existsSync(path.join(root, 'docs/codemods')) ? namesIn('docs/codemods', '.md') : []).toEqual(registered);
    for (const codemod of CODEMODS) {
      if (codemod.stages === undefined) {
        expect(existsSync(path.join(root, 'codemods', `${codemod.name}.ts`)), codemod.name).toBe(true);
        expect(codemod.load, `${codemod.name} registers how to load its transform`).toBeDefined();
        expect(readdirSync(path.join(root, 'tests/codemods/fixtures', codemod.name)).length, codemod.name).toBeGreaterThan(0);
      } else {
        expect(codemod.stages.every((stage) => CODEMODS.some((other) => other.name === stage))).toBe(true);
      }
    }
  });
});

describe('the import graph of the rules', () => {
  /** Relative imports of a source file, resolved to source paths. */
  function importsOf(file: string): string[] {
    const source = readFileSync(file, 'utf8');
    return [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)/g)].map(
      (match) => match[1] ?? match[2] ?? '',
    ).map((specifier) => (specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')) : specifier));
  }

  it('never reaches jscodeshift or the codemods from the plugin entry, so linting starts fast', () => {
    const seen = new Set<string>();
    const pending = [path.join(root, 'index.ts')];
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (path.isAbsolute(file)) pending.push(...importsOf(file));
    }
    const reached = [...seen].map((file) => (path.isAbsolute(file) ? path.relative(root, file) : file));
    expect(reached).toContain('rules/index.ts');
    expect(reached.filter((file) => /jscodeshift|recast|@babel|^codemods\//.test(file))).toEqual([]);
  });

  it('keeps core/ free of any AST library', () => {
    for (const file of readdirSync(path.join(root, 'core'))) {
      const external = importsOf(path.join(root, 'core', file)).filter((specifier) => !path.isAbsolute(specifier));
      expect(external.filter((specifier) => !specifier.startsWith('node:')), file).toEqual([]);
    }
  });
});
