import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type * as TypeScript from 'typescript';
import requireHere from './require-here.cjs';

/**
 * Optional type information for transforms. When a file belongs to a TypeScript project (a `tsconfig.json` above it,
 * or one named by the caller) and the `typescript` package can be loaded, the oracle answers questions about the
 * types of expressions; otherwise there is no oracle and transforms go by syntax alone. It is never required.
 */
export interface TypeOracle {
  /**
   * Whether the expression spanning `[start, end)` of the file is a standard promise: every member of its type has
   * the `then` of TypeScript's own `Promise`/`PromiseLike`. Undefined when the types cannot say (`any`, `unknown`).
   */
  isStandardPromise(start: number, end: number): boolean | undefined;
}

let typescript: typeof TypeScript | null | undefined;

function loadTypeScript(): typeof TypeScript | undefined {
  if (typescript === undefined) {
    try {
      typescript = requireHere('typescript') as typeof TypeScript;
    } catch {
      typescript = null; // not installed: transforms work from syntax alone
    }
  }
  return typescript ?? undefined;
}

/** One program per project per process: building it is the expensive part, and every file of a run shares it. */
const projects = new Map<string, { readonly files: ReadonlySet<string>; program?: TypeScript.Program } | null>();

function nearestConfig(filePath: string): string | undefined {
  for (let dir = path.dirname(path.resolve(filePath)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir || existsSync(path.join(dir, '.git'))) return undefined;
  }
}

/** The project's program, built only once a file it includes asks (reading the config is cheap, building is not). */
function programFor(ts: typeof TypeScript, configPath: string, filePath: string): TypeScript.Program | undefined {
  if (!projects.has(configPath)) {
    const config = ts.readConfigFile(configPath, (file) => readFileSync(file, 'utf8'));
    const parsed = config.error === undefined ? ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(configPath)) : undefined;
    projects.set(configPath, parsed === undefined ? null : { files: new Set(parsed.fileNames.map((file) => path.resolve(file))) });
  }
  const project = projects.get(configPath);
  if (!project?.files.has(filePath)) return undefined;
  if (project.program === undefined) {
    const config = ts.readConfigFile(configPath, (file) => readFileSync(file, 'utf8'));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(configPath));
    project.program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
  }
  return project.program;
}

/**
 * The oracle for one file, or undefined without a project, without `typescript`, or when the text given differs
 * from what the project read from disk (positions would not match).
 */
export function typeOracleFor(filePath: string, source: string, tsconfig?: string): TypeOracle | undefined {
  const configPath = tsconfig === undefined ? nearestConfig(filePath) : path.resolve(tsconfig);
  if (configPath === undefined) return undefined;
  const ts = loadTypeScript();
  const absolute = path.resolve(filePath);
  const program = ts === undefined ? undefined : programFor(ts, configPath, absolute);
  const sourceFile = program?.getSourceFile(absolute);
  if (ts === undefined || program === undefined || sourceFile?.text !== source) return undefined;
  const checker = program.getTypeChecker();
  const isLibraryDeclaration = (declaration: TypeScript.Declaration): boolean => program.isSourceFileDefaultLibrary(declaration.getSourceFile());
  const isStandard = (type: TypeScript.Type): boolean => {
    const then = checker.getPropertyOfType(type, 'then');
    return then?.declarations !== undefined && then.declarations.length > 0 && then.declarations.every(isLibraryDeclaration);
  };
  return {
    isStandardPromise(start, end) {
      const node = nodeAt(ts, sourceFile, start, end);
      if (node === undefined) return undefined;
      const type = checker.getTypeAtLocation(node);
      if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return undefined;
      const members = type.isUnion() ? type.types.filter((member) => (member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) === 0) : [type];
      return members.length > 0 && members.every(isStandard);
    },
  };
}

/** The outermost node covering exactly `[start, end)`. */
function nodeAt(ts: typeof TypeScript, sourceFile: TypeScript.SourceFile, start: number, end: number): TypeScript.Node | undefined {
  let found: TypeScript.Node | undefined;
  const visit = (node: TypeScript.Node): void => {
    if (found !== undefined || node.getStart(sourceFile) > start || node.end < end) return;
    if (node.getStart(sourceFile) === start && node.end === end) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return found;
}
