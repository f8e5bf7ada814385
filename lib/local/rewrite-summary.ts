/**
 * What a rewrite changed, for the replay table: top-level headers changed, leaf parts changed,
 * bytes before → after. Parts are found by their boundaries only; nothing is decoded.
 */
import { boundaryOf, readHeaderBlock, type HeaderField } from '../message/check';

export interface RewriteSummary {
  headersChanged: string[];
  partsChanged: number;
  bytesBefore: number;
  bytesAfter: number;
}

function headerEnd(raw: Buffer, from: number, to: number): number {
  const crlf = raw.indexOf('\r\n\r\n', from);
  const lf = raw.indexOf('\n\n', from);
  const ends = [crlf === -1 || crlf >= to ? -1 : crlf + 4, lf === -1 || lf >= to ? -1 : lf + 2].filter((n) => n !== -1);
  if (from < to && (raw[from] === 0x0a || (raw[from] === 0x0d && raw[from + 1] === 0x0a))) return from + (raw[from] === 0x0a ? 1 : 2);
  return ends.length ? Math.min(...ends) : to;
}

/** Leaf parts (header + body slices, not copies) of a message, depth-first. */
export function leafParts(raw: Buffer, start = 0, end = raw.length, depth = 0): Buffer[] {
  const bodyStart = headerEnd(raw, start, end);
  const headers = readHeaderBlock(raw.subarray(start, bodyStart));
  const type = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
  const boundary = type.toLowerCase().trimStart().startsWith('multipart/') ? boundaryOf(type) : undefined;
  if (boundary === undefined || depth > 20) return [raw.subarray(start, end)];
  const delimiter = Buffer.from(`\n--${boundary}`, 'latin1');
  const starts: number[] = [];
  let at = raw.indexOf(delimiter, bodyStart - 1);
  while (at !== -1 && at < end) {
    const after = at + delimiter.length;
    const isClose = raw[after] === 0x2d && raw[after + 1] === 0x2d;
    starts.push(at);
    if (isClose) break;
    at = raw.indexOf(delimiter, after);
  }
  const parts: Buffer[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    const lineEnd = raw.indexOf(0x0a, starts[i]! + 1);
    if (lineEnd === -1) break;
    const next = starts[i + 1]!;
    // the CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1)
    const partEnd = next > lineEnd + 1 && raw[next - 1] === 0x0d ? next - 1 : next;
    parts.push(...leafParts(raw, lineEnd + 1, partEnd, depth + 1));
  }
  return parts.length ? parts : [raw.subarray(start, end)];
}

function changedHeaders(before: HeaderField[], after: HeaderField[]): string[] {
  const group = (fields: HeaderField[]) => {
    const m = new Map<string, { name: string; values: string[] }>();
    for (const f of fields) {
      const e = m.get(f.name.toLowerCase()) ?? { name: f.name, values: [] };
      e.values.push(f.value);
      m.set(f.name.toLowerCase(), e);
    }
    return m;
  };
  const a = group(before);
  const b = group(after);
  const names: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key)?.values.join('\n');
    const y = b.get(key)?.values.join('\n');
    if (x !== y) names.push((a.get(key) ?? b.get(key))!.name);
  }
  return names;
}

export function summarizeRewrite(before: Buffer, after: Buffer): RewriteSummary {
  const pa = leafParts(before);
  const pb = leafParts(after);
  let partsChanged = Math.abs(pa.length - pb.length);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    // the first part's slice includes the top-level headers when the message is single-part
    const x = pa.length === 1 ? pa[i]!.subarray(headerEnd(before, 0, before.length)) : pa[i]!;
    const y = pb.length === 1 ? pb[i]!.subarray(headerEnd(after, 0, after.length)) : pb[i]!;
    if (!x.equals(y)) partsChanged++;
  }
  return {
    headersChanged: changedHeaders(readHeaderBlock(before), readHeaderBlock(after)),
    partsChanged,
    bytesBefore: before.length,
    bytesAfter: after.length,
  };
}

export function formatRewriteSummary(s: RewriteSummary): string {
  const headers = s.headersChanged.length ? `headers changed: ${s.headersChanged.join(', ')}` : 'no header changed';
  return `${headers}; parts changed: ${s.partsChanged}; ${s.bytesBefore} → ${s.bytesAfter} bytes`;
}
