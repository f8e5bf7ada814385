/**
 * How much of a message outside the edits came through byte for byte. Both messages are read by
 * mailsplit's Splitter (attached messages not parsed); edited regions are the Subject field and the
 * text/plain and text/html body parts (header and body). Everything else counts: every other top-level
 * header field, every other part's header block and body, and the multipart structure (preamble,
 * delimiter lines, epilogue). A region counts as preserved only when its bytes are identical.
 */
import { splitWithMailsplit as split } from '../../test/fixtures/mailsplit';

/** Raw header fields (with folding and line ending) of a header block. */
function fields(block: Buffer): string[] {
  const out: string[] = [];
  for (const line of block.toString('latin1').split(/(?<=\n)/)) {
    if (/^[ \t]/.test(line) && out.length) out[out.length - 1] += line;
    else if (line.trim() !== '') out.push(line);
  }
  return out;
}

export interface Preservation {
  /** Bytes of the original outside the edits. */
  totalBytes: number;
  /** Of those, bytes found identical in the result. */
  preservedBytes: number;
  percent: number;
}

export async function preservation(original: Buffer, result: Buffer): Promise<Preservation> {
  const a = await split(original);
  const b = await split(result);
  let total = 0;
  let kept = 0;
  const region = (x: Buffer, y: Buffer | undefined) => {
    total += x.length;
    if (y && x.equals(y)) kept += x.length;
  };
  const same = a.length === b.length;
  a.forEach((n, i) => {
    const m = same ? b[i] : undefined;
    region(n.data, m?.data);
    const edited = ((n.contentType || 'text/plain') === 'text/plain' || n.contentType === 'text/html') && !n.attachment;
    if (i === 0) {
      const theirs = new Set(m ? fields(m.headers) : []);
      for (const f of fields(n.headers)) {
        if (/^subject:/i.test(f) || (edited && /^content-(type|transfer-encoding):/i.test(f))) continue;
        total += f.length;
        if (theirs.has(f)) kept += f.length;
      }
    } else if (!edited) region(n.headers, m?.headers);
    if (!edited) region(n.body, m?.body);
  });
  return { totalBytes: total, preservedBytes: kept, percent: total ? Math.round((kept / total) * 100000) / 1000 : 100 };
}
