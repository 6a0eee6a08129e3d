import { createRequire } from 'node:module';
import type { AstNode } from '../../core/ast.js';
import { parserForPath } from '../index.js';

/** jscodeshift's parsers by name (`babel`, `ts`, `tsx`), whose `parse` gives the tree recast would wrap. */
const getParser = createRequire(import.meta.url)('jscodeshift/src/getParser') as (name: string) => { parse(source: string): AstNode };

/**
 * The file as jscodeshift's own parser for its extension reads it, without recast's copy of the tree (which only
 * printing needs): the same nodes, about twice as fast. Transforms decide on it whether a file changes at all and
 * parse again with recast only the files that do. Undefined when it does not parse (the recast parse then reports
 * the error).
 */
export function plainParse(file: string, source: string): AstNode | undefined {
  try {
    return parseOrThrow(file, source);
  } catch {
    return undefined;
  }
}

/** The same tree, for readers that report a file that does not parse with the parser's own error. */
export function parseOrThrow(file: string, source: string): AstNode {
  return getParser(parserForPath(file)).parse(source);
}
