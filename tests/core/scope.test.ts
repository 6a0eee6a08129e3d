import { describe, expect, it } from 'vitest';
import { identifierName } from '../../core/ast.js';
import { findDeclaration, functionNamed } from '../../core/scope.js';
import { type Language, nodeAt, parseBoth } from '../support/flavours.js';

/**
 * What the identifier at `probe` (the `occurrence`-th match, as an Identifier) refers to, in both flavours:
 * "kind path line" or "global".
 */
function declarationAt(source: string, probe: string, occurrence = 0, language: Language = 'ts') {
  const answers = parseBoth(source, language).map((parsed) => {
    const identifier = nodeAt(parsed, probe, 'Identifier', occurrence);
    expect(identifierName(identifier)).toBe(probe);
    const declaration = findDeclaration(identifier, parsed.tree);
    if (declaration === undefined) return 'global';
    const line = (declaration.id as unknown as { loc: { start: { line: number } } }).loc.start.line;
    return `${declaration.kind} ${declaration.path === undefined ? '-' : `[${declaration.path.join('.')}]`} ${String(line)}`;
  });
  expect(answers[1]).toBe(answers[0]);
  return answers[0];
}

describe('findDeclaration', () => {
  it.each([
    ['a global', 'use(zz);', 'zz', 0, 'global'],
    ['a const', 'const zz = 1;\nuse(zz);', 'zz', 1, 'const [] 1'],
    ['an object pattern with alias', 'const { a: { b: zz } } = mod;\nuse(zz);', 'zz', 1, 'const [a.b] 1'],
    ['a string key', "const { 'b': zz } = mod;\nuse(zz);", 'zz', 1, 'const [b] 1'],
    ['an array pattern', 'const [zz] = list;\nuse(zz);', 'zz', 1, 'const - 1'],
    ['a rest element', 'const { a, ...zz } = mod;\nuse(zz);', 'zz', 1, 'const - 1'],
    ['a default value', 'const { zz = 2 } = mod;\nuse(zz);', 'zz', 1, 'const [zz] 1'],
    ['a computed key', 'const { [k]: zz } = mod;\nuse(zz);', 'zz', 1, 'const - 1'],
    ['a hoisted var from a nested block', 'function f() {\n  use(zz);\n  if (x) { for (;;) { var zz = 1; } }\n}', 'zz', 0, 'var [] 3'],
    ['var in for-in head', 'function f() {\n  for (var zz in o) {}\n  use(zz);\n}', 'zz', 1, 'var [] 2'],
    ['let in a for head', 'for (let zz = 0; zz < 1; zz++) use(zz);', 'zz', 3, 'let [] 1'],
    ['const in for-of', 'for (const zz of xs) use(zz);', 'zz', 1, 'const [] 1'],
    ['a switch case', 'switch (x) {\n  case 1:\n    const zz = 1;\n    use(zz);\n}', 'zz', 1, 'const [] 3'],
    ['a catch pattern', 'try {} catch ({ message: zz }) { use(zz); }', 'zz', 1, 'catch [message] 1'],
    ['a function expression name', 'const f = function zz() { use(zz); };', 'zz', 1, 'function [] 1'],
    ['a function declaration in a block', '{\n  function zz() {}\n  use(zz);\n}', 'zz', 1, 'function [] 2'],
    ['a class name inside its body', 'class zz { m() { return zz; } }', 'zz', 1, 'class [] 1'],
    ['a class expression name', 'const C = class zz { m() { return zz; } };', 'zz', 1, 'class [] 1'],
    ['heritage sees the outer name', 'const zz = Base;\nclass C extends zz {}', 'zz', 1, 'const [] 1'],
    ['a class expression extending the outer name', 'const zz = Base;\nconst D = class zz extends zz {};', 'zz', 2, 'const [] 1'],
    ['an exported declaration', 'export const zz = 1;\nuse(zz);', 'zz', 1, 'const [] 1'],
    ['an exported function', 'export default function zz() {}\nuse(zz);', 'zz', 1, 'function [] 1'],
    ['a default import', "import zz from 'm';\nuse(zz);", 'zz', 1, 'import [] 1'],
    ['a named import', "import { a as zz } from 'm';\nuse(zz);", 'zz', 1, 'import [a] 1'],
    ['a string-named import', "import { 'a-b' as zz } from 'm';\nuse(zz);", 'zz', 1, 'import [a-b] 1'],
    ['a TS enum', 'enum zz { A }\nuse(zz);', 'zz', 1, 'enum [] 1'],
    ['a TS namespace', 'namespace zz { export const a = 1; }\nuse(zz);', 'zz', 1, 'namespace [] 1'],
    ['a TS parameter property', 'class C { constructor(private zz: number) { use(zz); } }', 'zz', 1, 'parameter [] 1'],
    ['a default parameter', 'function f(zz = 1) { use(zz); }', 'zz', 1, 'parameter [] 1'],
    ['a destructured parameter', 'const f = ({ a: zz }) => use(zz);', 'zz', 1, 'parameter [a] 1'],
    ['a class static block', 'class C { static { var zz = 1; use(zz); } }', 'zz', 1, 'var [] 1'],
    ['a declared function', 'declare function zz(): void;\nuse(zz);', 'zz', 1, 'function [] 1'],
    ['import equals', "import zz = require('m');\nuse(zz);", 'zz', 1, 'import-equals [] 1'],
    ['an inner scope shadows', 'const zz = 1;\nfunction f() { const zz = 2; use(zz); }', 'zz', 2, 'const [] 2'],
    ['a parameter and a var of the same name are one binding', 'function f(zz) { var zz; use(zz); }', 'zz', 2, 'parameter [] 1'],
  ])('%s', (_name, source, probe, occurrence, expected) => {
    expect(declarationAt(source, probe, occurrence)).toBe(expected);
  });

  it('handles using declarations', () => {
    expect(declarationAt('{\n  using zz = open();\n  use(zz);\n}', 'zz', 1, 'ts')).toBe('using [] 2');
  });
});

describe('functionNamed', () => {
  /** The line of the function the name at `probe` stands for, in both flavours, or "none". */
  function functionAt(source: string, probe: string, occurrence: number): string {
    const answers = parseBoth(source, 'ts').map((parsed) => {
      const fn = functionNamed(nodeAt(parsed, probe, 'Identifier', occurrence), parsed.tree);
      return fn === undefined ? 'none' : String((fn as unknown as { loc: { start: { line: number } } }).loc.start.line);
    });
    expect(answers[1]).toBe(answers[0]);
    return answers[0] ?? 'none';
  }

  it.each([
    ['a function declaration', 'function zz() {}\nuse(zz);', 1, '1'],
    ['a const arrow', 'const zz = async () => {};\nuse(zz);', 1, '1'],
    ['a const function in parentheses', 'const zz = (function () {});\nuse(zz);', 1, '1'],
    ['a let, which may change', 'let zz = () => {};\nuse(zz);', 1, 'none'],
    ['a parameter', 'function f(zz) { use(zz); }', 1, 'none'],
    ['a const holding something else', 'const zz = make();\nuse(zz);', 1, 'none'],
    ['a destructured const', 'const { zz } = handlers;\nuse(zz);', 1, 'none'],
  ])('%s', (_name, source, occurrence, expected) => {
    expect(functionAt(source, 'zz', occurrence)).toBe(expected);
  });
});
