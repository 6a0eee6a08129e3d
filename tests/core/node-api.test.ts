import { builtinModules, createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  NODE_APIS,
  findNodeApi,
  findNodeApiBySyncName,
  findNodeApiMethod,
  isCoreModuleSpecifier,
  parseCoreSpecifier,
} from '../../core/node-api.js';

const require = createRequire(import.meta.url);

function load(specifier: string): Record<string, unknown> {
  return require(specifier) as Record<string, unknown>;
}

/** The function an entry names, on its module or on its class's prototype. */
function callbackFunction(entry: (typeof NODE_APIS)[number]): unknown {
  const module = load(`node:${entry.module}`);
  if (entry.className === undefined) return module[entry.name];
  const constructor = module[entry.className] as { prototype: Record<string, unknown> } | undefined;
  return constructor?.prototype[entry.name];
}

describe('the Node API table, checked against the running Node', () => {
  it.each(NODE_APIS.map((entry) => [`${entry.module}.${entry.name}`, entry] as const))('%s', (_label, entry) => {
    expect(typeof callbackFunction(entry)).toBe('function');
    if (entry.sync !== undefined) expect(typeof load(`node:${entry.module}`)[entry.sync]).toBe('function');
    const twin = entry.promise;
    if (twin?.kind === 'function') {
      expect(typeof load(twin.module)[twin.name]).toBe('function');
    } else if (twin?.kind === 'method') {
      const constructor = load(twin.module)[twin.className] as { prototype: Record<string, unknown> };
      expect(typeof constructor.prototype[twin.name]).toBe('function');
    } else if (twin?.kind === 'promisify') {
      expect(typeof promisify(callbackFunction(entry) as (...args: unknown[]) => void)).toBe('function');
    }
    if (entry.callback?.position === 'first') expect(entry.callback.errorFirst).toBe(false);
  });

  it('covers every callback function of fs that has a blocking twin', () => {
    const fs = load('node:fs');
    const expected = Object.keys(fs).filter(
      (name) => typeof fs[name] === 'function' && typeof fs[`${name}Sync`] === 'function' && name !== 'lchmod',
    );
    const covered = NODE_APIS.filter((entry) => entry.module === 'fs').map((entry) => entry.name);
    expect(expected.filter((name) => !covered.includes(name))).toEqual([]);
  });

  it('covers every callback function of zlib and crypto that has a *Sync twin', () => {
    for (const module of ['zlib', 'crypto'] as const) {
      const exports = load(`node:${module}`);
      const expected = Object.keys(exports).filter((name) => typeof exports[`${name}Sync`] === 'function');
      const covered = NODE_APIS.filter((entry) => entry.module === module).map((entry) => entry.name);
      expect(expected.filter((name) => !covered.includes(name)), module).toEqual([]);
    }
  });

  it('covers every dns function that node:dns/promises mirrors', () => {
    const dnsPromises = load('node:dns/promises');
    const dns = load('node:dns');
    const expected = Object.keys(dnsPromises).filter(
      (name) => /^(?:lookup|resolve|reverse)/.test(name) && typeof dns[name] === 'function',
    );
    const covered = NODE_APIS.filter((entry) => entry.module === 'dns').map((entry) => entry.name);
    expect(expected.filter((name) => !covered.includes(name))).toEqual([]);
  });

  it('records multi-value callbacks whose promise form resolves to an object with those keys', async () => {
    const { execFile } = await import('node:child_process');
    const result = await promisify(execFile)(process.execPath, ['-e', 'process.stdout.write("out")']);
    expect(Object.keys(result).sort()).toEqual([...(findNodeApi('child_process', 'execFile')?.callback?.results ?? [])].sort());
    const { lookup } = await import('node:dns/promises');
    const address = await lookup('localhost');
    expect(Object.keys(address).sort()).toEqual([...(findNodeApi('dns', 'lookup')?.callback?.results ?? [])].sort());
  });

  it('tells error-first callbacks from the ones that are not', () => {
    expect(findNodeApi('fs', 'readFile')?.callback).toEqual({ errorFirst: true, results: ['data'], position: 'last' });
    expect(findNodeApi('fs', 'exists')?.callback?.errorFirst).toBe(false);
    expect(findNodeApiMethod('question')?.callback?.errorFirst).toBe(false);
    expect(findNodeApi('timers', 'setTimeout')?.promise).toEqual({
      kind: 'function',
      module: 'node:timers/promises',
      name: 'setTimeout',
      argumentOrder: 'delay-first',
    });
    expect(findNodeApi('child_process', 'spawn')?.callback).toBeUndefined();
    expect(findNodeApi('child_process', 'exec')?.returns).toBe('ChildProcess');
  });

  it('finds entries by their blocking twin', () => {
    expect(findNodeApiBySyncName('fs', 'readFileSync')?.name).toBe('readFile');
    expect(findNodeApiBySyncName('child_process', 'execSync')?.name).toBe('exec');
    expect(findNodeApiBySyncName('crypto', 'randomBytes')).toBeUndefined(); // same name: a call without callback
    expect(findNodeApiBySyncName('fs', 'readFile')).toBeUndefined();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(NODE_APIS)).toBe(true);
    expect(NODE_APIS.every((entry) => Object.isFrozen(entry))).toBe(true);
  });

  it('reads core module specifiers with and without node:', () => {
    expect(parseCoreSpecifier('node:fs/promises')).toEqual({ module: 'fs', promises: true });
    expect(parseCoreSpecifier('fs')).toEqual({ module: 'fs', promises: false });
    expect(parseCoreSpecifier('fs-extra')).toBeUndefined();
    expect(parseCoreSpecifier('constructor')).toBeUndefined();
    expect(isCoreModuleSpecifier('node:test')).toBe(true);
    expect(isCoreModuleSpecifier('fs-extra')).toBe(false);
    const publicBuiltins = builtinModules.filter((name) => !name.startsWith('_') && !name.includes('/'));
    expect(publicBuiltins.filter((name) => !isCoreModuleSpecifier(name))).toEqual([]);
  });
});
