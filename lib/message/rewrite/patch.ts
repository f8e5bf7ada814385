/** A byte-range replacement in the original message; everything between patches is copied as is. */
import { RewriteError } from './errors';

export interface Patch {
  start: number;
  end: number;
  bytes: Buffer;
}

/** Apply non-overlapping patches (insertions at one offset keep their order). */
export function applyPatches(raw: Buffer, patches: Patch[]): Buffer {
  if (patches.length === 0) return raw;
  const sorted = patches.map((p, i) => ({ p, i })).sort((a, b) => a.p.start - b.p.start || a.p.end - b.p.end || a.i - b.i);
  const pieces: Buffer[] = [];
  let pos = 0;
  for (const { p } of sorted) {
    if (p.start < pos || p.end < p.start || p.end > raw.length) {
      throw new RewriteError(`internal: overlapping edit ranges at byte ${p.start}; the message is delivered unchanged`);
    }
    if (p.start > pos) pieces.push(raw.subarray(pos, p.start));
    if (p.bytes.length) pieces.push(p.bytes);
    pos = p.end;
  }
  if (pos < raw.length) pieces.push(raw.subarray(pos));
  return Buffer.concat(pieces);
}
