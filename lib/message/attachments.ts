/**
 * Attachment facts (name, type, decoded size) read from the part tree of parts.ts, as mailparser
 * reports them, without decoding: a base64 body is counted, not decoded; a quoted-printable one is
 * decoded by libqp (mailsplit's own decoder) and dropped. mailparser's notion, kept exactly (its
 * agreement is tested on the whole corpus): every part that is not multipart, not an attached
 * message it opens (`message/rfc822` sent 7bit/8bit/binary with disposition `inline`), and not
 * inline text (text/plain, text/html, message/delivery-status without an `attachment` disposition).
 */
import type { AttachmentFacts } from '../workmail/message-content';
import { libmime, libqp } from './libs';
import { IDENTITY, scanParts, walk, type MimePart, type ScanOptions } from './parts';
import { universalLines } from './readings';

const TEXT_TYPES: readonly (string | false)[] = ['text/plain', 'text/html', 'message/delivery-status'];

/** Base64 alphabet bytes (what libbase64's decoder keeps besides `=`). */
const ALPHABET = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') ALPHABET[c.charCodeAt(0)] = 1;
const PAD = 0x3d;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Bytes libbase64's decoder gives for `raw[start, end)`: other bytes are skipped, and each run of
 * alphabet bytes between `=` decodes on its own (n characters, ⌊3n/4⌋ bytes).
 */
export function base64DecodedSize(raw: Uint8Array, start: number, end: number): number {
  let size = 0;
  let run = 0;
  for (let i = start; i < end; i++) {
    const c = raw[i]!;
    if (ALPHABET[c] === 1) run++;
    else if (c === PAD) {
      size += (run * 3) >>> 2;
      run = 0;
    }
  }
  return size + ((run * 3) >>> 2);
}

/**
 * The body bytes mailsplit hands the decoder. It holds a body's last line ending back for the
 * delimiter that follows, except in the message's root, and a body that is nothing but that line
 * ending it reports whole when the delimiter opens a part. A part with delimiters of its own (a
 * boundary on a type that is not multipart) ends at the first of them.
 */
function bodyEnd(raw: Buffer, part: MimePart, isRoot: boolean): number {
  const start = part.header.bodyStart;
  const d = part.delimiting;
  const first = d?.firstDelimiter;
  if (first === undefined) {
    if (isRoot || part.end !== start || part.endedBy !== 'next') return part.end;
    const n = raw[start] === LF ? 1 : raw[start] === CR && raw[start + 1] === LF ? 2 : 0;
    return start + n;
  }
  if (isRoot || first <= start) return first;
  const stripped = raw[first - 2] === CR && first - 2 >= start ? first - 2 : first - 1;
  return stripped > start || d!.firstCloses ? stripped : first;
}

function decodedSize(raw: Buffer, part: MimePart, isRoot: boolean): number {
  const start = part.header.bodyStart;
  const end = Math.max(start, bodyEnd(raw, part, isRoot));
  if (part.encoding === 'base64') return base64DecodedSize(raw, start, end);
  if (part.encoding === 'quoted-printable') return libqp().decode(raw.subarray(start, end)).length;
  return end - start;
}

const key = (a: AttachmentFacts) => `${a.filename ?? ''}\0${a.contentType}\0${a.size}`;

/**
 * How a reading scans: attached messages opened only when mailsplit opens them (sent as they are,
 * shown inline), delimiters of a boundary on any type (as mailsplit reads them). The rewriter and
 * the checks scan with `embedded: false` otherwise alike, so an attached message stays one part.
 */
export function readingOptions(python: boolean, embedded = true): ScanOptions {
  const opens = (p: MimePart) =>
    (python ? p.contentType : p.nodeType) === 'message/rfc822' && p.disposition === 'inline' && IDENTITY.includes(p.encoding);
  return { embedded: embedded && opens, anyBoundary: true, pythonHeaders: python };
}

/** The part tree of one reading: mailparser's (`python` false), or Python's email's (over readings.ts' universal lines). */
export function scanReading(raw: Buffer, python: boolean, embedded = true): MimePart {
  return scanParts(python ? (universalLines(raw) ?? raw) : raw, readingOptions(python, embedded));
}

/**
 * The type an attachment is listed with, or undefined when the reading does not list the part:
 * multiparts and opened messages are not, nor inline text (text/plain, text/html,
 * message/delivery-status without an `attachment` disposition; another disposition counts as one).
 * mailparser reads the type as mailsplit's MimeNode gives it, Python the RFC 2045 type.
 */
export function listedType(part: MimePart, isRoot: boolean, python: boolean): string | undefined {
  const type = python ? part.contentType : part.nodeType || (isRoot ? 'text/plain' : false);
  if ((typeof type === 'string' && type.startsWith('multipart/')) || part.opened) return undefined;
  // mailsplit drops a part whose header block the next part's delimiter cuts short (a closing one does not).
  if (!python && part.header.bodyStart === part.header.end && part.endedBy === 'next') return undefined;
  const given = part.disposition;
  const disposition = given && given !== 'inline' && given !== 'attachment' ? 'attachment' : given || 'inline';
  if (TEXT_TYPES.includes(type) && disposition === 'inline') return undefined;
  return type === 'application/octet-stream' && part.filename ? libmime().detectMimeType(part.filename) || type : (type as string);
}

/** Whether either reading lists the part as an attachment (the footer never goes into one). */
export function listedByEither(part: MimePart, isRoot: boolean): boolean {
  return listedType(part, isRoot, false) !== undefined || listedType(part, isRoot, true) !== undefined;
}

/** The part's facts as the reading lists them, or undefined when it does not. */
export function attachmentOf(raw: Buffer, part: MimePart, isRoot: boolean, python: boolean): AttachmentFacts | undefined {
  const contentType = listedType(part, isRoot, python);
  if (contentType === undefined) return undefined;
  return { ...(part.filename ? { filename: part.filename } : {}), contentType, size: decodedSize(raw, part, isRoot) };
}

/**
 * The attachments of `raw` as the rules see them: mailparser's, in document order, then those that
 * only the second reading sees (readings.ts: a bare CR ends a line, and a line that is no header
 * line ends a header block, as in Python's `email`). A part either reader sees is one an
 * attachment rule must match. Synchronous: run it in `withMimeLibraries` (mailsplit for the
 * headers, libmime for file-name types, libqp). Throws MimeLimitError beyond the limits.
 */
export function attachmentFacts(raw: Buffer): AttachmentFacts[] {
  const first = mailparserFacts(raw);
  const seen = new Map<string, number>();
  for (const a of first) seen.set(key(a), (seen.get(key(a)) ?? 0) + 1);
  const extra = readingFacts(universalLines(raw) ?? raw, true).filter((a) => {
    const n = seen.get(key(a)) ?? 0;
    seen.set(key(a), n - 1);
    return n <= 0;
  });
  return [...first, ...extra];
}

/** The attachments of `raw` in document order, as mailparser reports them. */
export function mailparserFacts(raw: Buffer): AttachmentFacts[] {
  return readingFacts(raw, false);
}

function readingFacts(raw: Buffer, python: boolean): AttachmentFacts[] {
  const root = scanParts(raw, readingOptions(python));
  const out: AttachmentFacts[] = [];
  for (const part of walk(root)) {
    const a = attachmentOf(raw, part, part === root, python);
    if (a) out.push(a);
  }
  return out;
}
