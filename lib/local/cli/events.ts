/** Finding event files, reading and validating them. */
import * as fs from 'node:fs';
import { EventFileError, readEventFile } from '../event-file';
import { fillEventIds } from '../event-ids';
import * as path from 'node:path';
import { EventValidationError, type ValidationIssue } from '../../workmail/errors';
import { LIMITS } from '../../workmail/limits';
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
  | { ok: true; file: string; raw: unknown; event: LambdaEventData; notes: string[] }
  | { ok: false; file: string; issues: ValidationIssue[] };

/**
 * WorkMail only sends ids of the Message Flow API's pattern; any other id could never be read, so every
 * content condition would silently become unknown. A missing id is generated (and said so).
 */
function checkMessageId(raw: Record<string, unknown>, file: string, notes: string[]): ValidationIssue | undefined {
  notes.push(...fillEventIds(raw, file));
  const id = raw['messageId'];
  if (typeof id === 'string' && LIMITS.messageIdPattern.test(id)) return undefined;
  return {
    path: 'messageId',
    message:
      `${JSON.stringify(id)} does not match the Message Flow API's pattern ${LIMITS.messageIdPattern.source} (lower-case letters, digits and "-"): ` +
      'WorkMail never sends such an id, and the message could not be read (content conditions would be unknown); use a lower-case id or leave it out',
  };
}

/** Reads and validates one event file; problems come back as issues, never thrown. */
export function loadEventFile(file: string, fallbackDirection?: FlowDirection): LoadedEvent {
  let raw: unknown;
  try {
    raw = readEventFile(file);
  } catch (err) {
    if (err instanceof EventFileError) return { ok: false, file, issues: [{ path: '', message: err.reason }] };
    throw err;
  }
  const notes: string[] = [];
  const idIssue =
    raw !== null && typeof raw === 'object' && !Array.isArray(raw)
      ? checkMessageId(raw as Record<string, unknown>, file, notes)
      : undefined;
  try {
    const direction = directionHint(file) ?? fallbackDirection;
    const event = parseEvent(raw, direction ? { direction } : {});
    if (idIssue) return { ok: false, file, issues: [idIssue] };
    return { ok: true, file, raw, event, notes };
  } catch (err) {
    if (err instanceof EventValidationError) return { ok: false, file, issues: [...(idIssue ? [idIssue] : []), ...err.issues] };
    throw err;
  }
}
