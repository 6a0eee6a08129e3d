import { describe, expect, it } from 'vitest';
import { type AstNode, isLiteral } from '../../core/ast.js';
import { walk } from '../../core/tree.js';
import { parseBoth } from '../support/flavours.js';

describe('isLiteral', () => {
  it('knows the literals of both flavours, and nothing else', () => {
    for (const parsed of parseBoth("const values = ['s', 1, true, null, 2n, /r/, `t`, x];", 'ts')) {
      const elements: AstNode[] = [];
      walk(parsed.program, (node) => {
        if (node.type === 'ArrayExpression') elements.push(...((node as unknown as { elements: AstNode[] }).elements));
        return true;
      });
      expect(elements.map((element) => isLiteral(element)), parsed.flavour).toEqual([true, true, true, true, true, true, false, false]);
    }
  });
});
