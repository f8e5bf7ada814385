/** `loadEvent(path, overrides?)`: a sample event for a test, cloned, with deep overrides applied. */
import * as path from 'node:path';
import type { LambdaEventData } from '../workmail/types';
import { readEventFile, UNSAFE_KEYS } from './event-file';

export type DeepPartial<T> = T extends (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

function merge(target: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(overrides)) {
    // From JSON.parse, "__proto__" is an own key: assigning it would replace the target's prototype.
    if (UNSAFE_KEYS.has(k)) continue;
    if (v === undefined) delete target[k];
    else if (isPlainObject(v) && isPlainObject(target[k])) merge(target[k] as Record<string, unknown>, v);
    else target[k] = structuredClone(v);
  }
  return target;
}

const cache = new Map<string, unknown>();

/**
 * Reads a JSON event (relative paths from the working directory), returns a fresh clone each time,
 * and merges `overrides` into it: objects merge deeply, arrays and values replace, `undefined`
 * removes a field; `__proto__`, `constructor` and `prototype` keys are ignored. The event is not validated, so broken events can be tested too.
 */
export function loadEvent<T = LambdaEventData>(file: string, overrides?: NoInfer<DeepPartial<T> | Record<string, unknown>>): T {
  const abs = path.resolve(file);
  let parsed = cache.get(abs);
  if (parsed === undefined) {
    parsed = readEventFile(abs);
    cache.set(abs, parsed);
  }
  const event = structuredClone(parsed);
  if (overrides && isPlainObject(event)) merge(event, overrides as Record<string, unknown>);
  return event as T;
}
