/**
 * The ids WorkMail always sends, filled in when a sample event leaves them out: `replay()` and the
 * CLI use this one function, so an event replays the same way in jest and on the command line.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as path from 'node:path';

const uuidOf = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

/** A Message Flow id for an event without one: stable per file name, random for an event given as an object. */
export function generatedMessageId(file?: string): string {
  if (file === undefined) return randomUUID();
  return uuidOf(createHash('sha256').update(path.basename(file)).digest('hex'));
}

const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

/**
 * Sets a missing `messageId` (said in the returned notes: content is read under it) and a missing
 * `invocationId` (the idempotency key docs/handlers.md tells side effects to use) on the event object.
 */
export function fillEventIds(raw: unknown, file?: string): string[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const event = raw as Record<string, unknown>;
  const notes: string[] = [];
  if (absent(event['messageId'])) {
    event['messageId'] = generatedMessageId(file);
    notes.push(`the event has no messageId: replayed as ${String(event['messageId'])}`);
  }
  if (absent(event['invocationId'])) event['invocationId'] = randomUUID().replace(/-/g, '');
  return notes;
}
