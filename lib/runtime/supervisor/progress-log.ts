/**
 * What a call has decided so far, written by the worker into memory both threads share: one JSON
 * line per entry after a 4-byte committed length. A write is a copy and an atomic store, no message,
 * so an entry written just before the worker loops forever is still read by the supervisor at the
 * deadline. An entry that does not fit is returned false: the caller posts it instead.
 */
const HEADER = 4;
/** Room per call: 500 recipients' decisions with bounce texts fit many times over. */
export const PROGRESS_LOG_BYTES = 256 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function newProgressLog(bytes = PROGRESS_LOG_BYTES): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER + bytes);
}

/** Empty the log for its next call (the supervisor does it before the call is sent). */
export function resetProgress(log: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(log, 0, 1), 0, 0);
}

/** Append `value`; false when it does not fit (nothing is written then). */
export function appendProgress(log: SharedArrayBuffer, value: unknown): boolean {
  const length = new Int32Array(log, 0, 1);
  const at = Atomics.load(length, 0);
  const line = encoder.encode(`${JSON.stringify(value)}\n`);
  if (HEADER + at + line.byteLength > log.byteLength) return false;
  new Uint8Array(log, HEADER + at, line.byteLength).set(line);
  Atomics.store(length, 0, at + line.byteLength);
  return true;
}

/** Every entry committed so far (a torn tail cannot be read: the length is stored after the bytes). */
export function readProgress(log: SharedArrayBuffer): unknown[] {
  const at = Atomics.load(new Int32Array(log, 0, 1), 0);
  if (at === 0) return [];
  const text = decoder.decode(new Uint8Array(log, HEADER, at).slice());
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);
}
