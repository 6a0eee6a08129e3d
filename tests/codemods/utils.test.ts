import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import type { AstNode } from '../../core/ast.js';
import { countAsyncStyle } from '../../codemods/utils/async-style.js';
import { FileImports, type ModuleRequest } from '../../codemods/utils/imports.js';
import { NameTable, canRenameBinding, countNames, renameBinding } from '../../codemods/utils/names.js';
import { indexParents } from '../../core/tree.js';
import { printLike, printOptionsFor, printTree } from '../../codemods/utils/print.js';
import { canCompleteNormally } from '../../codemods/utils/statements.js';

const j = jscodeshift.withParser('tsx');

function parse(source: string): AstNode {
  return (j(source).get() as { node: AstNode }).node;
}

/** The statements of the first function in `source`. */
function bodyOf(source: string): AstNode[] {
  const fn = j(source).find(j.FunctionDeclaration).nodes()[0];
  return fn?.body.body ?? [];
}

describe('canCompleteNormally', () => {
  it.each([
    ['function f() {}', true],
    ['function f() { return 1; }', false],
    ['function f() { throw new Error(); }', false],
    ['function f(a) { if (a) return 1; }', true],
    ['function f(a) { if (a) return 1; else throw a; }', false],
    ['function f(a) { if (a) { return 1; } else { log(); } }', true],
    ['function f() { { return 1; } }', false],
    ['function f() { try { return 1; } catch { return 2; } }', false],
    ['function f() { try { return 1; } catch { log(); } }', true],
    ['function f() { try { log(); } finally { return 3; } }', false],
    ['function f() { while (true) { return 1; } }', true],
  ])('%s: %s', (source, expected) => {
    expect(canCompleteNormally(bodyOf(source))).toBe(expected);
  });
});

describe('renameBinding', () => {
  function renamed(source: string, from: string, to: string): string | undefined {
    const root = j(source);
    const fn = root.find(j.ArrowFunctionExpression).nodes()[0] as unknown as AstNode;
    return renameBinding(fn, from, to) ? root.toSource() : undefined;
  }

  it('renames references and keeps the keys of shorthand properties and patterns', () => {
    expect(renamed('const f = ({ id, n = id }) => ({ id, n, x: o.id, [id]: 1 });', 'id', 'id2')).toBe(
      'const f = ({ id: id2, n = id2 }) => ({ id: id2, n, x: o.id, [id2]: 1 });',
    );
  });

  it("leaves a catch clause's own parameter alone", () => {
    expect(renamed('const f = (e) => { try { g(e); } catch (e) { h(e); } };', 'e', 'e2')).toBe('const f = (e2) => { try { g(e2); } catch (e) { h(e); } };');
  });

  it('refuses when a nested function declares the name again, or JSX uses it', () => {
    const nested = parse('const f = (x) => () => { const x = 1; return x; };');
    const arrow = j(nested as never).find(j.ArrowFunctionExpression).nodes()[0] as unknown as AstNode;
    expect(canRenameBinding(arrow, 'x')).toBe(false);
    expect(renamed('const f = (Item) => <Item />;', 'Item', 'Item2')).toBeUndefined();
  });
});

describe('countNames', () => {
  it('counts variables, not property keys, and not names a nested function binds as parameters', () => {
    const fn = j('function f(a) { return a.a + g((a) => a) + { a: 1 }.b; }').find(j.FunctionDeclaration).nodes()[0] as unknown as AstNode;
    const counts = countNames(fn);
    expect(counts.get('a')).toBe(2);
    expect(counts.get('b')).toBeUndefined();
  });
});

describe('printing like the file', () => {
  it('detects quotes, indentation and line endings', () => {
    expect(printOptionsFor('const a = "x";\r\nif (a) {\r\n    b("y");\r\n}\r\n')).toMatchObject({ quote: 'double', useTabs: false, tabWidth: 4, lineTerminator: '\r\n' });
    expect(printOptionsFor("if (a) {\n\tb('y');\n}\n")).toMatchObject({ quote: 'single', useTabs: true });
  });

  it('re-indents new lines with tabs in a tab-indented file, but not when template literals span lines', () => {
    const source = 'function f() {\n\treturn 1;\n}\n';
    expect(printLike(source, () => 'function f() {\n    let x;\n\t    return 1;\n}\n')).toBe('function f() {\n\tlet x;\n\t\treturn 1;\n}\n');
    const template = 'const s = `a\n    b`;\nfunction f() {\n\treturn 1;\n}\n';
    expect(printLike(template, () => 'const s = `a\n    b`;\n    x;\n')).toBe('const s = `a\n    b`;\n    x;\n');
  });

  it("keeps the file's byte order mark, and its shebang on a line of its own", () => {
    // what recast prints for a statement inserted first, and for any file with a BOM
    expect(printLike('#!/usr/bin/env node\r\nf();\r\n', () => '#!/usr/bin/env nodeconst x = 1;\r\nf();\r\n')).toBe('#!/usr/bin/env node\r\nconst x = 1;\r\nf();\r\n');
    expect(printLike('\uFEFFf();\n', () => 'g();\n')).toBe('\uFEFFg();\n');
    expect(printLike('\uFEFF#!/usr/bin/env node\nf();\n', () => '#!/usr/bin/env nodeg();\n')).toBe('\uFEFF#!/usr/bin/env node\ng();\n');
    expect(printLike('#!/usr/bin/env node\nf();\n', () => '#!/usr/bin/env node\ng();\n')).toBe('#!/usr/bin/env node\ng();\n');
  });

  it('puts the space back after function on new lines of a file that writes function (), but never inside strings', () => {
    const source = "f(function (a) {\n  return a;\n});\n";
    const root = j(source);
    const body = (root.get() as { node: { program: { body: unknown[] } } }).node.program.body;
    const added = (j("g(function(b) { return 'function(' + b; }, async function() {});").get() as { node: { program: { body: unknown[] } } }).node.program.body[0];
    body.push(added);
    expect(printTree('file.js', source, root)).toBe("f(function (a) {\n  return a;\n});\ng(function (b) { return 'function(' + b; }, async function () {});\n");
    // the file's own style is read from its code: `function(` in its strings does not count
    const quoting = "f(function (a) {\n  return 'function(function(' + a;\n});\n";
    const quotingRoot = j(quoting);
    (quotingRoot.get() as { node: { program: { body: unknown[] } } }).node.program.body.push(added);
    expect(printTree('file.js', quoting, quotingRoot)).toContain("g(function (b) { return 'function(' + b; }, async function () {});");
    // a file that writes function() keeps recast's form
    const tight = "f(function(a) {\n  return a;\n});\n";
    const tightRoot = j(tight);
    (tightRoot.get() as { node: { program: { body: unknown[] } } }).node.program.body.push(added);
    expect(printTree('file.js', tight, tightRoot)).toBe("f(function(a) {\n  return a;\n});\ng(function(b) { return 'function(' + b; }, async function() {});\n");
  });

  it("prints directives once when the statement after them changes (Babel's own tree keeps them apart)", () => {
    const edited = (source: string, edit: (body: unknown[]) => void): string => {
      const root = j(source);
      edit((root.get() as { node: { program: { body: unknown[] } } }).node.program.body);
      return printTree('file.js', source, root);
    };
    const declaration = j.variableDeclaration('const', [j.variableDeclarator(j.identifier('x'), j.literal(1))]);
    expect(edited("'use strict';\nconst fs = require('fs');\nf();\n", (body) => body.splice(0, 1))).toBe("'use strict';\nf();\n");
    expect(edited('"use strict";\n\nf();\n', (body) => body.splice(0, 0, declaration))).toBe('"use strict";\nconst x = 1;\n\nf();\n');
    expect(edited("'use client';\n'use strict';\nf();\n", (body) => body.splice(1, 0, declaration))).toBe("'use client';\n'use strict';\nf();\nconst x = 1;\n");
  });
});

describe('FileImports', () => {
  function withImports(source: string, parser: 'babel' | 'tsx', ...requests: ModuleRequest[]): { output: string; locals: string[] } {
    const withParser = jscodeshift.withParser(parser);
    const root = withParser(source);
    const program = (root.get() as { node: { program: AstNode } }).node.program;
    const parseStatement = (code: string): AstNode => {
      const [statement] = (withParser(code).get() as { node: { program: { body: AstNode[] } } }).node.program.body;
      if (statement === undefined) throw new Error(`no statement in ${code}`);
      return statement;
    };
    const imports = new FileImports(program, indexParents(program), new NameTable(program), parseStatement);
    const locals = requests.map((request) => imports.binding(request));
    return { output: root.toSource({ quote: 'single' }), locals };
  }
  const fsp: ModuleRequest = { module: 'fs/promises', preferredLocal: 'fsp' };
  const promisify: ModuleRequest = { module: 'util', name: 'promisify', preferredLocal: 'promisify' };

  it('adds each require once, after the last one, with the file\'s keyword and without node: when the file has none', () => {
    const source = "'use strict';\nvar fs = require('fs');\n\nmain();\n";
    const { output, locals } = withImports(source, 'babel', fsp, fsp, promisify);
    expect(locals).toEqual(['fsp', 'fsp', 'promisify']);
    expect(output).toBe("'use strict';\nvar fs = require('fs');\n\nvar fsp = require('fs/promises');\nvar { promisify } = require('util');\n\nmain();\n");
  });

  it('adds imports after the imports of an ESM file, with node: when the file writes it', () => {
    const source = "import path from 'node:path';\nconst fsp = 1;\nexport {};\n";
    const { output, locals } = withImports(source, 'tsx', fsp, promisify);
    expect(locals).toEqual(['fsp2', 'promisify']);
    expect(output).toBe("import path from 'node:path';\nimport fsp2 from 'node:fs/promises';\nimport { promisify } from 'node:util';\nconst fsp = 1;\nexport {};\n");
  });

  it('reuses the bindings a file already has', () => {
    const cjs = "const files = require('fs').promises;\nconst { promisify: wrap } = require('node:util');\n";
    expect(withImports(cjs, 'babel', fsp, promisify)).toEqual({ output: cjs, locals: ['files', 'wrap'] });
    const esm = "import * as files from 'fs/promises';\nimport { promisify as wrap } from 'util';\n";
    expect(withImports(esm, 'tsx', fsp, promisify)).toEqual({ output: esm, locals: ['files', 'wrap'] });
  });
});

describe('countAsyncStyle', () => {
  it('counts error-first callbacks, their call sites and forwarded continuations, not promise handlers or deferrals', () => {
    const source = [
      "const fs = require('fs');",
      'function load(file, callback) {', // a function with a continuation: 1
      "  fs.readFile(file, (err, text) => {", // a callback call site: 2
      '    if (err) return callback(err);',
      '    setTimeout(() => callback(null, text), 1);', // a deferral, not a site
      '  });',
      '}',
      'function pass(file, done) {', // 3
      '  load(file, done);', // forwards its continuation: 4
      '}',
      'function settle(file, callback) {', // 5
      '  fsp.readFile(file).then((text) => callback(null, text), function (err) { callback(err); });', // handlers, not sites
      '}',
      'async function main() { await fsp.readFile("x"); }',
    ].join('\n');
    expect(countAsyncStyle(source, 'a.js')).toMatchObject({ callbackSites: 5, thenCalls: 1, promiseChains: 1, asyncFunctions: 1 });
  });
});
