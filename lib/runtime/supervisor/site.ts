/**
 * Where a handler was defined, so the supervisor's worker can load the same module and find the same
 * definition: functions cannot be sent to a thread, but the module that made them can be imported
 * there. A definition is loadable when it runs while its module is being evaluated (the stack shows
 * the module loader right below it), in a module that is not a test file nor the process's own
 * script. Pure string work on a V8 stack.
 */
import * as path from 'node:path';

/** The definition's module and its key in that module: `n`, the n-th supervised definition the module makes. */
export interface DefinitionSite {
  readonly file: string;
  readonly key: string;
}

const FRAME = /^\s*at (?:(.*?) \()?((?:file:\/\/)?[^()\s]+?):(\d+):\d+\)?$/;
/** Frames of a module loader: Node's (ESM and CommonJS) and jest's. */
const LOADER = /^node:internal\/modules\/|[\\/]node_modules[\\/]jest-runtime[\\/]/;
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
const IMPORTABLE = /\.([cm]?js|[cm]?ts)$/;

const perFile = new Map<string, number>();

function frames(stack: string): { file: string; line: string }[] {
  const out: { file: string; line: string }[] = [];
  for (const text of stack.split('\n').slice(1)) {
    const m = text.match(FRAME);
    if (m) out.push({ file: m[2]!.replace(/^file:\/\//, ''), line: m[3]! });
  }
  return out;
}

/** Why a definition found in `stack` cannot be loaded again, or its site. */
export function siteOf(stack: string, mainScript: string | undefined): DefinitionSite | { unloadable: string } {
  const list = frames(stack);
  const loader = list.findIndex((f) => LOADER.test(f.file));
  const site = loader > 0 ? list[loader - 1] : undefined;
  if (!site) return { unloadable: 'it is not defined while its module loads (define it at the top level of a module)' };
  const file = decodeURIComponent(site.file);
  if (!path.isAbsolute(file) || !IMPORTABLE.test(file)) return { unloadable: `its module ${file} cannot be imported by file` };
  if (TEST_FILE.test(file)) return { unloadable: 'it is defined in a test file (define it in a module the test imports)' };
  if (mainScript !== undefined && path.resolve(mainScript) === file) return { unloadable: 'it is defined in the script the process runs' };
  // Its position among the module's definitions: line numbers differ between transpilers (jest's
  // source-mapped stacks, tsx's unmapped ones); the order a module makes its definitions does not.
  const n = perFile.get(file) ?? 0;
  perFile.set(file, n + 1);
  return { file, key: String(n) };
}

/**
 * The raw V8 stack (as the code runs, never source-mapped): under --enable-source-maps (CDK's
 * `sourceMap`) a formatted stack names the TypeScript sources, which a deployed function does not
 * have; the worker must import the bundle that really ran.
 */
function rawStack(): string {
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  Error.stackTraceLimit = 60;
  Error.prepareStackTrace = (_e, sites: NodeJS.CallSite[]) =>
    [
      'Error',
      ...sites.map(
        (c) =>
          `    at ${c.getFunctionName() ?? '<anonymous>'} (${c.getFileName() ?? '<unknown>'}:${c.getLineNumber() ?? 0}:${c.getColumnNumber() ?? 0})`,
      ),
    ].join('\n');
  try {
    return String(new Error().stack ?? '');
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

/** The site of the handler definition being made now (call it from the definition, synchronously). */
export function currentSite(): DefinitionSite | { unloadable: string } {
  return siteOf(rawStack(), process.argv[1]);
}
