import { type AstNode, child, children, prop, stringValue } from './ast.js';
import { isCoreModuleSpecifier } from './node-api.js';
import { requireSpecifier } from './resolve.js';
import { type Tree, walk } from './tree.js';

/**
 * How a file brings in modules, so that generated imports look like the ones already there: ESM `import` or
 * CommonJS `require`, and core modules with or without the `node:` prefix.
 */
export interface ModuleStyle {
  readonly system: 'esm' | 'cjs';
  /** True when the file already writes `node:fs` rather than `fs` (or imports no core module and is ESM). */
  readonly nodePrefix: boolean;
}

const ESM_STATEMENTS = new Set(['ImportDeclaration', 'ExportNamedDeclaration', 'ExportDefaultDeclaration', 'ExportAllDeclaration']);

export function detectModuleStyle<N extends AstNode>(program: N, tree: Tree<N>): ModuleStyle {
  const body = children(program, 'body');
  let system: 'esm' | 'cjs' | undefined = body.some((statement) => ESM_STATEMENTS.has(statement.type)) ? 'esm' : undefined;
  const coreSpecifiers: string[] = [];
  for (const statement of body) {
    if (statement.type === 'ImportDeclaration') {
      const specifier = stringValue(child(statement, 'source'));
      if (specifier !== undefined) coreSpecifiers.push(specifier);
    }
  }
  // `require` calls anywhere, `module.exports`/`exports.x` at top level: CommonJS (unless it also imports).
  walk(program, (node) => {
    if (node.type === 'CallExpression') {
      const specifier = requireSpecifier(node, tree);
      if (specifier !== undefined) {
        coreSpecifiers.push(specifier);
        system ??= 'cjs';
      }
    } else if (node.type === 'TSImportEqualsDeclaration') {
      const reference = child(node, 'moduleReference');
      const specifier = stringValue(reference === undefined ? undefined : child(reference, 'expression'));
      if (specifier !== undefined) coreSpecifiers.push(specifier);
      system ??= 'cjs';
    } else if (node.type === 'TSExportAssignment') {
      system ??= 'cjs';
    } else if (node.type === 'MemberExpression' && isModuleExports(node)) {
      system ??= 'cjs';
    }
    return true;
  });
  system ??= prop(program, 'sourceType') === 'script' ? 'cjs' : 'esm';
  const cores = coreSpecifiers.filter((specifier) => isCoreModuleSpecifier(specifier));
  const nodePrefix = cores.length === 0 ? system === 'esm' : cores.some((specifier) => specifier.startsWith('node:'));
  return { system, nodePrefix };
}

function isModuleExports(node: AstNode): boolean {
  const object = child(node, 'object');
  const property = child(node, 'property');
  const objectName = object === undefined ? undefined : prop(object, 'name');
  const propertyName = property === undefined ? undefined : prop(property, 'name');
  return (objectName === 'module' && propertyName === 'exports') || (objectName === 'exports' && object?.type === 'Identifier');
}

/** The specifier to write for a core module (`node:fs/promises`) in the file's own style. */
export function coreSpecifierInStyle(module: string, style: ModuleStyle): string {
  const bare = module.startsWith('node:') ? module.slice('node:'.length) : module;
  return style.nodePrefix ? `node:${bare}` : bare;
}
