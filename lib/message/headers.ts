/**
 * The top-level header block of a raw message, without touching the body: find the first empty
 * line, unfold, split `name: value`, decode RFC 2047 encoded words (libmime, mailsplit's own
 * dependency). Cost depends on the header block only, not on the message size.
 */

interface Libmime { decodeWords(value: string): string }
let libmime: Libmime | undefined;
function mime(): Libmime {
  // libmime ships no types; it is small and loaded only when a header is first read.
  libmime ??= require('libmime') as Libmime;
  return libmime;
}

/** Byte offset where the header block ends (the start of the first empty line), or the length. */
export function headerBlockEnd(raw: Buffer): number {
  let lineStart = 0;
  while (lineStart < raw.length) {
    const nl = raw.indexOf(0x0a, lineStart);
    const lineEnd = nl < 0 ? raw.length : nl;
    const len = lineEnd - lineStart - (lineEnd > lineStart && raw[lineEnd - 1] === 0x0d ? 1 : 0);
    if (len === 0) return lineStart;
    if (nl < 0) return raw.length;
    lineStart = nl + 1;
  }
  return raw.length;
}

function decode(value: string): string {
  try {
    return mime().decodeWords(value);
  } catch {
    return value;
  }
}

/** Header fields in order, values unfolded, decoded and trimmed. Lines that are not fields are skipped. */
export function parseHeaderBlock(raw: Buffer): { name: string; value: string }[] {
  const text = raw.subarray(0, headerBlockEnd(raw)).toString('utf8');
  const lines = text.split(/\r?\n/);
  // An mbox "From " separator line before the headers is not a header.
  if (lines[0]?.startsWith('From ')) lines.shift();
  const fields: string[] = [];
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && fields.length > 0) fields[fields.length - 1] += line;
    else fields.push(line);
  }
  const out: { name: string; value: string }[] = [];
  for (const f of fields) {
    const colon = f.indexOf(':');
    if (colon <= 0) continue;
    const name = f.slice(0, colon).trim();
    if (!/^[!-9;-~]+$/.test(name)) continue;
    out.push({ name, value: decode(f.slice(colon + 1).trim()) });
  }
  return out;
}
