import type { Collection } from 'jscodeshift';
import type { AstNode } from '../../core/ast.js';
import { walk } from '../../core/tree.js';
import './child-keys.js'; // the walk follows the parsers' own child keys
import { type Token, tokensOf } from './plain-parse.js';

type RecastOptions = NonNullable<Parameters<Collection['toSource']>[0]>;

/** Prints a transformed file's tree like the file around it ({@link printLike}). */
export function printTree(file: string, source: string, root: Collection): string {
  reprintMovedDirectives(root);
  separateStatementsSharingALine((root.get() as { node: AstNode }).node);
  return spaceAfterFunctionKeyword(file, source, printLike(source, (options) => root.toSource(options)));
}

/**
 * recast prints the anonymous functions it builds or reprints as `function(x)`. In a file that mostly writes
 * `function (x)`, the new lines get the space back. The places are found among the output's tokens, so nothing in a
 * string, comment or template changes; lines the source already had are left as they are.
 */
function spaceAfterFunctionKeyword(file: string, source: string, output: string): string {
  if (!output.includes('function(')) return output;
  const sourceTokens = tokensOf(file, source);
  const tokens = sourceTokens === undefined ? undefined : tokensOf(file, output);
  if (sourceTokens === undefined || tokens === undefined) return output;
  const openings = functionOpenings(sourceTokens);
  const spaced = openings.filter((pair) => source.slice(pair.keyword.end, pair.parenthesis.start) === ' ').length;
  const tight = openings.filter((pair) => pair.keyword.end === pair.parenthesis.start).length;
  if (spaced <= tight) return output;
  const original = new Set(source.split(/\r?\n/));
  const positions: number[] = [];
  for (const { keyword, parenthesis } of functionOpenings(tokens)) {
    if (parenthesis.start !== keyword.end) continue;
    const lineStart = output.lastIndexOf('\n', keyword.start) + 1;
    const lineEnd = output.indexOf('\n', keyword.start);
    const line = output.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).replace(/\r$/, '');
    if (!original.has(line)) positions.push(parenthesis.start);
  }
  let spacedOutput = output;
  for (const position of positions.reverse()) spacedOutput = `${spacedOutput.slice(0, position)} ${spacedOutput.slice(position)}`;
  return spacedOutput;
}

/** Each `function` keyword followed by `(`: anonymous functions (`function (x)`, `async function(x)`). */
function functionOpenings(tokens: readonly Token[]): { keyword: Token; parenthesis: Token }[] {
  const label = (token: Token): string => (typeof token.type === 'string' ? token.type : token.type.label);
  return tokens.flatMap((keyword, index) => {
    const parenthesis = tokens[index + 1];
    return parenthesis !== undefined && label(keyword) === 'function' && label(parenthesis) === '(' ? [{ keyword, parenthesis }] : [];
  });
}

interface Located {
  type?: string;
  loc?: { start: { line: number }; end: { line: number } } | null;
  original?: { body?: unknown };
  body?: unknown;
}

/**
 * recast reprints a list of statements that changed with the whitespace the statements had between them, so two
 * that shared a line (`{ log(s); use(s); }`) stay on one line, now run together (`log(s);use(s);`). In every block
 * that is printed anew, a statement that starts on the line where the one before it ended is printed afresh, on a
 * line of its own. Blocks that did not change keep their text.
 */
function separateStatementsSharingALine(root: AstNode): void {
  walk(root, (node) => {
    const block = node as Located;
    if ((block.type !== 'BlockStatement' && block.type !== 'Program') || !Array.isArray(block.body) || !isReprinted(block)) return true;
    const statements = block.body as Located[];
    block.body = statements.map((statement, index) => {
      const endOfBefore = statements[index - 1]?.loc?.end.line;
      const sharesLine = endOfBefore !== undefined && statement.loc?.start.line === endOfBefore;
      return sharesLine ? { ...statement, loc: null } : statement;
    });
    return true;
  });
}

/** A block recast prints anew: built by a transform, or with statements added, taken out or replaced. */
function isReprinted(block: Located): boolean {
  const originalBody = block.original?.body;
  if (!Array.isArray(originalBody)) return true;
  const body = block.body as Located[];
  return body.length !== originalBody.length || body.some((statement, index) => statement.original !== originalBody[index]);
}

interface ProgramWithDirectives extends Located {
  directives?: object[];
}

/**
 * On Babel's own tree (the `ts` and `tsx` parsers), directives such as `'use strict'` sit apart from the statements.
 * When statements are added to the file's top level or taken out of it, recast reuses each directive's text and adds
 * its own `;` after it (`'use strict';;`); copies of the directives are printed afresh, without it.
 */
function reprintMovedDirectives(root: Collection): void {
  const file = (root.get() as { node: { program?: ProgramWithDirectives } }).node;
  const program = file.program;
  // a program without its original was built, not parsed: nothing of it is reused
  if (program?.directives === undefined || program.directives.length === 0 || program.original === undefined || !isReprinted(program)) return;
  program.directives = program.directives.map((directive) => ({ ...directive }));
}

/**
 * Prints the changed tree like the file around it. recast indents the statements it generates with spaces even when
 * told to use tabs, so in a tab-indented file each line that is new is re-indented with tabs (unless the file has
 * multi-line template literals, whose text a re-indentation could change). The file keeps its byte order mark and
 * its shebang line.
 */
export function printLike(source: string, print: (options: RecastOptions) => string): string {
  const options = printOptionsFor(source);
  const output = keepFileStart(source, print(options), options.lineTerminator ?? '\n');
  if (options.useTabs !== true || /`[^`]*\n[^`]*`/.test(source)) return output;
  const width = options.tabWidth ?? 4;
  const original = new Set(source.split(/\r?\n/));
  return output
    .split('\n')
    .map((line) => {
      if (original.has(line.replace(/\r$/, ''))) return line;
      const indentation = /^[ \t]*/.exec(line)?.[0] ?? '';
      if (!indentation.includes(' ')) return line;
      const tabs = indentation.length - indentation.replaceAll('\t', '').length;
      const columns = indentation.length + tabs * (width - 1);
      if (columns % width !== 0) return line;
      return '\t'.repeat(columns / width) + line.slice(indentation.length);
    })
    .join('\n');
}

/**
 * recast drops a byte order mark, and prints a statement inserted before the first one right after the shebang, on
 * its line (where it becomes part of the interpreter line): both are put back as the source had them.
 */
function keepFileStart(source: string, output: string, lineTerminator: string): string {
  const bom = source.startsWith('\uFEFF') ? '\uFEFF' : '';
  let body = output.startsWith('\uFEFF') ? output.slice(1) : output;
  const shebang = /^\uFEFF?(#![^\r\n]*)/.exec(source)?.[1];
  if (shebang !== undefined && body.startsWith(shebang) && !/^[\r\n]/.test(body.slice(shebang.length))) {
    body = `${shebang}${lineTerminator}${body.slice(shebang.length)}`;
  }
  return bom + body;
}

/**
 * Print options that make the code a transform generates look like the file around it: recast reprints only the
 * nodes that changed, and prints new ones with these.
 */
export function printOptionsFor(source: string): RecastOptions {
  const indent = dominantIndent(source);
  return {
    quote: dominantQuote(source),
    useTabs: indent.useTabs,
    tabWidth: indent.width,
    lineTerminator: source.includes('\r\n') ? '\r\n' : '\n',
    reuseWhitespace: true,
    arrowParensAlways: writesArrowParens(source),
  };
}

/** Whether the file writes `(x) => ...` rather than `x => ...` for arrows of one parameter. */
function writesArrowParens(source: string): boolean {
  const withParens = source.match(/\(\s*[\w$]+\s*\)\s*=>/g)?.length ?? 0;
  const bare = source.match(/(?<![\w$.)\s])\s*[\w$]+\s*=>/g)?.length ?? 0;
  return withParens >= bare;
}

function dominantQuote(source: string): 'single' | 'double' {
  let single = 0;
  let double = 0;
  for (const match of source.matchAll(/(['"])[^'"\n\\]*\1/g)) {
    if (match[1] === "'") single += 1;
    else double += 1;
  }
  return double > single ? 'double' : 'single';
}

/** Tabs when most indented lines start with a tab, else the most common step between indentation levels. */
function dominantIndent(source: string): { useTabs: boolean; width: number } {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of source.split('\n')) {
    const indentation = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (indentation.length === line.trimEnd().length) continue; // blank line
    if (indentation.startsWith('\t')) tabs += 1;
    else if (indentation.length > 0) spaces += 1;
    const step = Math.abs(indentation.length - previous);
    if (!indentation.startsWith('\t') && step > 0 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = indentation.length;
  }
  if (tabs > spaces) return { useTabs: true, width: 4 };
  let width = 2;
  let best = 0;
  for (const [step, count] of steps) {
    if (count > best) {
      best = count;
      width = step;
    }
  }
  return { useTabs: false, width };
}
