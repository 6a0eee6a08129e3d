import { describe, expect, it } from 'vitest';
import { chainHandlers, chainLinks, chainMethod, isPromiseConstruction, outermostChainLink, promiseStatic } from '../../core/promises.js';
import { CALL, nodeAt, parseBoth } from '../support/flavours.js';

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
