import { type AstNode, child, children, identifierName, prop, stringValue } from '../../core/ast.js';
import { type ModuleStyle, coreSpecifierInStyle, detectModuleStyle } from '../../core/module-system.js';
import { bareSpecifier } from '../../core/node-api.js';
import type { Tree } from '../../core/tree.js';
import type { NameTable } from './names.js';

/** What a transform needs in scope: a core module's namespace (`fsp`), or one of its exports (`promisify`). */
export interface ModuleRequest {
  /** The core module, without `node:` (`fs/promises`, `util`). */
  readonly module: string;
  /** The export wanted; undefined for the whole namespace. */
  readonly name?: string;
  /** What to call the new binding when the file has none (made unique in the file). */
  readonly preferredLocal: string;
}

/**
 * The bindings a transform adds to one file: each request is answered by a binding the file already has, or by one
 * new import added once, in the file's module system (`import`/`require`), its `node:` habit and its declaration
 * keyword, after the imports already there.
 */
export class FileImports {
  private readonly style: ModuleStyle;
  private readonly added = new Map<string, string>();

  constructor(
    private readonly program: AstNode,
    tree: Tree,
    private readonly names: NameTable,
    /**
     * Parses one statement with the transform's parser. recast prints a destructuring it is handed as a node over
     * several lines (`const {\n  promisify\n} = ...`); parsed from text, it prints as written.
     */
    private readonly parseStatement: (code: string) => AstNode,
  ) {
    this.style = detectModuleStyle(program, tree);
  }

  /** The local name to use for the request, adding its import when the file has none yet. */
  binding(request: ModuleRequest): string {
    const key = `${request.module}#${request.name ?? '*'}`;
    const known = this.added.get(key) ?? this.existing(request);
    if (known !== undefined) return known;
    const local = this.names.fresh(request.preferredLocal);
    this.insert(this.declarationFor(request, local));
    this.added.set(key, local);
    return local;
  }

  /** A binding the file already has: `import x from`, `import * as x from`, `import { name }`, `require(...)`. */
  private existing(request: ModuleRequest): string | undefined {
    for (const statement of children(this.program, 'body')) {
      if (statement.type === 'ImportDeclaration' && this.isModule(stringValue(child(statement, 'source')), request.module)) {
        for (const specifier of children(statement, 'specifiers')) {
          const local = identifierName(child(specifier, 'local'));
          const imported = identifierName(child(specifier, 'imported'));
          if (request.name === undefined ? specifier.type !== 'ImportSpecifier' : imported === request.name) return local;
        }
      }
      if (statement.type !== 'VariableDeclaration') continue;
      for (const declarator of children(statement, 'declarations')) {
        const init = child(declarator, 'init');
        const id = child(declarator, 'id');
        if (!this.isModule(requiredSpecifier(init), request.module)) continue;
        if (request.name === undefined && id?.type === 'Identifier') return identifierName(id);
        if (request.name !== undefined && id?.type === 'ObjectPattern') {
          for (const property of children(id, 'properties')) {
            if (identifierName(child(property, 'key')) === request.name) return identifierName(child(property, 'value'));
          }
        }
      }
    }
    return undefined;
  }

  private isModule(specifier: string | undefined, module: string): boolean {
    return specifier !== undefined && bareSpecifier(specifier) === module;
  }

  private declarationFor(request: ModuleRequest, local: string): AstNode {
    const source: AstNode = { type: 'StringLiteral', value: coreSpecifierInStyle(request.module, this.style) } as AstNode;
    const identifier = (name: string): AstNode => ({ type: 'Identifier', name }) as AstNode;
    if (this.style.system === 'esm') {
      const specifier =
        request.name === undefined
          ? { type: 'ImportDefaultSpecifier', local: identifier(local) }
          : { type: 'ImportSpecifier', imported: identifier(request.name), local: identifier(local) };
      return { type: 'ImportDeclaration', specifiers: [specifier], source, importKind: 'value' } as AstNode;
    }
    const pattern = request.name === undefined ? local : `{ ${request.name === local ? local : `${request.name}: ${local}`} }`;
    const parsed = this.parseStatement(`${this.requireKeyword()} ${pattern} = require('');`);
    // the specifier as a node, so it prints in the file's quotes; the statement without a position, so that it
    // prints on a line of its own
    const init = child(children(parsed, 'declarations')[0] ?? parsed, 'init');
    if (init !== undefined) (init as unknown as { arguments: AstNode[] }).arguments = [source];
    return { ...parsed, loc: null } as AstNode;
  }

  /** `var` in files that still write `var x = require(...)`, else `const`. */
  private requireKeyword(): string {
    for (const statement of children(this.program, 'body')) {
      if (statement.type !== 'VariableDeclaration') continue;
      const first = children(statement, 'declarations')[0];
      if (requiredSpecifier(child(first ?? statement, 'init')) !== undefined) return String(prop(statement, 'kind'));
    }
    return 'const';
  }

  /** After the last top-level import or require, else after the directives (`'use strict'`), else first. */
  private insert(declaration: AstNode): void {
    const body = prop(this.program, 'body') as AstNode[];
    let index = 0;
    body.forEach((statement, position) => {
      const isDirective = statement.type === 'ExpressionStatement' && prop(statement, 'directive') !== undefined;
      const isImport = statement.type === 'ImportDeclaration' || (statement.type === 'VariableDeclaration' && children(statement, 'declarations').some((declarator) => requiredSpecifier(child(declarator, 'init')) !== undefined));
      if (isImport || (isDirective && index === position)) index = position + 1;
    });
    body.splice(index, 0, declaration);
  }
}

/** The module a `require('x')` brings in; `require('fs').promises` brings in `fs/promises`. */
function requiredSpecifier(node: AstNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (node.type === 'MemberExpression') {
    const base = requiredSpecifier(child(node, 'object'));
    return base !== undefined && identifierName(child(node, 'property')) === 'promises' ? `${bareSpecifier(base)}/promises` : undefined;
  }
  if (node.type !== 'CallExpression' || identifierName(child(node, 'callee')) !== 'require') return undefined;
  return stringValue(children(node, 'arguments')[0]);
}
