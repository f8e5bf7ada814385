/**
 * The one header-block reader of lib/message: a block as byte ranges, its fields and their values.
 * Linear by construction: lines found with Buffer#indexOf, a colon searched within its own line,
 * a value one slice unfolded by one regular-expression pass.
 */
import { FIELD_NAME } from './immutable-headers';
import { libmime, MimeLibraryNotLoadedError } from './libs';

export type Eol = '\r\n' | '\n';

export interface HeaderField {
  /** Lower-cased field name; '' for a line that is not a field (an mbox "From " line, garbage). */
  name: string;
  /** First byte of the field's first line. */
  start: number;
  /** Byte after the line ending of the field's last line (or the block end when it has none). */
  end: number;
  /** First byte after the colon. */
  valueStart: number;
}

export interface HeaderBlock {
  start: number;
  /** Offset of the empty line that ends the block (or of the region end when there is none). */
  end: number;
  /** First byte of the body. */
  bodyStart: number;
  fields: HeaderField[];
  eol: Eol;
  /** True when the last header line has no line ending (a header-only message without final EOL). */
  unterminated: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Whether the line at `q` can be a header line as Python's `email` reads one (`From `, a field
 * name and its colon, or a continuation); Python ends the block before a line that cannot.
 */
function pythonHeaderLine(raw: Buffer, q: number, limit: number): boolean {
  const c = raw[q];
  if (c === 0x20 || c === 0x09) return true;
  if (raw.toString('latin1', q, Math.min(q + 5, limit)) === 'From ') return true;
  for (let i = q; i < limit; i++) {
    const b = raw[i]!;
    if (b === 0x3a) return true;
    if (b < 0x21 || b > 0x7e) return false;
  }
  return false;
}

/**
 * The header block starting at `start` within [start, limit): it ends at the first empty line
 * (`python`: also before the first line that is no header line, as Python's `email` reads it).
 */
export function findHeaderBlock(raw: Buffer, start = 0, limit = raw.length, python = false): HeaderBlock {
  let end = limit;
  let bodyStart = limit;
  // The empty line is at `start` itself or right after a line feed: `q` is each line's first byte.
  for (let q = start; ; ) {
    if (raw[q] === LF || (raw[q] === CR && raw[q + 1] === LF && q + 1 < limit)) {
      end = q;
      bodyStart = q + (raw[q] === LF ? 1 : 2);
      break;
    }
    if (python && q < limit && !pythonHeaderLine(raw, q, limit)) {
      end = bodyStart = q;
      break;
    }
    q = raw.indexOf(LF, q) + 1;
    if (q === 0 || q >= limit) break;
  }
  const eol = eolOf(raw.subarray(start, Math.max(end, bodyStart)), '\r\n');
  return { start, end, bodyStart, fields: parseFields(raw, start, end), eol, unterminated: end > start && raw[end - 1] !== LF };
}

/** The line ending of the first line of `bytes`, or `fallback` when there is no line ending. */
export function eolOf(bytes: Buffer, fallback: Eol): Eol {
  const nl = bytes.indexOf(LF);
  if (nl < 0) return fallback;
  return nl > 0 && bytes[nl - 1] === CR ? '\r\n' : '\n';
}

function parseFields(raw: Buffer, start: number, end: number): HeaderField[] {
  const fields: HeaderField[] = [];
  let current: HeaderField | undefined;
  for (let pos = start; pos < end; ) {
    const nl = raw.indexOf(LF, pos);
    const lineEnd = nl < 0 || nl >= end ? end : nl + 1;
    const first = raw[pos];
    if ((first === 0x20 || first === 0x09) && current) {
      current.end = lineEnd;
    } else {
      const colon = raw.subarray(pos, lineEnd).indexOf(0x3a);
      const mbox = pos === start && raw.toString('latin1', pos, pos + 5) === 'From ';
      const name = colon > 0 && !mbox ? raw.toString('latin1', pos, pos + colon).trimEnd() : '';
      const valid = FIELD_NAME.test(name);
      current = { name: valid ? name.toLowerCase() : '', start: pos, end: lineEnd, valueStart: valid ? pos + colon + 1 : pos };
      fields.push(current);
    }
    pos = lineEnd;
  }
  return fields;
}

/** The name as written. */
export function fieldName(raw: Buffer, f: HeaderField): string {
  return raw.toString('latin1', f.start, f.valueStart - 1).trimEnd();
}

/** A field's value unfolded and trimmed, read as `headerText` reads it. */
export const fieldValue = (raw: Buffer, f: HeaderField, as: 'latin1' | 'text' = 'text'): string =>
  headerText(raw.subarray(f.valueStart, f.end), as);

/** Header bytes unfolded and trimmed: `latin1` byte-faithful; `text` reads valid UTF-8 as UTF-8, else latin1. */
export function headerText(bytes: Buffer, as: 'latin1' | 'text' = 'text'): string {
  let text = bytes.toString('latin1');
  if (as === 'text' && /[^\x00-\x7f]/.test(text)) {
    const utf8 = bytes.toString('utf8');
    if (!utf8.includes('\uFFFD')) text = utf8;
  }
  return text.replace(/\r?\n(?=[ \t])/g, '').trim(); // unfold: one regular-expression pass
}

/** RFC 2047 encoded words decoded (libmime, mailsplit's own dependency); undecodable text kept. */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value; // no encoded word: nothing for libmime to do
  try {
    return libmime().decodeWords(value);
  } catch (err) {
    if (err instanceof MimeLibraryNotLoadedError) throw err;
    return value;
  }
}

export type Field = { name: string; value: string };

/** A block's fields (default: the top one): names as written, values unfolded and decoded, or with `bytes` as latin1. */
export function readHeaders(raw: Buffer, block = findHeaderBlock(raw), bytes = false): Field[] {
  return block.fields
    .filter((f) => f.name !== '')
    .map((f) => ({ name: fieldName(raw, f), value: bytes ? fieldValue(raw, f, 'latin1') : decodeWords(fieldValue(raw, f)) }));
}
