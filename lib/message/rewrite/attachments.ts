/**
 * removeAttachments: each matching attachment part becomes a short text/plain note, delimiters kept.
 * Parts inside multipart/signed or multipart/encrypted, and the root part, are never changed.
 */
import type { RemoveAttachmentsEdit } from './edits';
import type { Eol } from '../headers';
import type { Patch } from './patch';
import type { MimePart } from '../parts';
import { encodeQP, isAscii, MAX_LINE } from './transfer';

/** An attachment as the rules' view sees one: any leaf that is not a text body part. */
export function isAttachment(p: MimePart): boolean {
  if (p.multipart) return false;
  if (p.disposition === 'attachment' || p.filename) return true;
  return p.contentType !== 'text/plain' && p.contentType !== 'text/html';
}

/** The leaves a body edit may change, in order; a multipart/signed or /encrypted is not entered, `sealed` hears of it. */
export function* editableLeaves(p: MimePart, sealed: (p: MimePart) => void): Generator<MimePart> {
  if (p.multipart === 'signed' || p.multipart === 'encrypted') sealed(p);
  else if (p.children.length) for (const c of p.children) yield* editableLeaves(c, sealed);
  else yield p;
}

const B64 = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') B64[c.charCodeAt(0)] = 1;

/** Decoded size of a part's body, without decoding it. */
export function decodedSize(raw: Buffer, p: MimePart): number {
  const body = raw.subarray(p.header.bodyStart, p.end);
  if (p.encoding === 'base64') {
    let n = 0;
    for (let i = 0; i < body.length; i++) n += B64[body[i]!]!;
    return Math.floor((n * 3) / 4);
  }
  if (p.encoding === 'quoted-printable') {
    let size = body.length;
    for (let i = body.indexOf(0x3d); i >= 0; i = body.indexOf(0x3d, i + 1)) {
      size -= body[i + 1] === 0x0d && body[i + 2] === 0x0a ? 3 : 2; // a soft line break, or an escape
    }
    return Math.max(0, size);
  }
  return body.length;
}

function defaultNote(p: MimePart): string {
  return p.filename ? `The attachment "${p.filename}" was removed.` : `An attachment (${p.contentType}) was removed.`;
}

function notePart(text: string, eol: Eol): Buffer {
  const body = text.replace(/\r\n|\r|\n/g, eol);
  const ascii = isAscii(body) && body.split(eol).every((l) => l.length <= MAX_LINE);
  const encoded = ascii ? body : encodeQP(Buffer.from(body, 'utf8'), eol);
  return Buffer.from(
    `Content-Type: text/plain; charset=utf-8${eol}` +
      `Content-Transfer-Encoding: ${ascii ? '7bit' : 'quoted-printable'}${eol}` +
      `Content-Disposition: inline${eol}${eol}${encoded}`,
    'latin1',
  );
}

export function removeAttachmentPatches(
  raw: Buffer,
  root: MimePart,
  edit: RemoveAttachmentsEdit,
  taken: Set<MimePart>,
  notes: string[],
): Patch[] {
  const patches: Patch[] = [];
  const sealed = (p: MimePart) =>
    notes.push(`attachments: multipart/${p.multipart} at ${p.path ? `part ${p.path}` : 'the root'} left untouched`);
  for (const p of editableLeaves(root, sealed)) {
    if (p === root || taken.has(p) || !isAttachment(p)) continue;
    const facts = { ...(p.filename ? { filename: p.filename } : {}), contentType: p.contentType, size: decodedSize(raw, p) };
    if (!edit.matches(facts)) continue;
    const bytes = notePart(edit.note ?? defaultNote(p), p.header.eol);
    patches.push({ start: p.header.start, end: p.end, bytes });
    taken.add(p);
    notes.push(`attachments: removed part ${p.path} (${p.contentType}, ${facts.size} bytes)`);
  }
  return patches;
}
