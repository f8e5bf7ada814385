/** Transfer encodings and charsets of text parts, for the footer (nodemailer's QP and base64, iconv-lite). */
import type { Eol } from '../headers';
import { LIMITS } from '../../workmail/limits';
import { iconv, libqp, qp } from '../libs';

/** Longest line written, without its CRLF (RFC 5322 §2.1.1; WorkMail's limit counts the CRLF). */
export const MAX_LINE = LIMITS.maxLineOctets - 2;

export const IDENTITY_ENCODINGS = ['', '7bit', '8bit', 'binary'];
export const KNOWN_ENCODINGS = [...IDENTITY_ENCODINGS, 'quoted-printable', 'base64'];

/** Charsets in which inserting ASCII bytes at a line start is unsafe or whose text is not ASCII-based. */
const NOT_ASCII_BASED = /^(utf-?16|utf-?32|ucs-?2|ucs-?4|utf-?7|iso-?2022|hz-gb|cp1200|unicode)/i;
const US_ASCII = /^(us-?ascii|ascii|ansi_x3\.4-1968|iso646-us|us)$/i;
/** UTF-8 is read and written by Buffer itself (as iconv-lite does): the common case needs no charset tables. */
const UTF_8 = /^utf-?8$/i;

export function decodeTransfer(body: Buffer, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.toString('latin1'), 'base64');
  return encoding === 'quoted-printable' ? libqp().decode(body) : body;
}

export function encodeQP(bytes: Buffer, eol: Eol): string {
  const q = qp();
  const wrapped = q.wrap(q.encode(bytes), 76);
  return eol === '\r\n' ? wrapped.replace(/\r?\n/g, '\r\n') : wrapped.replace(/\r\n/g, '\n');
}

export function encodeBase64(bytes: Buffer, eol: Eol): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(eol);
}

export type CharsetInfo =
  | { kind: 'ascii' }
  | { kind: 'named'; name: string }
  /** Known to iconv but not ASCII-based (UTF-16, ISO-2022, ...): decodable, but bytes cannot be inserted. */
  | { kind: 'wide'; name: string }
  | { kind: 'unsupported'; name: string };

export function charsetInfo(declared: string | undefined): CharsetInfo {
  const name = (declared ?? '').trim().replace(/^"|"$/g, '');
  if (!name || US_ASCII.test(name)) return { kind: 'ascii' };
  if (UTF_8.test(name)) return { kind: 'named', name: 'utf-8' };
  if (!iconv().encodingExists(name)) return { kind: 'unsupported', name };
  if (NOT_ASCII_BASED.test(name)) return { kind: 'wide', name };
  return { kind: 'named', name };
}

export function isAscii(s: string | Buffer): boolean {
  if (typeof s === 'string') return /^[\x00-\x7f]*$/.test(s);
  for (let i = 0; i < s.length; i++) if (s[i]! > 0x7f) return false;
  return true;
}

/** Text of `bytes` in the charset (ASCII declared but 8-bit bytes present: read as windows-1252). */
export function decodeText(bytes: Buffer, cs: CharsetInfo): string {
  if (cs.kind === 'named') return cs.name === 'utf-8' ? bytes.toString('utf8') : iconv().decode(bytes, cs.name);
  return isAscii(bytes) ? bytes.toString('latin1') : iconv().decode(bytes, 'windows-1252');
}

/** Bytes of `text` in the charset, or undefined when the charset cannot represent it exactly. */
export function encodeText(text: string, cs: CharsetInfo): Buffer | undefined {
  if (cs.kind === 'ascii') return isAscii(text) ? Buffer.from(text, 'latin1') : undefined;
  if (cs.kind !== 'named') return undefined;
  const utf8 = cs.name === 'utf-8';
  const out = utf8 ? Buffer.from(text, 'utf8') : iconv().encode(text, cs.name);
  return (utf8 ? out.toString('utf8') : iconv().decode(out, cs.name)) === text ? out : undefined;
}

/** Longest line of `bytes` in octets, without the line ending. */
export function longestLine(bytes: Buffer): number {
  let max = 0;
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl;
    const len = end - start - (end > start && bytes[end - 1] === 0x0d ? 1 : 0);
    if (len > max) max = len;
    if (nl < 0) return max;
    start = nl + 1;
  }
}

const BASE64_BODY = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n\t ') BASE64_BODY[c.charCodeAt(0)] = 1;

/** Whether `raw[start, end)` holds only base64 characters, padding and white space (nothing a decoder would skip). */
export function isBase64Body(raw: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (BASE64_BODY[raw[i]!] !== 1) return false;
  return true;
}
