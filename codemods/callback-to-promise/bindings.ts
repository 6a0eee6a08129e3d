/** Names for what committed plans need: imports through FileImports, and one `promisify` binding per function. */

import { type AstNode, calleeOf, child, children, identifierName, prop } from '../../core/ast.js';
import type { Tree } from '../../core/tree.js';
import { FileImports } from '../utils/imports.js';
import type { NameTable } from '../utils/names.js';
import { callOf, declaration, ident } from '../utils/syntax.js';
import type { Placeholder } from './steps.js';

/** Names the placeholders of committed plans: imports through FileImports, one `promisify` binding per function. */
export class BindingNamer {
  private readonly imports: FileImports;
  private readonly promisified = new Map<string, string>();

  constructor(
    private readonly program: AstNode,
    tree: Tree,
    private readonly names: NameTable,
    private readonly parseStatement: (code: string) => AstNode,
  ) {
    this.imports = new FileImports(program, tree, names, parseStatement);
  }

  name(placeholders: readonly Placeholder[]): void {
    for (const { identifier, request } of placeholders) {
      const local =
        request.kind === 'module'
          ? this.imports.binding({ module: request.module, ...(request.name === undefined ? {} : { name: request.name }), preferredLocal: request.preferredLocal })
          : this.promisifiedBinding(request.key, request.target, request.preferredLocal, request.anchor);
      (identifier as unknown as { name: string }).name = local;
    }
  }

  /** `const gzipAsync = promisify(zlib.gzip);` after the imports and after the statement that binds `zlib`. */
  private promisifiedBinding(key: string, target: AstNode, preferredLocal: string, anchor: AstNode): string {
    const known = this.promisified.get(key);
    if (known !== undefined) return known;
    const promisify = this.imports.binding({ module: 'util', name: 'promisify', preferredLocal: 'promisify' });
    const local = this.names.fresh(preferredLocal);
    const statement = { ...declaration('const', ident(local), callOf(ident(promisify), [target])), loc: null } as AstNode;
    const body = prop(this.program, 'body') as AstNode[];
    const afterImports = lastImportIndex(body) + 1;
    const afterAnchor = body.indexOf(anchor) + 1;
    body.splice(Math.max(afterImports, afterAnchor), 0, statement);
    this.promisified.set(key, local);
    return local;
  }
}

/** The index of the last top-level import or `require` declaration (the new promisify import included). */
function lastImportIndex(body: readonly AstNode[]): number {
  let last = -1;
  body.forEach((statement, index) => {
    if (statement.type === 'ImportDeclaration') last = index;
    if (statement.type === 'VariableDeclaration') {
      const requires = children(statement, 'declarations').some((declarator) => {
        let init = child(declarator, 'init');
        while (init?.type === 'MemberExpression') init = child(init, 'object');
        return init?.type === 'CallExpression' && identifierName(calleeOf(init)) === 'require';
      });
      if (requires) last = index;
    }
  });
  return last;
}
