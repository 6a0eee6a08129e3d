import { describe, expect, it } from 'vitest';
import { valueUse } from '../../core/tree.js';
import { CALL, nodeAt, parseBoth } from '../support/flavours.js';

describe('valueUse', () => {
  it('looks through parentheses and TS assertions to where a value goes, on both flavours', () => {
    const source = 'await ((load() as Promise<number>)!);\nreturn2(load());';
    for (const parsed of parseBoth(`async function f() { ${source} }`, 'ts')) {
      const wrapped = valueUse(nodeAt(parsed, 'load()', CALL), parsed.tree);
      expect(wrapped.parent?.type).toBe('AwaitExpression');
      expect(['TSNonNullExpression', 'ParenthesizedExpression']).toContain(wrapped.outer.type);
      const bare = nodeAt(parsed, 'load()', CALL, 1);
      const direct = valueUse(bare, parsed.tree);
      expect(direct.outer).toBe(bare);
      expect(direct.parent?.type).toBe('CallExpression');
    }
  });
});
