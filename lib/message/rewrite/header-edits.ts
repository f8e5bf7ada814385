/**
 * Top-level header edits: tagSubject, setHeader, removeHeader. They touch only the field lines they
 * edit; the rest of the header block and the whole body are copied as they are.
 */
import type { RemoveHeaderEdit, SetHeaderEdit, TagSubjectEdit } from './edits';
import { RewriteError } from './errors';
import type { HeaderEditor } from './header-editor';
import { decodeWords, headerText, type Eol } from '../headers';
import { mimeFuncs } from '../libs';
import { longestLine, MAX_LINE } from './transfer';

type HeaderEdit = TagSubjectEdit | SetHeaderEdit | RemoveHeaderEdit;

/** Convert CRLF-built text to the block's own line ending. */
const withEol = (text: string, eol: Eol): string => (eol === '\r\n' ? text : text.replace(/\r\n/g, '\n'));

/**
 * A complete header field line: `Name: value` plus EOL, RFC 2047-encoding non-ASCII words and
 * folding at white space (RFC 5322 §2.2.3). A value that cannot be folded into 998-octet lines is
 * refused, never written.
 */
export function buildField(name: string, value: string, eol: Eol): Buffer {
  const mf = mimeFuncs();
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

function fieldValue(field: Buffer): Buffer {
  const colon = field.indexOf(0x3a);
  return field.subarray(colon + 1);
}

function nameOf(field: Buffer): string {
  return field.toString('latin1', 0, field.indexOf(0x3a)).trimEnd();
}

export function applyHeaderEdit(editor: HeaderEditor, edit: HeaderEdit, notes: string[]): void {
  switch (edit.kind) {
    case 'tagSubject':
      tagSubjectOn(editor, edit.tag, notes);
      return;
    case 'setHeader': {
      const at = editor.indexes(edit.name);
      if (at.length === 1 && decodeValue(fieldValue(editor.bytesAt(at[0]!))) === edit.value.trim()) return;
      const field = buildField(edit.name, edit.value, editor.eol);
      const index = at.length ? at[0]! : undefined;
      editor.remove(edit.name);
      editor.insert(edit.name, field, index);
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

  const mf = mimeFuncs();
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
