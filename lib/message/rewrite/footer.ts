/**
 * appendFooter, to every text/plain and text/html body part: only the footer's bytes are inserted
 * where the encoding and charset can carry them, else the part is re-encoded (QP, or UTF-8).
 * Idempotent: a part already ending with the footer (HTML: before `</body>`) is left.
 */
import type { AppendFooterEdit } from './edits';
import type { HeaderEditor } from './header-edits';
import { editableLeaves } from './attachments';
import { editableText } from '../structure';
import { eolOf } from '../headers';
import { iconv } from '../libs';
import { RewriteError } from './errors';
import { placeHtmlFooter, type HtmlPlacement } from './html-place';
import type { Patch } from './patch';
import type { MimePart } from '../parts';
import {
  IDENTITY_ENCODINGS,
  KNOWN_ENCODINGS,
  charsetInfo,
  decodeText,
  decodeTransfer,
  encodeBase64,
  encodeQP,
  encodeText,
  isAscii,
  isBase64Body,
  longestLine,
  MAX_LINE,
} from './transfer';

const partLabel = (p: MimePart): string => (p.path ? `part ${p.path}` : 'the root part');

/** A text footer as HTML, for HTML parts when no `html` footer is given: escaped, lines kept. */
export function htmlOfText(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<div>${escaped.replace(/\r\n|\r|\n/g, '<br>')}</div>`;
}

export interface PartEdit {
  patch: Patch;
  headerChanges: { encoding?: 'quoted-printable'; charset?: 'utf-8' };
}

/** The patches and header changes that add the footer to one text part (none when nothing to do). */
function footerForPart(raw: Buffer, part: MimePart, footer: AppendFooterEdit, notes: string[]): PartEdit | undefined {
  const isHtml = part.contentType === 'text/html';
  const addition = isHtml ? (footer.html ?? (footer.text !== undefined ? htmlOfText(footer.text) : undefined)) : footer.text;
  if (addition === undefined) return undefined;
  if (part.header.bodyStart === part.header.end) return undefined; // header only: no body to extend
  const skip = (why: string): undefined => {
    if (footer.required)
      throw new RewriteError(`footer required, but ${partLabel(part)} cannot carry it: ${why}; the original is delivered`);
    notes.push(`footer: ${partLabel(part)} skipped: ${why}`);
    return undefined;
  };
  const encoding = part.encoding;
  if (!KNOWN_ENCODINGS.includes(encoding)) return skip(`transfer encoding "${encoding}" is not supported`);
  if (encoding === 'base64' && !isBase64Body(raw, part.header.bodyStart, part.end))
    return skip('its base64 body holds characters that are not base64, which re-encoding would drop');
  let cs = charsetInfo(part.charset);
  if (cs.kind === 'unsupported') return skip(`charset "${cs.name}" is not supported`);
  const bodyStart = part.header.bodyStart;
  const body = raw.subarray(bodyStart, part.end);
  let content = decodeTransfer(body, encoding);
  const headerChanges: PartEdit['headerChanges'] = {};
  // A charset that is not ASCII-based (UTF-16, ...) cannot take inserted bytes: the part becomes UTF-8.
  const converted = cs.kind === 'wide';
  if (cs.kind === 'wide') {
    content = Buffer.from(iconv().decode(content, cs.name), 'utf8');
    cs = { kind: 'named', name: 'utf-8' };
    headerChanges.charset = 'utf-8';
    notes.push(`footer: ${partLabel(part)} converted to UTF-8`);
  }
  const eol = eolOf(content, part.header.eol);
  const add = addition.replace(/\r\n|\r|\n/g, eol);

  // Where the footer goes, in bytes (ASCII-based charsets: `<` never occurs inside a multibyte char).
  const place = isHtml ? placeHtmlFooter(content.toString('latin1')) : undefined;
  const at = place ? place.at : content.length;
  const before = content.subarray(0, at);
  const text = decodeText(before, cs);
  if (!place?.closers && text.trimEnd().endsWith(add.trimEnd())) return undefined; // already there

  // Appended at the end, the footer keeps the part's own habit of ending with a line break or not.
  const empty = before.length === 0;
  const endsWithLf = empty || before[before.length - 1] === 0x0a;
  const tail = endsWithLf ? eol : '';
  let insertion: string;
  if (place?.beforeBody) insertion = `${place.closers}${add}${eol}`;
  else if (place) insertion = `${endsWithLf ? '' : eol}${place.closers}${add}${tail}`;
  else insertion = `${empty ? '' : endsWithLf ? eol : eol + eol}${add}${tail}`;

  const encodedInsertion = encodeText(insertion, cs);
  const inserted = converted ? undefined : encodedInsertion;
  let newContent: Buffer;
  if (encodedInsertion) {
    newContent = Buffer.concat([before, encodedInsertion, content.subarray(at)]);
  } else {
    // The charset cannot carry the footer: convert the part to UTF-8.
    const whole = decodeText(content, cs);
    const charAt = place ? placeHtmlFooter(whole).at : whole.length;
    newContent = Buffer.from(whole.slice(0, charAt) + insertion + whole.slice(charAt), 'utf8');
    headerChanges.charset = 'utf-8';
    notes.push(`footer: ${partLabel(part)} converted to UTF-8`);
  }

  const fitsLines = longestLine(Buffer.from(insertion, 'utf8')) <= MAX_LINE;
  const whole = (bytes: Buffer): Patch => ({ start: bodyStart, end: part.end, bytes });
  const asQP = () => whole(Buffer.from(encodeQP(newContent, eol), 'latin1'));
  let patch: Patch;
  if (IDENTITY_ENCODINGS.includes(encoding)) {
    const sevenBit = encoding === '' || encoding === '7bit';
    const canCarry = inserted
      ? fitsLines && (!sevenBit || isAscii(inserted))
      : longestLine(newContent) <= MAX_LINE && (!sevenBit || isAscii(newContent)); // converted: every line is new
    if (canCarry) patch = inserted ? { start: bodyStart + at, end: bodyStart + at, bytes: inserted } : whole(newContent);
    else {
      patch = asQP();
      headerChanges.encoding = 'quoted-printable';
      notes.push(`footer: ${partLabel(part)} switched to quoted-printable`);
    }
  } else if (encoding === 'quoted-printable') {
    const rawAt = inserted ? qpInsertionPoint(body, place, at) : -1;
    if (inserted && rawAt >= 0) {
      // Keep every original byte: insert the encoded footer; a soft line break first when it would
      // otherwise continue a line that has text on it.
      const encoded = encodeQP(inserted, eol);
      const softBreak = rawAt > 0 && body[rawAt - 1] !== 0x0a && !/^\r?\n/.test(encoded) ? `=${eol}` : '';
      patch = { start: bodyStart + rawAt, end: bodyStart + rawAt, bytes: Buffer.from(softBreak + encoded, 'latin1') };
    } else patch = asQP();
  } else {
    const trailing = body.length && body[body.length - 1] === 0x0a ? eol : '';
    patch = whole(Buffer.from(encodeBase64(newContent, eol) + trailing, 'latin1'));
  }
  notes.push(`footer: added to ${partLabel(part)} (${part.contentType})`);
  return { patch, headerChanges };
}

/**
 * The decoded offset `at` in the QP bytes: the body end (append), or the literal `</body` when what
 * precedes it decodes to exactly `at` bytes; -1 when the footer needs re-encoding.
 */
function qpInsertionPoint(body: Buffer, place: HtmlPlacement | undefined, at: number): number {
  if (!place?.beforeBody) return body.length;
  const rawAt = body.toString('latin1').toLowerCase().lastIndexOf('</body');
  if (rawAt < 0) return -1;
  const prefix = decodeTransfer(body.subarray(0, rawAt), 'quoted-printable');
  return prefix.length === at ? rawAt : -1;
}

/** Apply a part's header changes (transfer encoding, charset) through its header editor. */
function applyPartHeaderChanges(editor: HeaderEditor, part: MimePart, changes: PartEdit['headerChanges']): void {
  const eol = editor.eol;
  if (changes.encoding)
    editor.set('Content-Transfer-Encoding', Buffer.from(`Content-Transfer-Encoding: ${changes.encoding}${eol}`, 'latin1'));
  if (changes.charset) {
    const at = editor.indexes('content-type');
    if (at.length) {
      const field = editor.bytesAt(at[0]!).toString('latin1');
      const re = /(;\s*charset\s*=\s*)("?)(?:[^";\s]*)("?)/i;
      const updated = re.test(field)
        ? field.replace(re, (_m, pre: string, q1: string, q2: string) => `${pre}${q1}${changes.charset}${q1 && q2}`)
        : field.replace(/(\r?\n)?$/, (m) => `; charset=${changes.charset}${m || eol}`);
      editor.replace(at[0]!, Buffer.from(updated, 'latin1'));
    } else {
      editor.insert('Content-Type', Buffer.from(`Content-Type: ${part.contentType}; charset=${changes.charset}${eol}`, 'latin1'));
    }
  }
}

/** appendFooter over the whole tree: which parts get it, and which are left untouched (and why). */
export function applyFooterEdit(
  raw: Buffer,
  root: MimePart,
  footer: AppendFooterEdit,
  taken: Set<MimePart>,
  editorFor: (p: MimePart) => HeaderEditor,
  notes: string[],
): Patch[] {
  const patches: Patch[] = [];
  for (const p of editableLeaves(root, (s) => notes.push(`footer: multipart/${s.multipart} at ${partLabel(s)} left untouched`))) {
    if (p.contentType === 'message/rfc822') notes.push(`footer: attached message at ${partLabel(p)} left untouched`);
    // The text a reader sees: a text/plain or text/html leaf that neither reading lists as an attachment.
    if (taken.has(p) || !editableText(p, root)) continue;
    const edit = footerForPart(raw, p, footer, notes);
    if (!edit) continue;
    patches.push(edit.patch);
    if (edit.headerChanges.encoding || edit.headerChanges.charset) applyPartHeaderChanges(editorFor(p), p, edit.headerChanges);
    taken.add(p);
  }
  return patches;
}
