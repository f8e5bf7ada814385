/**
 * Top-level header edits (tagSubject, setHeader, removeHeader) touch only the field lines they edit.
 * A block being edited is a list of fields, untouched ones as their original bytes: one patch at the end.
 */
import type { RemoveHeaderEdit, SetHeaderEdit, TagSubjectEdit } from './edits';
import { RewriteError } from './errors';
import { decodeWords, headerText, type Eol, type HeaderBlock } from '../headers';
import type { Patch } from './patch';
import { libmime } from '../libs';
import { longestLine, MAX_LINE } from './transfer';

interface Entry {
  /** Lower-cased field name ('' for a non-field line). */
  name: string;
  bytes: Buffer;
}

export class HeaderEditor {
  private readonly entries: Entry[];
  private changed = false;
  readonly eol: Eol;

  constructor(
    private readonly raw: Buffer,
    readonly block: HeaderBlock,
  ) {
    this.eol = block.eol;
    this.entries = block.fields.map((f) => ({ name: f.name, bytes: raw.subarray(f.start, f.end) }));
  }

  /** Indexes of the fields called `name` (case-insensitive). */
  indexes(name: string): number[] {
    const n = name.toLowerCase();
    const out: number[] = [];
    for (const [i, e] of this.entries.entries()) if (e.name === n) out.push(i);
    return out;
  }

  bytesAt(i: number): Buffer {
    return this.entries[i]!.bytes;
  }

  replace(i: number, bytes: Buffer): void {
    const e = this.entries[i]!;
    if (e.bytes.equals(bytes)) return;
    e.bytes = this.terminated(bytes, i === this.entries.length - 1);
    this.changed = true;
  }

  /** Remove every field called `name`; returns how many were removed. */
  remove(name: string): number {
    const at = this.indexes(name);
    for (const i of at.reverse()) this.entries.splice(i, 1);
    if (at.length) this.changed = true;
    return at.length;
  }

  /** Insert a complete field line (with its EOL) at `index` (default: the end of the block). */
  insert(name: string, bytes: Buffer, index = this.entries.length): void {
    const prev = this.entries[index - 1];
    if (prev && prev.bytes[prev.bytes.length - 1] !== 0x0a) {
      prev.bytes = Buffer.concat([prev.bytes, Buffer.from(this.eol)]);
    }
    this.entries.splice(index, 0, { name: name.toLowerCase(), bytes });
    this.changed = true;
  }

  /** One complete field line in place of every field called `name`, where the first was (else at the end). */
  set(name: string, bytes: Buffer): void {
    const first = this.indexes(name)[0];
    this.remove(name);
    this.insert(name, bytes, first);
  }

  /** Keep a last field without line ending as it was; every other field ends with one. */
  private terminated(bytes: Buffer, last: boolean): Buffer {
    if (last && this.block.unterminated)
      return bytes[bytes.length - 1] === 0x0a ? bytes.subarray(0, bytes.length - (bytes[bytes.length - 2] === 0x0d ? 2 : 1)) : bytes;
    return bytes[bytes.length - 1] === 0x0a ? bytes : Buffer.concat([bytes, Buffer.from(this.eol)]);
  }

  patch(): Patch | undefined {
    if (!this.changed) return undefined;
    const bytes = Buffer.concat(this.entries.map((e) => e.bytes));
    if (bytes.equals(this.raw.subarray(this.block.start, this.block.end))) return undefined;
    return { start: this.block.start, end: this.block.end, bytes };
  }
}

type HeaderEdit = TagSubjectEdit | SetHeaderEdit | RemoveHeaderEdit;

/** Convert CRLF-built text to the block's own line ending. */
const withEol = (text: string, eol: Eol): string => (eol === '\r\n' ? text : text.replace(/\r\n/g, '\n'));

/**
 * A complete field line, `Name: value` plus EOL: non-ASCII words RFC 2047-encoded, folded at white
 * space (RFC 5322 §2.2.3); a value that cannot fold into 998-octet lines is refused.
 */
export function buildField(name: string, value: string, eol: Eol): Buffer {
  const mf = libmime();
  const encoded = /[^\x20-\x7e\t]/.test(value) ? mf.encodeWords(value, 'Q', 52) : value;
  const folded = withEol(mf.foldLines(`${name}: ${encoded}`, 76).replace(/\r?\n$/, ''), eol) + eol;
  const bytes = Buffer.from(folded, 'latin1');
  if (longestLine(bytes) > MAX_LINE) {
    throw new RewriteError(
      `the new ${name} header cannot be folded into lines of ${MAX_LINE} octets (a word is too long); nothing was changed`,
    );
  }
  return bytes;
}

/** Decode a raw header value: raw 8-bit bytes as UTF-8 when valid (else latin1), then RFC 2047 words. */
const decodeValue = (bytes: Buffer): string => decodeWords(headerText(bytes));

/** A field line's value bytes (after the colon) and its name as written. */
const fieldValue = (field: Buffer): Buffer => field.subarray(field.indexOf(0x3a) + 1);
const nameOf = (field: Buffer): string => field.toString('latin1', 0, field.indexOf(0x3a)).trimEnd();

export function applyHeaderEdit(editor: HeaderEditor, edit: HeaderEdit, notes: string[]): void {
  switch (edit.kind) {
    case 'tagSubject':
      tagSubjectOn(editor, edit.tag, notes);
      return;
    case 'setHeader': {
      const at = editor.indexes(edit.name);
      if (at.length === 1 && decodeValue(fieldValue(editor.bytesAt(at[0]!))) === edit.value.trim()) return;
      editor.set(edit.name, buildField(edit.name, edit.value, editor.eol));
      notes.push(`header: set ${edit.name}`);
      return;
    }
    case 'removeHeader': {
      const n = editor.remove(edit.name);
      if (n) notes.push(`header: removed ${n} ${edit.name} field(s)`);
      return;
    }
  }
}

function tagSubjectOn(editor: HeaderEditor, tag: string, notes: string[]): void {
  const at = editor.indexes('subject');
  if (at.length === 0) {
    editor.insert('Subject', buildField('Subject', tag, editor.eol));
    notes.push('subject: added with the tag');
    return;
  }
  if (at.length > 1) {
    // Which one a reader shows is not defined (RFC 5322 allows one): tagging one would mislead.
    notes.push(`subject: ${at.length} Subject headers; left unchanged`);
    return;
  }
  const field = editor.bytesAt(at[0]!);
  const value = fieldValue(field);
  const decoded = decodeValue(value);
  if (decoded.trimStart().toLowerCase().startsWith(tag.toLowerCase())) return;

  const mf = libmime();
  // The rest of the value exactly as it was, minus the white space that followed the colon.
  let skip = 0;
  while (skip < value.length && (value[skip] === 0x20 || value[skip] === 0x09)) skip++;
  const rest = value.subarray(skip);
  const restText = rest.toString('latin1');
  const firstLineEmpty = /^\r?\n/.test(restText) || restText === '';
  const restStartsWithWord = /^\s*=\?[^?\s]+\?[bBqQ]\?/.test(restText);
  let encodedTag: string;
  if (/^[\x20-\x7e]*$/.test(tag)) encodedTag = tag;
  else if (restStartsWithWord)
    encodedTag = mf.encodeWord(`${tag} `, 'Q', 52); // white space between words is dropped
  else encodedTag = mf.encodeWords(tag, 'Q', 52);
  encodedTag = withEol(mf.foldLines(encodedTag, 76).replace(/\r?\n$/, ''), editor.eol);

  const name = nameOf(field);
  const eolAt = rest.indexOf(0x0a);
  const firstRestLine = eolAt < 0 ? rest.length : eolAt;
  let head = `${name}: ${encodedTag}${firstLineEmpty ? '' : ' '}`;
  const lastHeadLine = head.length - (head.lastIndexOf('\n') + 1);
  if (!firstLineEmpty && lastHeadLine + firstRestLine > MAX_LINE) head = `${name}: ${encodedTag}${editor.eol} `;
  editor.replace(at[0]!, Buffer.concat([Buffer.from(head, 'latin1'), rest.length ? rest : Buffer.from(editor.eol)]));
  notes.push('subject: tagged');
}
