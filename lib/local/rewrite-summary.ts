/**
 * What a rewrite changed, for the replay table: top-level headers changed, leaf parts changed,
 * bytes before → after. Read with lib/message's header reader and part scanner; nothing is decoded.
 */
import { fieldName, fieldValue, findHeaderBlock } from '../message/headers';
import { MimeLimitError, scanParts, walk } from '../message/parts';

export interface RewriteSummary {
  headersChanged: string[];
  partsChanged: number;
  bytesBefore: number;
  bytesAfter: number;
}

/** Leaf parts (header + body slices, not copies) of a message, depth-first; the root's without its headers. */
export function leafParts(raw: Buffer): Buffer[] {
  let root;
  try {
    root = scanParts(raw);
  } catch (err) {
    if (err instanceof MimeLimitError) return [raw];
    throw err;
  }
  if (root.children.length === 0) return [raw.subarray(root.header.bodyStart)];
  return [...walk(root)].filter((p) => p.children.length === 0).map((p) => raw.subarray(p.header.start, p.end));
}

function headerValues(raw: Buffer): Map<string, { name: string; values: string[] }> {
  const m = new Map<string, { name: string; values: string[] }>();
  for (const f of findHeaderBlock(raw).fields) {
    if (f.name === '') continue;
    const e = m.get(f.name) ?? { name: fieldName(raw, f), values: [] };
    e.values.push(fieldValue(raw, f, 'latin1'));
    m.set(f.name, e);
  }
  return m;
}

function changedHeaders(before: Buffer, after: Buffer): string[] {
  const a = headerValues(before);
  const b = headerValues(after);
  const names: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key)?.values.join('\n') !== b.get(key)?.values.join('\n')) names.push((a.get(key) ?? b.get(key))!.name);
  }
  return names;
}

export function summarizeRewrite(before: Buffer, after: Buffer): RewriteSummary {
  const pa = leafParts(before);
  const pb = leafParts(after);
  let partsChanged = Math.abs(pa.length - pb.length);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (!pa[i]!.equals(pb[i]!)) partsChanged++;
  return { headersChanged: changedHeaders(before, after), partsChanged, bytesBefore: before.length, bytesAfter: after.length };
}

export function formatRewriteSummary(s: RewriteSummary): string {
  const headers = s.headersChanged.length ? `headers changed: ${s.headersChanged.join(', ')}` : 'no header changed';
  return `${headers}; parts changed: ${s.partsChanged}; ${s.bytesBefore} → ${s.bytesAfter} bytes`;
}
