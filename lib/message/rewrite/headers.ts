/**
 * Header blocks as byte ranges: where a block ends, its fields with offsets, and new field lines
 * built with nodemailer's MIME helpers. Nothing here decodes or walks a body.
 */
import { RewriteError } from './errors';
import * as lazy from './lazy';

export type Eol = '\r\n' | '\n';

export interface HeaderField {
  /** Lower-cased field name ('' for a line that is not a field, such as an mbox "From " line). */
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

/** Largest header block we edit (mailsplit's own default limit). */
export const MAX_HEADER_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/** Locate the header block starting at `start` within [start, limit). */
export function findHeaderBlock(raw: Buffer, start: number, limit: number): HeaderBlock {
  let end: number;
  let bodyStart: number;
  if (raw[start] === LF || (raw[start] === CR && raw[start + 1] === LF && start + 1 < limit)) {
    end = start;
    bodyStart = start + (raw[start] === LF ? 1 : 2);
  } else {
    // Walk the header lines (never the body): the block ends at the first empty line.
    const max = Math.min(limit, start + MAX_HEADER_BYTES + 2);
    end = -1;
    bodyStart = -1;
    for (let p = raw.indexOf(LF, start); p >= 0 && p + 1 < max; p = raw.indexOf(LF, p + 1)) {
      if (raw[p + 1] === LF) {
        end = p + 1;
        bodyStart = p + 2;
        break;
      }
      if (raw[p + 1] === CR && raw[p + 2] === LF && p + 2 < limit) {
        end = p + 1;
        bodyStart = p + 3;
        break;
      }
    }
    if (end < 0) {
      if (limit - start > MAX_HEADER_BYTES) {
        throw new RewriteError(`header block at byte ${start} has no end within ${MAX_HEADER_BYTES} bytes; not editable`);
      }
      end = limit;
      bodyStart = limit;
    }
  }
  const fields = parseFields(raw, start, end);
  const firstLf = raw.subarray(start, Math.max(end, bodyStart)).indexOf(LF);
  const eol: Eol = firstLf < 0 || (firstLf > 0 && raw[start + firstLf - 1] === CR) ? '\r\n' : '\n';
  return { start, end, bodyStart, fields, eol, unterminated: end > start && raw[end - 1] !== LF };
}

function parseFields(raw: Buffer, start: number, end: number): HeaderField[] {
  const fields: HeaderField[] = [];
  let pos = start;
  let current: HeaderField | undefined;
  while (pos < end) {
    let lineEnd = raw.indexOf(LF, pos);
    lineEnd = lineEnd < 0 || lineEnd >= end ? end : lineEnd + 1;
    const first = raw[pos];
    if ((first === 0x20 || first === 0x09) && current) {
      current.end = lineEnd;
    } else {
      const colon = raw.indexOf(0x3a, pos);
      const hasName = colon > pos && colon < lineEnd;
      const name = hasName ? raw.toString('latin1', pos, colon).trim().toLowerCase() : '';
      current = { name, start: pos, end: lineEnd, valueStart: hasName ? colon + 1 : pos };
      fields.push(current);
    }
    pos = lineEnd;
  }
  return fields;
}

/** The raw value of a field (after the colon), line endings included, as latin1 text. */
export function rawValue(raw: Buffer, f: HeaderField): string {
  return raw.toString('latin1', f.valueStart, f.end);
}

/** Unfold a raw header value: drop line endings that precede white space, then trim. */
export function unfold(value: string): string {
  return value.replace(/\r?\n(?=[ \t])/g, '').replace(/\r?\n$/, '').trim();
}

/** Convert CRLF-built text to the block's own line ending. */
export function withEol(text: string, eol: Eol): string {
  return eol === '\r\n' ? text : text.replace(/\r\n/g, '\n');
}

/**
 * A complete header field line: `Name: value` plus EOL, RFC 2047-encoding non-ASCII words and
 * folding at white space so lines stay short.
 */
export async function buildField(name: string, value: string, eol: Eol): Promise<Buffer> {
  const mf = await lazy.mimeFuncs();
  const encoded = /[^\x20-\x7e\t]/.test(value) ? mf.encodeWords(value, 'Q', 52) : value;
  const folded = mf.foldLines(`${name}: ${encoded}`, 76);
  return Buffer.from(withEol(folded.replace(/\r?\n$/, ''), eol) + eol, 'latin1');
}
