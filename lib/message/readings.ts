/**
 * The second reading of a message. mailsplit (mailparser's splitter, and parts.ts after it) ends a
 * line at LF only; Python's `email` (and mail clients built on the same rule) also at a bare CR. The
 * two readings differ only where a CR not followed by LF occurs, so the second reading is the same
 * scan over a copy with every bare CR written as CRLF: made only when such a CR exists.
 */
const CR = 0x0d;
const LF = 0x0a;

/** Offset of the first CR not followed by LF, or -1. Linear, one indexOf jump per CR. */
export function firstBareCr(raw: Buffer): number {
  for (let i = raw.indexOf(CR); i >= 0; i = raw.indexOf(CR, i + 1)) if (raw[i + 1] !== LF) return i;
  return -1;
}

/** `raw` with each bare CR written as CRLF (the line breaks Python's `email` reads), or undefined when there is none. */
export function universalLines(raw: Buffer): Buffer | undefined {
  let i = firstBareCr(raw);
  if (i < 0) return undefined;
  const pieces: Buffer[] = [];
  let from = 0;
  const crlf = Buffer.from('\r\n');
  for (; i >= 0; i = raw.indexOf(CR, i + 1)) {
    if (raw[i + 1] === LF) continue;
    pieces.push(raw.subarray(from, i), crlf);
    from = i + 1;
  }
  pieces.push(raw.subarray(from));
  return Buffer.concat(pieces);
}
