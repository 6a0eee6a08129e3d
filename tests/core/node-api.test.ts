import { builtinModules, createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync, deflateSync, gzipSync, brotliCompressSync } from 'node:zlib';
import {
  CALLS_BACK_NULL_THEN_RESULTS,
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

  it('lists the APIs that call back with null and exactly their results on success, as they do', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'untangle-node-api-'));
    const file = path.join(dir, 'a.txt');
    writeFileSync(file, 'hello');
    let unique = 0;
    const fresh = (suffix: string): string => `${file}.${suffix}${String((unique += 1))}`;
    const made = (suffix: string, make: (target: string) => void): string => {
      const target = fresh(suffix);
      make(target);
      return target;
    };
    const id = process.getuid?.() ?? 0;
    const group = process.getgid?.() ?? 0;
    // One call per listed API, with arguments it accepts; each calls `cb` as Node calls back.
    const calls: Record<string, (module: Record<string, (...args: unknown[]) => unknown>, cb: (...args: unknown[]) => void) => unknown> = {
      'fs.access': (fs, cb) => fs.access?.(file, cb),
      'fs.appendFile': (fs, cb) => fs.appendFile?.(file, 'x', cb),
      'fs.chmod': (fs, cb) => fs.chmod?.(file, 0o644, cb),
      'fs.chown': (fs, cb) => fs.chown?.(file, id, group, cb),
      'fs.copyFile': (fs, cb) => fs.copyFile?.(file, fresh('copy'), cb),
      'fs.lchown': (fs, cb) => fs.lchown?.(file, id, group, cb),
      'fs.link': (fs, cb) => fs.link?.(file, fresh('link'), cb),
      'fs.lstat': (fs, cb) => fs.lstat?.(file, cb),
      'fs.lutimes': (fs, cb) => fs.lutimes?.(file, new Date(), new Date(), cb),
      'fs.mkdtemp': (fs, cb) => fs.mkdtemp?.(path.join(dir, 't-'), cb),
      'fs.opendir': (fs, cb) => fs.opendir?.(dir, (...args: unknown[]) => {
        void (args[1] as { close(): Promise<void> } | undefined)?.close();
        cb(...args);
      }),
      'fs.readFile': (fs, cb) => fs.readFile?.(file, cb),
      'fs.readdir': (fs, cb) => fs.readdir?.(dir, cb),
      'fs.readlink': (fs, cb) => fs.readlink?.(made('symlink', (target) => { symlinkSync(file, target); }), cb),
      'fs.realpath': (fs, cb) => fs.realpath?.(file, cb),
      'fs.rename': (fs, cb) => fs.rename?.(made('from', (target) => { writeFileSync(target, 'x'); }), fresh('to'), cb),
      'fs.rm': (fs, cb) => fs.rm?.(made('rm', (target) => { writeFileSync(target, 'x'); }), cb),
      'fs.rmdir': (fs, cb) => fs.rmdir?.(made('dir', (target) => { mkdirSync(target); }), cb),
      'fs.stat': (fs, cb) => fs.stat?.(file, cb),
      'fs.statfs': (fs, cb) => fs.statfs?.(dir, cb),
      'fs.symlink': (fs, cb) => fs.symlink?.(file, fresh('symlink'), cb),
      'fs.truncate': (fs, cb) => fs.truncate?.(file, 5, cb),
      'fs.unlink': (fs, cb) => fs.unlink?.(made('unlink', (target) => { writeFileSync(target, 'x'); }), cb),
      'fs.utimes': (fs, cb) => fs.utimes?.(file, new Date(), new Date(), cb),
      'fs.writeFile': (fs, cb) => fs.writeFile?.(fresh('write'), 'y', cb),
      'zlib.gzip': (zlib, cb) => zlib.gzip?.('a', cb),
      'zlib.gunzip': (zlib, cb) => zlib.gunzip?.(gzipSync('a'), cb),
      'zlib.deflate': (zlib, cb) => zlib.deflate?.('a', cb),
      'zlib.inflate': (zlib, cb) => zlib.inflate?.(deflateSync('a'), cb),
      'zlib.deflateRaw': (zlib, cb) => zlib.deflateRaw?.('a', cb),
      'zlib.inflateRaw': (zlib, cb) => zlib.inflateRaw?.(deflateRawSync('a'), cb),
      'zlib.unzip': (zlib, cb) => zlib.unzip?.(gzipSync('a'), cb),
      'zlib.brotliCompress': (zlib, cb) => zlib.brotliCompress?.('a', cb),
      'zlib.brotliDecompress': (zlib, cb) => zlib.brotliDecompress?.(brotliCompressSync('a'), cb),
      'crypto.randomBytes': (crypto, cb) => crypto.randomBytes?.(4, cb),
      'crypto.randomFill': (crypto, cb) => crypto.randomFill?.(Buffer.alloc(4), cb),
      'crypto.pbkdf2': (crypto, cb) => crypto.pbkdf2?.('a', 'b', 1, 8, 'sha256', cb),
      'crypto.scrypt': (crypto, cb) => crypto.scrypt?.('a', 'b', 8, cb),
      'crypto.hkdf': (crypto, cb) => crypto.hkdf?.('sha256', 'key', 'salt', 'info', 8, cb),
    };
    try {
      expect(Object.keys(calls).sort()).toEqual([...CALLS_BACK_NULL_THEN_RESULTS].sort());
      for (const [key, call] of Object.entries(calls)) {
        const [module = '', name = ''] = key.split('.');
        const results = findNodeApi(module, name)?.callback?.results;
        const args = await new Promise<unknown[]>((resolve) => {
          call(load(`node:${module}`) as Record<string, (...args: unknown[]) => unknown>, (...given) => {
            resolve(given);
          });
        });
        expect({ key, first: args[0], count: args.length }).toEqual({ key, first: null, count: 1 + (results?.length ?? -1) });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
