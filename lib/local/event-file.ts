/** The one reader of event files (JSON, a UTF-8 byte-order mark allowed): replay, the CLI and `loadEvent` use it. */
import * as fs from 'node:fs';
import { LocalWorkMailError } from './errors';

/** An event file that cannot be read or is not JSON; `reason` says which, without the file name. */
export class EventFileError extends LocalWorkMailError {
  override readonly name = 'EventFileError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('REPLAY_EVENT', `event file ${file}: ${reason}`);
  }
}

/** Deeper than any WorkMail event; a deeper value would overflow the stack of whatever walks it. */
export const MAX_EVENT_DEPTH = 64;

/** Keys that would reach or replace an object's prototype when merged; dropped from user JSON. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Walks a parsed JSON value without recursion: deletes `__proto__`, `constructor` and `prototype`
 * keys (own keys after JSON.parse; merging them would reach a prototype) and tells whether it nests
 * deeper than `limit`.
 */
export function sanitizeUserJson(value: unknown, limit: number): { tooDeep: boolean } {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > limit) return { tooDeep: true };
    for (const k of Object.keys(v)) {
      if (UNSAFE_KEYS.has(k)) delete (v as Record<string, unknown>)[k];
      else stack.push([(v as Record<string, unknown>)[k], d + 1]);
    }
  }
  return { tooDeep: false };
}

/** JSON.parse of user JSON, unsafe keys dropped; a value nested deeper than `limit` is a RangeError. */
export function parseUserJson(text: string, limit = MAX_EVENT_DEPTH): unknown {
  const parsed: unknown = JSON.parse(text);
  if (sanitizeUserJson(parsed, limit).tooDeep) {
    throw new RangeError(`nested deeper than ${limit} levels (no WorkMail event or expectation is): remove the deep value`);
  }
  return parsed;
}

/** Read and parse an event file; a missing file, bad JSON or a value nested too deep is an `EventFileError` naming it. */
export function readEventFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new EventFileError(file, `cannot read: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseUserJson(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new EventFileError(file, err instanceof RangeError ? err.message : `not valid JSON: ${(err as Error).message}`);
  }
  return parsed;
}
