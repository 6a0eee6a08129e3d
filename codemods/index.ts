import path from 'node:path';
import jscodeshift, { type API, type JSCodeshift, type Transform } from 'jscodeshift';

/**
 * The codemod registry and the programmatic API: what `untangle --list` prints, what the command validates options
 * against, and how tests and presets run a transform on one file.
 */
export interface CodemodOption {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  readonly default: string | boolean;
  /** For string options: the accepted values. */
  readonly choices?: readonly string[];
}

export interface CodemodDefinition {
  /** Also the file name under `codemods/` and `docs/codemods/`. */
  readonly name: string;
  /** One line for `untangle --list`. */
  readonly summary: string;
  /** For a preset, the codemods it runs in order; undefined for a transform of its own. */
  readonly stages?: readonly string[];
  readonly options: Readonly<Record<string, CodemodOption>>;
  /** Loads the transform (a static import, so that every tool resolves it); undefined for a preset. */
  readonly load?: () => Promise<{ readonly default: Transform }>;
}

/** The codemods with a transform of their own. Transforms register here as they land. */
const TRANSFORMS: readonly CodemodDefinition[] = Object.freeze<CodemodDefinition[]>([
  {
    name: 'callback-to-promise',
    summary: 'Turn error-first callback code into promise-returning code, keeping a callback API for outside callers',
    load: () => import('./callback-to-promise.js'),
    options: {
      api: {
        type: 'string',
        description:
          "'dual' keeps the callback API of every converted function that code outside the run may call (it calls back when given a callback and returns the promise otherwise); 'promise' drops the callback, for applications that migrate every caller",
        default: 'dual',
        choices: ['dual', 'promise'],
      },
      unknownCallees: {
        type: 'string',
        description:
          "'keep' leaves a function alone when it hands its callback to a function the codemod knows nothing about (another package, a method); 'promisify' trusts such functions to call back once, as util.promisify does, and calls them through it",
        default: 'keep',
        choices: ['keep', 'promisify'],
      },
      syncCallbacks: {
        type: 'string',
        description:
          "'keep' leaves a function alone when it calls back before it returns on some path (Zalgo); 'defer' converts it anyway, so those paths settle the promise and call back asynchronously, as every other path does",
        default: 'keep',
        choices: ['keep', 'defer'],
      },
    },
  },
  {
    name: 'promise-to-async',
    summary: 'Turn .then/.catch/.finally chains into async/await without changing behaviour',
    load: () => import('./promise-to-async.js'),
    options: {
      syncThrows: {
        type: 'string',
        description:
          "'keep' leaves a function alone when code before its first await could throw (callers would see a rejection instead); 'reject' converts it anyway, as TypeScript's refactoring does",
        default: 'keep',
        choices: ['keep', 'reject'],
      },
      promiseClass: {
        type: 'string',
        description:
          "'keep' leaves a function alone when the promise it returns may come from another library (Bluebird, a subclass) that callers may rely on; 'native' converts it anyway, so it returns a native Promise",
        default: 'keep',
        choices: ['keep', 'native'],
      },
      tsconfig: {
        type: 'string',
        description:
          'the tsconfig.json whose types tell real promises from other thenables (default: the nearest one above each TypeScript file; without one, or without the typescript package, syntax alone decides)',
        default: '',
      },
    },
  },
]);

/** A preset runs its stages in order; it accepts every option of its stages, which each stage reads as its own. */
function preset(name: string, summary: string, stages: readonly string[], registry: readonly CodemodDefinition[]): CodemodDefinition {
  const options = Object.assign({}, ...stages.map((stage) => registry.find((candidate) => candidate.name === stage)?.options ?? {})) as Record<string, CodemodOption>;
  return Object.freeze({ name, summary, stages, options });
}

/** Every codemod and preset, in the order a migration runs them. */
export const CODEMODS: readonly CodemodDefinition[] = Object.freeze([
  ...TRANSFORMS,
  preset('callback-to-async', 'Migrate error-first callback code to async/await: callback-to-promise, then promise-to-async', ['callback-to-promise', 'promise-to-async'], TRANSFORMS),
]);

/** The transforms a codemod runs: its own, or a preset's stages (found in `registry`), in order. */
export async function loadTransforms(codemod: CodemodDefinition, registry: readonly CodemodDefinition[] = CODEMODS): Promise<Transform[]> {
  if (codemod.load !== undefined) return [(await codemod.load()).default];
  const transforms: Transform[] = [];
  for (const name of codemod.stages ?? []) {
    const stage = registry.find((candidate) => candidate.name === name);
    if (stage === undefined) throw new Error(`${codemod.name} names an unknown stage ${name}`);
    transforms.push(...(await loadTransforms(stage, registry)));
  }
  if (transforms.length === 0) throw new Error(`${codemod.name} has no transform to run`);
  return transforms;
}

export function findCodemod(name: string): CodemodDefinition | undefined {
  return CODEMODS.find((codemod) => codemod.name === name);
}

/** Problems with user-given codemod options (unknown names, wrong types, values outside the choices). */
export function validateCodemodOptions(codemod: CodemodDefinition, options: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    const option = codemod.options[key];
    if (option === undefined) {
      problems.push(`unknown option --${key} for ${codemod.name}`);
    } else if (typeof value !== option.type) {
      problems.push(`--${key} takes a ${option.type}`);
    } else if (option.choices !== undefined && !option.choices.includes(String(value))) {
      problems.push(`--${key} must be one of ${option.choices.join(', ')}`);
    }
  }
  return problems;
}

export type ParserName = 'babel' | 'ts' | 'tsx';

/** The jscodeshift parser for a file: `tsx` for .tsx/.jsx, `ts` for TypeScript, `babel` (with JSX) for JavaScript. */
export function parserForPath(filePath: string): ParserName {
  const extension = path.extname(filePath).toLowerCase();
  if (extension === '.tsx' || extension === '.jsx') return 'tsx';
  if (extension === '.ts' || extension === '.mts' || extension === '.cts') return 'ts';
  return 'babel';
}

export interface TransformResult {
  /** The new source, or undefined when the transform changed nothing. */
  readonly output: string | undefined;
  /** What the transform sent to `api.report`: one line per site it left alone, with the reason. */
  readonly reports: readonly string[];
}

const cores = new Map<ParserName, JSCodeshift>();

/** jscodeshift bound to a parser, made once per parser: each `withParser` copies every builder onto a new function. */
export function jscodeshiftFor(parser: ParserName): JSCodeshift {
  let core = cores.get(parser);
  if (core === undefined) {
    core = jscodeshift.withParser(parser);
    cores.set(parser, core);
  }
  return core;
}

/** Runs a transform on one file in memory, with the parser its extension calls for (or the one given). */
export async function runTransform(
  transform: Transform,
  file: { readonly path: string; readonly source: string },
  options: Readonly<Record<string, unknown>> = {},
  parser: ParserName = parserForPath(file.path),
): Promise<TransformResult> {
  const j = jscodeshiftFor(parser);
  const reports: string[] = [];
  const api: API = { j, jscodeshift: j, stats: () => undefined, report: (message) => reports.push(message) };
  const result = await transform({ path: file.path, source: file.source }, api, { ...options });
  const output = typeof result === 'string' && result !== file.source ? result : undefined;
  return { output, reports };
}
