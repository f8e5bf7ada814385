/** The edits a rewrite can apply: plain data, built by constructors that check their arguments when the handler is defined. */
import { EditDefinitionError } from './errors';
import type { AttachmentFacts } from '../../workmail/message-content';
import { FIELD_NAME, IMMUTABLE_HEADERS, inHeaderList } from '../immutable-headers';
import { LIMITS } from '../../workmail/limits';

export interface TagSubjectEdit {
  readonly kind: 'tagSubject';
  readonly tag: string;
}
export interface SetHeaderEdit {
  readonly kind: 'setHeader';
  readonly name: string;
  readonly value: string;
}
export interface RemoveHeaderEdit {
  readonly kind: 'removeHeader';
  readonly name: string;
}
export interface AppendFooterEdit {
  readonly kind: 'appendFooter';
  readonly text?: string;
  readonly html?: string;
  /** A text part that cannot carry the footer fails the rewrite (the original is delivered) instead of being skipped. */
  readonly required?: boolean;
}
/** Built by `removeAttachments(spec)` (lib/runtime), which turns the rules' attachment spec into `matches`. */
export interface RemoveAttachmentsEdit {
  readonly kind: 'removeAttachments';
  readonly matches: (attachment: AttachmentFacts) => boolean;
  readonly note?: string;
}

export type Edit = TagSubjectEdit | SetHeaderEdit | RemoveHeaderEdit | AppendFooterEdit | RemoveAttachmentsEdit;

/** Headers setHeader/removeHeader refuse: the immutable ones, and the root Content-Type and -Transfer-Encoding. */
export const PROTECTED_HEADERS: readonly string[] = [...IMMUTABLE_HEADERS, 'Content-Type', 'Content-Transfer-Encoding'];

/** The longest line without its CRLF (kept here: building an edit loads no MIME code). */
const MAX_LINE = LIMITS.maxLineOctets - 2;
const MAX_TAG_CHARS = 200;

/** Header text may hold no control character but tab (RFC 5322 §2.2: no CR, LF, NUL, VT, FF, ...). */
function noControls(what: string, value: string): void {
  if (/[\r\n]/.test(value)) {
    throw new EditDefinitionError(`${what} contains a CR or LF; header values are one logical line: remove the line break`);
  }
  const bad = /[\x00-\x08\x0b-\x1f\x7f]/.exec(value);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new EditDefinitionError(
      `${what} contains the control character U+${code} at index ${bad.index}; only tab is allowed in a header`,
    );
  }
}

/** Folding is at white space only (RFC 5322 §2.2.3): an ASCII word longer than a line can never be written. */
function foldable(name: string, value: string): void {
  const words = value.trim().split(/[ \t]+/);
  const too = words.findIndex((w, i) => /^[\x20-\x7e]*$/.test(w) && w.length + (i === 0 ? name.length + 2 : 1) > MAX_LINE);
  if (too >= 0) {
    throw new EditDefinitionError(
      `setHeader: the value of "${name}" has a ${words[too]!.length}-character word; a header line holds at most ${MAX_LINE} octets and folds only at white space: shorten it or add spaces`,
    );
  }
}

function checkName(edit: string, name: string): string {
  if (typeof name !== 'string' || !FIELD_NAME.test(name)) {
    throw new EditDefinitionError(`${edit}: "${String(name)}" is not a valid header name (printable ASCII, no colon or space)`);
  }
  if (inHeaderList(PROTECTED_HEADERS, name)) {
    throw new EditDefinitionError(
      `${edit}: header "${name}" must not change (WorkMail rejects changed immutable headers, and the root ` +
        'Content-Type/Content-Transfer-Encoding describe the body); choose another header',
    );
  }
  return name;
}

/** Prefix the Subject with `tag` unless the decoded subject already starts with it (case-insensitive). */
export function tagSubject(tag: string): TagSubjectEdit {
  if (typeof tag !== 'string' || tag.trim() === '') throw new EditDefinitionError('tagSubject: the tag must be a non-empty string');
  noControls('tagSubject: the tag', tag);
  if (tag.length > MAX_TAG_CHARS) throw new EditDefinitionError(`tagSubject: the tag is longer than ${MAX_TAG_CHARS} characters`);
  return Object.freeze({ kind: 'tagSubject', tag: tag.trim() });
}

/** Set a top-level header: replaces every instance with one, or adds it. Non-ASCII values are RFC 2047-encoded; long ones folded. */
export function setHeader(name: string, value: string): SetHeaderEdit {
  checkName('setHeader', name);
  if (typeof value !== 'string') throw new EditDefinitionError(`setHeader: the value of "${name}" must be a string`);
  noControls(`setHeader: the value of "${name}"`, value);
  foldable(name, value);
  return Object.freeze({ kind: 'setHeader', name, value });
}

/** Remove every instance of a top-level header. */
export function removeHeader(name: string): RemoveHeaderEdit {
  checkName('removeHeader', name);
  return Object.freeze({ kind: 'removeHeader', name });
}

/** Append `text` to plain body parts and `html` (else `text`, escaped) to HTML ones: workmail-rules docs/rewriting.md, "How footers are placed". */
export function appendFooter(footer: { text?: string; html?: string; required?: boolean }): AppendFooterEdit {
  const { text, html, required } = footer ?? {};
  if (required !== undefined && typeof required !== 'boolean')
    throw new EditDefinitionError('appendFooter: `required` must be true or false');
  for (const [k, v] of Object.entries({ text, html })) {
    if (v !== undefined && typeof v !== 'string') throw new EditDefinitionError(`appendFooter: \`${k}\` must be a string`);
  }
  const given = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
  if (!given(text) && !given(html)) throw new EditDefinitionError('appendFooter: give a non-empty `text` and/or `html` footer');
  return Object.freeze({
    kind: 'appendFooter',
    ...(given(text) ? { text } : {}),
    ...(given(html) ? { html } : {}),
    ...(required ? { required: true } : {}),
  });
}

export const isHeaderEdit = (e: Edit): e is TagSubjectEdit | SetHeaderEdit | RemoveHeaderEdit =>
  e.kind === 'tagSubject' || e.kind === 'setHeader' || e.kind === 'removeHeader';
