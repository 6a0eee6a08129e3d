import { createRequire } from 'node:module';
import type { AstNode } from '../../core/ast.js';
import { parserForPath } from '../index.js';
import requireHere from './require-here.cjs';

type ParserName = ReturnType<typeof parserForPath>;
type BabelOptions = Record<string, unknown>;

/** jscodeshift's parsers by name (`babel`, `ts`, `tsx`), whose `parse` gives the tree recast would wrap. */
const getParser = requireHere('jscodeshift/src/getParser') as (name: string) => { parse(source: string): AstNode };
/** The Babel parser jscodeshift's parsers call, as they see it. */
const babel = createRequire(requireHere.resolve('jscodeshift/src/getParser'))('@babel/parser') as {
  parse: (source: string, options: BabelOptions) => AstNode;
};

const tokenlessOptions = new Map<ParserName, BabelOptions | null>();

/**
 * jscodeshift's options for the parser, without the tokens (recast needs them to print; reading the tree does not,
 * and they make up half the parse). jscodeshift does not export its options: its parser is run once on an empty
 * file with Babel's `parse` looked over, which is how it calls Babel. Null when that did not show them.
 */
function optionsWithoutTokens(name: ParserName): BabelOptions | null {
  let options = tokenlessOptions.get(name);
  if (options !== undefined) return options;
  const original = babel.parse;
  let seen: BabelOptions | undefined;
  babel.parse = (source, given) => {
    seen = given;
    return original(source, given);
  };
  try {
    getParser(name).parse('');
  } finally {
    babel.parse = original;
  }
  options = seen === undefined ? null : { ...seen, tokens: false };
  tokenlessOptions.set(name, options);
  return options;
}

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
  const name = parserForPath(file);
  const options = optionsWithoutTokens(name);
  return options === null ? getParser(name).parse(source) : babel.parse(source, options);
}

/** A token as Babel gives it: its kind (`function`, `(`, `name`...) and where it is. */
export interface Token {
  readonly type: string | { readonly label: string };
  readonly start: number;
  readonly end: number;
}

/** The file's tokens, as jscodeshift's parser for its extension reads them; undefined when it does not parse. */
export function tokensOf(file: string, source: string): readonly Token[] | undefined {
  try {
    return (getParser(parserForPath(file)).parse(source) as unknown as { tokens?: Token[] }).tokens;
  } catch {
    return undefined;
  }
}
