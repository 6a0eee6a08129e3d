import { describe, expect, it } from 'vitest';
import { catchesEverything, chainHandlers, chainHandlesRejection, continuationFedByChain, chainLinks, chainMethod, isPromiseConstruction, outermostChainLink, promiseSource, promiseStatic } from '../../core/promises.js';
import { CALL, FUNCTION, nodeAt, parseBoth } from '../support/flavours.js';

const text = (source: string, node: { range?: [number, number]; start?: number; end?: number } | undefined) => {
  if (node === undefined) return undefined;
  const [start, end] = node.range ?? [node.start ?? 0, node.end ?? 0];
  return source.slice(start, end);
};

describe('promise chains', () => {
  it('finds the outermost link and the links in order, through optional chaining and TS assertions', () => {
    const source = 'const r = load(id)!.then((u) => u.name)?.catch(() => "?").finally(done);\nother.then(x);';
    for (const parsed of parseBoth(source, 'ts')) {
      // Every link starts at `load`: nodeAt gives the outermost, the whole chain.
      const outer = nodeAt(parsed, 'load(id)!.then(', CALL);
      expect(chainMethod(outer)).toBe('finally');
      const { origin, links } = chainLinks(outer);
      expect(text(source, origin as never)).toBe('load(id)');
      expect(chainMethod(origin)).toBeUndefined();
      expect(links.map((link) => chainMethod(link))).toEqual(['then', 'catch', 'finally']);
      for (const link of links) expect(outermostChainLink(link, parsed.tree)).toBe(outer);
      const other = nodeAt(parsed, 'other.then(', CALL);
      expect(outermostChainLink(other, parsed.tree)).toBe(other);
    }
  });

  it('names each link’s handlers', () => {
    for (const parsed of parseBoth('p.then(a, b);\np.catch(c);\np.finally(d);\np.map(e);')) {
      const handlers = (snippet: string) => {
        const found = chainHandlers(nodeAt(parsed, snippet, CALL));
        return [found.fulfilled, found.rejected, found.settled].map((node) => text(parsed.source, node as never));
      };
      expect(handlers('p.then')).toEqual(['a', 'b', undefined]);
      expect(handlers('p.catch')).toEqual([undefined, 'c', undefined]);
      expect(handlers('p.finally')).toEqual([undefined, undefined, 'd']);
      expect(handlers('p.map')).toEqual([undefined, undefined, undefined]);
    }
  });

  it('recognises the global Promise only', () => {
    const source = 'new Promise(f);\nPromise.all(xs);\nPromise.race(xs);\nPromise.foo(xs);\nfunction g(Promise) { new Promise(f); Promise.all(xs); }';
    for (const parsed of parseBoth(source)) {
      expect(isPromiseConstruction(nodeAt(parsed, 'new Promise(f)', 'NewExpression'), parsed.tree)).toBe(true);
      expect(isPromiseConstruction(nodeAt(parsed, 'new Promise(f)', 'NewExpression', 1), parsed.tree)).toBe(false);
      expect(promiseStatic(nodeAt(parsed, 'Promise.all', CALL), parsed.tree)).toBe('all');
      expect(promiseStatic(nodeAt(parsed, 'Promise.race', CALL), parsed.tree)).toBe('race');
      expect(promiseStatic(nodeAt(parsed, 'Promise.foo', CALL), parsed.tree)).toBeUndefined();
      expect(promiseStatic(nodeAt(parsed, 'Promise.all', CALL, 1), parsed.tree)).toBeUndefined();
    }
  });
});

describe('promiseSource', () => {
  const source = [
    'import { promisify } from "node:util";',
    'import fsp from "node:fs/promises";',
    'async function save() {}',
    'const arrow = async () => {};',
    'function delay(ms) { return new Promise((r) => setTimeout(r, ms)); }',
    'function maybe(x) { if (x) return Promise.resolve(x); }',
    'function plain() { return 1; }',
    'async function* gen() {}',
    'const run = promisify(legacy);',
    'const pending = save();',
    'class Store {',
    '  async flush() {}',
    '  #sync = async () => {};',
    '  static async open() {}',
    '  set() { this.flush(); this.#sync(); this.open(); const f = () => this.flush(); function g() { this.flush(); } }',
    '  static init() { this.open(); }',
    '}',
    'save(); arrow(); delay(1); maybe(1); plain(); gen(); run(1); fsp.readFile("a"); pending;',
    'new Promise(f); Promise.all(xs); Promise.withResolvers(); p.then(a); p.catch(b); import("x"); (async () => {})();',
  ].join('\n');

  it('knows each source without types, on both flavours', () => {
    for (const parsed of parseBoth(source)) {
      const sourceAt = (snippet: string, occurrence = 0) => {
        const node = nodeAt(parsed, snippet, [...CALL, 'NewExpression', 'Identifier', 'ImportExpression'], occurrence);
        return promiseSource(node, parsed.tree);
      };
      // Occurrence 0 of `save()` is the declaration, 1 the call in `const pending = save()`.
      expect(sourceAt('save()', 1)).toBe('async-function');
      expect(sourceAt('save()', 2)).toBe('async-function');
      expect(sourceAt('arrow()')).toBe('async-function');
      expect(sourceAt('delay(1)')).toBe('promise-function');
      expect(sourceAt('maybe(1)')).toBeUndefined();
      expect(sourceAt('plain()')).toBeUndefined();
      expect(sourceAt('gen()')).toBeUndefined();
      expect(sourceAt('run(1)')).toBe('promisified');
      expect(sourceAt('fsp.readFile')).toBe('node-api');
      expect(sourceAt('pending;')).toBe('async-function');
      expect(sourceAt('this.flush()')).toBe('async-function');
      expect(sourceAt('this.#sync()')).toBe('async-function');
      // An instance method's `this.open()` is not the static `open`; inside a static method it is.
      expect(sourceAt('this.open()')).toBeUndefined();
      expect(sourceAt('this.open()', 1)).toBe('async-function');
      expect(sourceAt('this.flush()', 1)).toBe('async-function');
      expect(sourceAt('this.flush()', 2)).toBeUndefined();
      expect(sourceAt('new Promise(f)')).toBe('construction');
      expect(sourceAt('Promise.all')).toBe('static');
      expect(sourceAt('Promise.withResolvers')).toBeUndefined();
      expect(sourceAt('p.then')).toBe('chain');
      expect(sourceAt('p.catch')).toBe('chain');
      expect(sourceAt('import("x")')).toBe('dynamic-import');
      expect(sourceAt('(async () => {})()')).toBe('async-function');
    }
  });
});

describe('catchesEverything', () => {
  it('accepts a body that is one try whose catch does not rethrow', () => {
    const source = [
      'const a = async () => { try { await x(); } catch (e) { log(e); } };',
      'const b = async () => { try { await x(); } catch (e) { throw e; } };',
      'const c = async () => { try { await x(); } finally { done(); } };',
      'const d = async () => { try { await x(); } catch (e) { log(e); } finally { throw y; } };',
      'const e = async () => { await x(); };',
      'const f = async () => { try { await x(); } catch (e) { const g = () => { throw e; }; } };',
    ].join('\n');
    for (const parsed of parseBoth(source)) {
      const verdict = (name: string) => catchesEverything(nodeAt(parsed, `async () => {`, FUNCTION, 'abcdef'.indexOf(name)));
      expect(['a', 'b', 'c', 'd', 'e', 'f'].map(verdict)).toEqual([true, false, false, false, false, true]);
    }
  });
});

describe('chain rejection and continuations', () => {
  it('knows whether a chain routes rejections, and which continuation it feeds', () => {
    const source = [
      'function load(id, cb) {',
      '  a().then(f).catch(g);',
      '  b().then(f, null);',
      '  c().catch(g).finally(h);',
      '  d().then(f).finally(h);',
      '  e().catch(g).then((v) => cb(null, v));',
      '}',
    ].join('\n');
    for (const parsed of parseBoth(source)) {
      const chain = (start: string) => nodeAt(parsed, start, CALL);
      expect(['a()', 'b()', 'c()', 'd()', 'e()'].map((start) => chainHandlesRejection(chain(start)))).toEqual([true, false, true, false, false]);
      expect(continuationFedByChain(chain('e()'), parsed.tree)?.name).toBe('cb');
      expect(continuationFedByChain(chain('a()'), parsed.tree)).toBeUndefined();
    }
  });
});
