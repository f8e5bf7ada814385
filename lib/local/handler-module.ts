/** Loads a handler module once per path and finds its Lambda entry point. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Context } from 'aws-lambda';
import { LocalWorkMailError } from './errors';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
// biome-ignore lint/suspicious/noExplicitAny: a handler typed for its own event must be assignable here
export type LambdaHandler = (event: any, context: Context, callback?: (err?: unknown, result?: unknown) => void) => unknown;

const cache = new Map<string, Promise<LambdaHandler>>();
const EXTENSIONS = ['', '.ts', '.js', '.cjs', '.mjs', '.mts', '.cts'];

/** Absolute path of a handler file (the extension may be left out). */
export function resolveHandlerPath(modulePath: string, cwd = process.cwd()): string {
  const base = path.resolve(cwd, modulePath);
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new LocalWorkMailError(
    'REPLAY_HANDLER',
    `handler module ${modulePath} not found (looked for ${base}{${EXTENSIONS.filter(Boolean).join(',')}}); check the path or package.json "workmail-rules".handlers`,
  );
}

/** Imports the module (once per path and export name) and returns its `handler` export, or a function default export. */
export function loadHandler(modulePath: string, exportName = 'handler'): Promise<LambdaHandler> {
  const file = resolveHandlerPath(modulePath);
  const key = `${file}#${exportName}`;
  let p = cache.get(key);
  if (!p) {
    p = importHandler(file, exportName);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

async function importHandler(file: string, exportName: string): Promise<LambdaHandler> {
  return handlerExport((await import(file)) as Record<string, unknown>, file, exportName);
}

/** The module's `handler` export (or `exportName`), or a function default export; throws REPLAY_HANDLER when there is none. */
export function handlerExport(loaded: Record<string, unknown>, file: string, exportName = 'handler'): LambdaHandler {
  const mod = loaded as Record<string, unknown> & { default?: unknown };
  const def = mod.default as Record<string, unknown> | ((...a: unknown[]) => unknown) | undefined;
  const found =
    mod[exportName] ??
    (def && typeof def === 'object' ? def[exportName] : undefined) ??
    (exportName === 'handler' && typeof def === 'function' ? def : undefined);
  if (typeof found !== 'function') {
    throw new LocalWorkMailError(
      'REPLAY_HANDLER',
      `${file} has no function export "${exportName}" (exports: ${Object.keys(mod).join(', ') || 'none'}); export const ${exportName} = syncHandler({...})`,
    );
  }
  return found as LambdaHandler;
}
