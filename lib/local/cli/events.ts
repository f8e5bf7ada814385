/** Finding event files, reading and validating them, and choosing their handler. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventValidationError, type ValidationIssue } from '../../workmail/errors';
import { parseEvent } from '../../workmail/parse-event';
import type { FlowDirection, LambdaEventData } from '../../workmail/types';

export const isEventFile = (f: string): boolean => f.endsWith('.json') && !f.endsWith('.expect.json');

/** Event files under the given files/folders, sorted, without duplicates; missing paths are reported. */
export function collectEventFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files = new Set<string>();
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && isEventFile(e.name)) files.add(p);
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(p);
    else files.add(p);
  }
  return { files: [...files], missing };
}

/** INBOUND/OUTBOUND from a folder named inbound/ or outbound/ on the path, if any. */
export function directionHint(file: string): FlowDirection | undefined {
  const parts = path.resolve(file).toLowerCase().split(path.sep);
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] === 'inbound') return 'INBOUND';
    if (parts[i] === 'outbound') return 'OUTBOUND';
  }
  return undefined;
}

export type LoadedEvent =
  | { ok: true; file: string; raw: unknown; event: LambdaEventData }
  | { ok: false; file: string; issues: ValidationIssue[] };

/** Reads and validates one event file; problems come back as issues, never thrown. */
export function loadEventFile(file: string, fallbackDirection?: FlowDirection): LoadedEvent {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, file, issues: [{ path: '', message: `cannot read: ${(err as Error).message}` }] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { ok: false, file, issues: [{ path: '', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  try {
    const direction = directionHint(file) ?? fallbackDirection;
    const event = parseEvent(raw, direction ? { direction } : {});
    return { ok: true, file, raw, event };
  } catch (err) {
    if (err instanceof EventValidationError) return { ok: false, file, issues: err.issues };
    throw err;
  }
}

/** The handler file per direction: package.json "workmail-rules".handlers (nearest package.json), else the defaults. */
export function handlersByDirection(cwd = process.cwd()): Record<FlowDirection, string> {
  const defaults = { INBOUND: 'handlers/inbound.ts', OUTBOUND: 'handlers/outbound.ts' };
  let dir = path.resolve(cwd);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      let configured: Partial<Record<FlowDirection, string>> = {};
      try {
        configured = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { 'workmail-rules'?: { handlers?: Partial<Record<FlowDirection, string>> } })['workmail-rules']?.handlers ?? {};
      } catch {
        /* an unreadable package.json: defaults */
      }
      return {
        INBOUND: path.resolve(dir, configured.INBOUND ?? defaults.INBOUND),
        OUTBOUND: path.resolve(dir, configured.OUTBOUND ?? defaults.OUTBOUND),
      };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return { INBOUND: path.resolve(cwd, defaults.INBOUND), OUTBOUND: path.resolve(cwd, defaults.OUTBOUND) };
    dir = parent;
  }
}
