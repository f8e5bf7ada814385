/**
 * removeAttachments: each matching attachment part becomes a short text/plain note, delimiters kept.
 * Parts inside multipart/signed or multipart/encrypted, and the root part, are never changed.
 */
import type { RemoveAttachmentsEdit } from './edits';
import type { Eol } from '../headers';
import type { Patch } from './patch';
import type { MimePart } from '../parts';
import { encodeQP, isAscii, MAX_LINE } from './transfer';
import { attachmentOf } from '../attachments';

/** The leaves a body edit may change, in order; a multipart/signed or /encrypted is not entered, `sealed` hears of it. */
export function* editableLeaves(p: MimePart, sealed: (p: MimePart) => void): Generator<MimePart> {
  if (p.multipart === 'signed' || p.multipart === 'encrypted') sealed(p);
  else if (p.children.length) for (const c of p.children) yield* editableLeaves(c, sealed);
  else yield p;
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
    if (p === root || taken.has(p)) continue;
    // Either reading's facts: a part either lists is one the removal must match (the union).
    const facts = [attachmentOf(raw, p, false, false), attachmentOf(raw, p, false, true)].find((f) => f && edit.matches(f));
    if (!facts) continue;
    const bytes = notePart(edit.note ?? defaultNote(p), p.header.eol);
    patches.push({ start: p.header.start, end: p.end, bytes });
    taken.add(p);
    notes.push(`attachments: removed part ${p.path} (${p.contentType}, ${facts.size} bytes)`);
  }
  return patches;
}
