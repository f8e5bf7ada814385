/**
 * Which handler serves which events: the functions of the CDK configuration (entry, direction, and an
 * optional events folder or glob each), the one source of truth for deploy and replay. `--handler`
 * overrides it for a run. Without a configuration, handlers/inbound.ts and handlers/outbound.ts.
 */
import * as path from 'node:path';
import type { FlowDirection } from '../../workmail/types';

/** One function as replay sees it (paths absolute). */
export interface ReplayFunction {
  name: string;
  entry: string;
  direction: FlowDirection;
  rule: 'sync' | 'async';
  /** Folders or globs (`*`, `**`, `?`) of the events this function serves; absent: every event of its direction not claimed by another function. */
  events?: string[];
}

export const defaultFunctions = (root: string): ReplayFunction[] => [
  { name: 'inbound', entry: path.resolve(root, 'handlers/inbound.ts'), direction: 'INBOUND', rule: 'sync' },
  { name: 'outbound', entry: path.resolve(root, 'handlers/outbound.ts'), direction: 'OUTBOUND', rule: 'sync' },
];

const GLOB = /[*?[]/;

function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const posix = (p: string) => p.split(path.sep).join('/');

/** True when `file` is under the folder, is the file, or matches the glob (all absolute). */
export function matchesEventSpec(file: string, spec: string): boolean {
  const f = posix(path.resolve(file));
  const s = posix(path.resolve(spec));
  if (!GLOB.test(spec)) return f === s || f.startsWith(s.endsWith('/') ? s : `${s}/`);
  return globRegExp(s).test(f);
}

/** The folder to walk for a spec: the part of a glob before its first wildcard. */
export function eventSpecRoot(spec: string): string {
  if (!GLOB.test(spec)) return spec;
  const parts = posix(spec).split('/');
  const fixed = parts.slice(
    0,
    parts.findIndex((p) => GLOB.test(p)),
  );
  return fixed.join('/') || '/';
}

/**
 * The synchronous functions that serve an event: those whose `events` match it, else those of its
 * direction without `events`. Asynchronous functions are not replayed (they decide nothing).
 */
export function functionsFor(file: string, direction: FlowDirection, functions: readonly ReplayFunction[]): ReplayFunction[] {
  const claimed = claimedBy(file, functions);
  if (claimed.length) return claimed;
  return functions.filter((f) => f.rule === 'sync' && f.events === undefined && f.direction === direction);
}

/** The synchronous functions whose `events` folder or glob matches the file. */
export function claimedBy(file: string, functions: readonly ReplayFunction[]): ReplayFunction[] {
  return functions.filter((f) => f.rule === 'sync' && f.events?.some((s) => matchesEventSpec(file, s)));
}
