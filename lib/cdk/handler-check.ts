/**
 * Loads a handler module (its bundle after esbuild, else its source through tsx) once, in a child
 * `node` process, so synth stays free of the handler's side effects, and reads the handler's own
 * `description`. A module that fails to load (a rule set that `defineRules` rejects, a syntax error,
 * a missing import) fails synth with a HandlerCheckError naming the file and the problem.
 * Imports nothing of aws-cdk-lib or the runtime: the description arrives as JSON.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { firstFrame, isFrameworkFrame } from '../workmail/call-site';
import { HandlerCheckError } from './errors';

/** What the handler says about itself (the runtime's HandlerDescription, read as data). */
export interface HandlerFacts {
  kind: 'sync' | 'async';
  direction?: 'INBOUND' | 'OUTBOUND';
  readsMessage: boolean;
  messageReaders: string[];
  rewrites: boolean;
  warnings: string[];
  rulesSource?: string;
}

/** The result of loading a module: its handler's facts, or undefined for a plain function without a description. */
export interface HandlerCheck {
  file: string;
  facts?: HandlerFacts;
}

const MARK = '@@workmail-rules-check@@';
const SCRIPT = `
import { pathToFileURL } from 'node:url';
const out = (o) => { process.stdout.write('\\n${MARK}' + JSON.stringify(o) + '\\n'); process.exit(0); };
try {
  const mod = await import(pathToFileURL(process.argv[1]).href);
  const d = mod.default;
  const h = mod.handler ?? (d && typeof d === 'object' ? d.handler : undefined) ?? (typeof d === 'function' ? d : undefined);
  out({ ok: true, isFunction: typeof h === 'function', description: h && h.description ? h.description : null, exports: Object.keys(mod) });
} catch (e) {
  out({ ok: false, message: String((e && e.message) || e), stack: String((e && e.stack) || '') });
}`;

const cache = new Map<string, HandlerCheck>();

/** The tsx loader for `node --import`: from the project, else from this package. */
export function tsxLoader(): string {
  try {
    // From the project (where `npx tsx bin/app.ts` found it), else from this package.
    const fromProject = createRequire(path.join(process.cwd(), 'package.json'));
    let resolved: string;
    try {
      resolved = fromProject.resolve('tsx');
    } catch {
      resolved = require.resolve('tsx');
    }
    return pathToFileURL(resolved).href;
  } catch {
    throw new HandlerCheckError('tsx', 'loading a TypeScript handler to check it needs the tsx package: npm install --save-dev tsx');
  }
}

/**
 * Loads `file` in a child process and returns its handler's facts. `label` names the function in
 * messages. Results are cached per file and modification time, so a stack with several functions on
 * one handler loads it once.
 */
export function checkHandlerModule(file: string, label: string, region = 'us-east-1'): HandlerCheck {
  const key = `${file}:${fs.statSync(file).mtimeMs}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const typescript = /\.(ts|mts|cts|tsx)$/.test(file);
  const args = [...(typescript ? ['--import', tsxLoader()] : ['--enable-source-maps']), '--input-type=module', '-e', SCRIPT, file];
  const child = spawnSync(process.execPath, args, {
    cwd: path.dirname(file),
    // A clean environment: no credentials, no endpoints; the SDK clients only need a Region to be created.
    env: { PATH: process.env['PATH'] ?? '', AWS_REGION: region, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith(MARK));
  if (!line) {
    const why = child.error
      ? child.error.message
      : (child.stderr || '').trim().split('\n').slice(-5).join('\n') || `exit status ${child.status}`;
    throw new HandlerCheckError(label, `${file} could not be loaded to check it: ${why}`);
  }
  const result = JSON.parse(line.slice(MARK.length)) as
    | { ok: true; isFunction: boolean; description: HandlerFacts | null; exports: string[] }
    | { ok: false; message: string; stack: string };
  if (!result.ok) {
    const at = firstFrame(result.stack, isFrameworkFrame);
    throw new HandlerCheckError(
      label,
      `${file} fails to load, so every invocation would fail: ${result.message}${at ? `\n  (defined at ${at})` : ''}`,
    );
  }
  if (!result.isFunction) {
    throw new HandlerCheckError(
      label,
      `${file} has no function export "handler" (exports: ${result.exports.join(', ') || 'none'}); export const handler = syncHandler({...})`,
    );
  }
  const check: HandlerCheck = { file, ...(result.description ? { facts: result.description } : {}) };
  cache.set(key, check);
  return check;
}
