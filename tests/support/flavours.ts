import { parse as parseEstree } from '@typescript-eslint/parser';
import jscodeshift from 'jscodeshift';
import type { AstNode } from '../../core/ast.js';
import { type Tree, indexParents, parentProperty, walk } from '../../core/tree.js';

/**
 * Every core helper is tested on both AST flavours it meets in production: ESTree from typescript-eslint (with
 * `parent` links, as ESLint hands them to rules) and Babel from jscodeshift's parsers (no parent links, as codemods
 * get them).
 */
export interface Parsed {
  readonly flavour: 'estree' | 'babel';
  readonly program: AstNode;
  readonly tree: Tree;
  readonly source: string;
}

export type Language = 'js' | 'ts' | 'tsx';

function parseWithEstree(source: string, language: Language): Parsed {
  const program = parseEstree(source, {
    range: true,
    loc: true,
    sourceType: 'module',
    ecmaFeatures: { jsx: language !== 'ts' },
    filePath: language === 'js' ? 'file.jsx' : `file.${language}`,
  }) as unknown as AstNode;
  // ESLint links every node to its parent before rules run; do the same.
  walk(program, (node) => {
    for (const key of Object.keys(node)) {
      if (key === 'parent') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      const kids = Array.isArray(value) ? value : [value];
      for (const kid of kids) {
        if (typeof kid === 'object' && kid !== null && typeof (kid as AstNode).type === 'string') {
          Object.defineProperty(kid, 'parent', { value: node, enumerable: false, configurable: true, writable: true });
        }
      }
    }
    return true;
  });
  return { flavour: 'estree', program, tree: parentProperty(), source };
}

function parseWithBabel(source: string, language: Language): Parsed {
  const parser = language === 'ts' ? 'ts' : language === 'tsx' ? 'tsx' : 'babel';
  const file = (jscodeshift.withParser(parser)(source).get() as { node: { program: AstNode } }).node;
  return { flavour: 'babel', program: file.program, tree: indexParents(file.program), source };
}

/** Parses `source` in both flavours. */
export function parseBoth(source: string, language: Language = 'tsx'): Parsed[] {
  return [parseWithEstree(source, language), parseWithBabel(source, language)];
}

function startOf(node: AstNode): number | undefined {
  const record = node as unknown as { range?: [number, number]; start?: number };
  return record.range?.[0] ?? record.start;
}

/**
 * The outermost node of one of `types` starting where `snippet` first occurs (after `after`, if given). Tests name
 * nodes by the code they start with, which reads the same for both flavours.
 */
export function nodeAt(parsed: Parsed, snippet: string, types: string | readonly string[], occurrence = 0): AstNode {
  let offset = -1;
  for (let seen = 0; seen <= occurrence; seen += 1) {
    offset = parsed.source.indexOf(snippet, offset + 1);
    if (offset === -1) throw new Error(`snippet not found: ${snippet}`);
  }
  const wanted = typeof types === 'string' ? [types] : types;
  let found: AstNode | undefined;
  walk(parsed.program, (node) => {
    if (found !== undefined) return false;
    if (startOf(node) === offset && wanted.includes(node.type)) found = node;
    return true;
  });
  if (found === undefined) throw new Error(`no ${wanted.join('/')} at "${snippet}" (${parsed.flavour})`);
  return found;
}

export const CALL = ['CallExpression', 'OptionalCallExpression'];
export const FUNCTION = ['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration', 'ObjectMethod', 'ClassMethod'];

/** The function starting at `snippet`; for ESTree methods (whose function starts at the parameters) the method's value. */
export function functionAt(parsed: Parsed, snippet: string, occurrence = 0): AstNode {
  const node = nodeAt(parsed, snippet, [...FUNCTION, 'MethodDefinition', 'Property', 'PropertyDefinition'], occurrence);
  const value = (node as unknown as { value?: AstNode }).value;
  return node.type === 'MethodDefinition' || node.type === 'Property' || node.type === 'PropertyDefinition' ? (value ?? node) : node;
}
