/**
 * MIME checks that WorkMail's PutRawMessageContent applies to replaced content (reference §5.4):
 * line length, multipart structure, immutable headers, unique headers and size. One pass over the
 * bytes: only header blocks become strings; bodies are never decoded or copied.
 */
import { LIMITS } from '../workmail/limits';

export type MimeRule = 'line-length' | 'multipart' | 'immutable-header' | 'unique-header' | 'size';

export interface MimeProblem {
  rule: MimeRule;
  message: string;
}

/** Headers that must keep their values from the original message (reference §5.4 [DESIGN]). */
export const IMMUTABLE_HEADERS: readonly string[] = [
  'Message-ID',
  'From',
  'Sender',
  'Date',
  'Return-Path',
  'Received',
  'DKIM-Signature',
  'MIME-Version',
  'ARC-*',
];

/** Headers that may appear at most once (RFC 5322 §3.6). */
export const UNIQUE_HEADERS: readonly string[] = [
  'Date',
  'From',
  'Sender',
  'Reply-To',
  'To',
  'Cc',
  'Bcc',
  'Message-ID',
  'In-Reply-To',
  'References',
  'Subject',
];

/** Thrown by code that refuses to upload content failing the checks. */
export class MimeCheckError extends Error {
  readonly code = 'MIME_CHECK';
  constructor(
    readonly problems: MimeProblem[],
    where = 'message',
  ) {
    super(
      `${where} fails ${problems.length} MIME check(s) that WorkMail applies before accepting new content: ` +
        problems.map((p) => `[${p.rule}] ${p.message}`).join('; ') +
        '. Fix the edit that produced it (keep lines short, keep immutable headers, close every boundary).',
    );
    this.name = 'MimeCheckError';
  }
}

export interface HeaderField {
  /** Name as written. */
  name: string;
  /** Value unfolded (CRLF before whitespace removed) and trimmed, decoded as latin1 (byte-faithful). */
  value: string;
}

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const MAX_REPORTED = 5;

/** Runs every check; an empty list means WorkMail's known rules are met. */
export function checkMime(raw: Buffer, original?: Buffer): MimeProblem[] {
  const problems: MimeProblem[] = [];
  if (raw.length > LIMITS.maxMimeBytes) {
    problems.push({
      rule: 'size',
      message: `message is ${raw.length} bytes, over the ${LIMITS.maxMimeBytes}-byte MIME limit`,
    });
  }
  const scan = scanMessage(raw);
  problems.push(...scan.problems);
  problems.push(...uniqueHeaderProblems(scan.headers));
  if (original) problems.push(...immutableHeaderProblems(scan.headers, readHeaderBlock(original)));
  return problems;
}

/** Throws MimeCheckError when checkMime finds anything. */
export function assertMime(raw: Buffer, original?: Buffer, where?: string): void {
  const problems = checkMime(raw, original);
  if (problems.length > 0) throw new MimeCheckError(problems, where);
}

/** The top-level header fields of a message (stops at the first empty line). */
export function readHeaderBlock(raw: Buffer): HeaderField[] {
  const lines: string[] = [];
  let start = 0;
  while (start < raw.length) {
    const nl = raw.indexOf(LF, start);
    const end = nl === -1 ? raw.length : nl;
    const contentEnd = end > start && raw[end - 1] === CR ? end - 1 : end;
    if (contentEnd === start) break;
    lines.push(raw.toString('latin1', start, contentEnd));
    if (nl === -1) break;
    start = nl + 1;
  }
  return fieldsOf(lines);
}

function fieldsOf(lines: string[]): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of lines) {
    const first = line.charCodeAt(0);
    if ((first === 0x20 || first === 0x09) && fields.length > 0) {
      const last = fields[fields.length - 1]!;
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // an mbox "From " line or garbage: not a field
    fields.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

function headerValue(fields: HeaderField[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return fields.find((f) => f.name.toLowerCase() === lower)?.value;
}

/** Reads `boundary=` from a Content-Type value (quoted, token, or RFC 2231 `boundary*=charset''value`). */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary(\*)?\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType);
  let b = m?.[2] ?? m?.[3];
  if (b !== undefined && m?.[1] === '*') {
    const tick = b.indexOf("''");
    if (tick !== -1) b = b.slice(tick + 2);
    try {
      b = decodeURIComponent(b);
    } catch {
      /* keep the literal text */
    }
  }
  return b === undefined || b === '' ? undefined : b;
}

interface Frame {
  boundary: string;
  delimiter: Buffer;
  seenDelimiter: boolean;
}

type HeaderKind = 'top' | 'part' | 'embedded';

/** One pass: line lengths, the top header block, and the multipart boundary structure. */
function scanMessage(raw: Buffer): { headers: HeaderField[]; problems: MimeProblem[] } {
  const problems: MimeProblem[] = [];
  let longLines = 0;
  const stack: Frame[] = [];
  let topHeaders: HeaderField[] = [];
  let headerKind: HeaderKind | null = 'top';
  let headerLines: string[] = [];
  let lineNo = 0;
  let start = 0;

  const endHeaderBlock = (): void => {
    const fields = fieldsOf(headerLines);
    headerLines = [];
    if (headerKind === 'top') topHeaders = fields;
    headerKind = null;
    const type = headerValue(fields, 'Content-Type') ?? '';
    const mediaType = type.split(';')[0]!.trim().toLowerCase();
    if (mediaType.startsWith('multipart/')) {
      const boundary = boundaryOf(type);
      if (boundary === undefined) {
        problems.push({ rule: 'multipart', message: `a ${mediaType} part (line ${lineNo}) has no boundary parameter` });
      } else {
        stack.push({ boundary, delimiter: Buffer.from(`--${boundary}`, 'latin1'), seenDelimiter: false });
      }
    } else if (mediaType === 'message/rfc822') {
      const cte = (headerValue(fields, 'Content-Transfer-Encoding') ?? '7bit').toLowerCase();
      if (cte === '7bit' || cte === '8bit' || cte === 'binary') headerKind = 'embedded';
    }
  };

  while (start < raw.length) {
    lineNo++;
    const nl = raw.indexOf(LF, start);
    const end = nl === -1 ? raw.length : nl + 1;
    const octets = end - start;
    if (octets > LIMITS.maxLineOctets) {
      longLines++;
      if (longLines <= MAX_REPORTED) {
        problems.push({
          rule: 'line-length',
          message: `line ${lineNo} is ${octets} octets; the limit is ${LIMITS.maxLineOctets} including CRLF (encode the part quoted-printable or base64)`,
        });
      }
    }
    let contentEnd = nl === -1 ? raw.length : nl;
    if (contentEnd > start && raw[contentEnd - 1] === CR) contentEnd--;

    let handled = false;
    if (stack.length > 0 && headerKind !== 'top' && raw[start] === DASH && raw[start + 1] === DASH) {
      handled = matchDelimiter(raw, start, contentEnd, stack, problems, lineNo, (kind) => {
        if (headerKind !== null) headerLines = [];
        headerKind = kind;
      });
    }
    if (!handled && headerKind !== null) {
      if (contentEnd === start) endHeaderBlock();
      else headerLines.push(raw.toString('latin1', start, contentEnd));
    }
    start = end;
  }
  if (headerKind !== null) endHeaderBlock();

  if (longLines > MAX_REPORTED) {
    problems.push({ rule: 'line-length', message: `${longLines - MAX_REPORTED} more line(s) over ${LIMITS.maxLineOctets} octets` });
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    const f = stack[i]!;
    problems.push({
      rule: 'multipart',
      message: f.seenDelimiter
        ? `boundary "${f.boundary}" is opened but never closed (missing "--${f.boundary}--")`
        : `boundary "${f.boundary}" is declared but no part uses it`,
    });
  }
  return { headers: topHeaders, problems };
}

/** Handles a line starting with "--" when boundaries are open; true when it was a delimiter. */
function matchDelimiter(
  raw: Buffer,
  start: number,
  contentEnd: number,
  stack: Frame[],
  problems: MimeProblem[],
  lineNo: number,
  enterHeaders: (kind: HeaderKind | null) => void,
): boolean {
  for (let i = stack.length - 1; i >= 0; i--) {
    const frame = stack[i]!;
    const d = frame.delimiter;
    if (contentEnd - start < d.length || raw.compare(d, 0, d.length, start, start + d.length) !== 0) continue;
    let p = start + d.length;
    const close = p + 1 < contentEnd && raw[p] === DASH && raw[p + 1] === DASH;
    if (close) p += 2;
    while (p < contentEnd && (raw[p] === 0x20 || raw[p] === 0x09)) p++;
    if (p !== contentEnd) continue; // a longer line that merely starts with the boundary
    while (stack.length - 1 > i) {
      const inner = stack.pop()!;
      problems.push({
        rule: 'multipart',
        message: `boundary "${inner.boundary}" is not closed before line ${lineNo} continues the enclosing boundary "${frame.boundary}"`,
      });
    }
    if (close) {
      if (!frame.seenDelimiter) {
        problems.push({ rule: 'multipart', message: `boundary "${frame.boundary}" is closed at line ${lineNo} without any part` });
      }
      stack.pop();
      enterHeaders(null);
    } else {
      frame.seenDelimiter = true;
      enterHeaders('part');
    }
    return true;
  }
  return false;
}

function uniqueHeaderProblems(headers: HeaderField[]): MimeProblem[] {
  const problems: MimeProblem[] = [];
  for (const name of UNIQUE_HEADERS) {
    const lower = name.toLowerCase();
    const count = headers.filter((h) => h.name.toLowerCase() === lower).length;
    if (count > 1) problems.push({ rule: 'unique-header', message: `${name} appears ${count} times; it may appear at most once` });
  }
  return problems;
}

function isImmutable(name: string): boolean {
  const lower = name.toLowerCase();
  return IMMUTABLE_HEADERS.some((h) =>
    h.endsWith('*') ? lower.startsWith(h.slice(0, -1).toLowerCase()) : lower === h.toLowerCase(),
  );
}

function immutableHeaderProblems(now: HeaderField[], before: HeaderField[]): MimeProblem[] {
  const group = (fields: HeaderField[]): Map<string, { name: string; values: string[] }> => {
    const m = new Map<string, { name: string; values: string[] }>();
    for (const f of fields) {
      if (!isImmutable(f.name)) continue;
      const key = f.name.toLowerCase();
      const entry = m.get(key) ?? { name: f.name, values: [] };
      entry.values.push(f.value.replace(/\s+/g, ' '));
      m.set(key, entry);
    }
    return m;
  };
  const a = group(before);
  const b = group(now);
  const problems: MimeProblem[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(key);
    const is = b.get(key);
    const name = (was ?? is)!.name;
    if (!was) problems.push({ rule: 'immutable-header', message: `${name} was added; it is immutable and must stay as in the original` });
    else if (!is) problems.push({ rule: 'immutable-header', message: `${name} was removed; it is immutable and must stay as in the original` });
    else if (was.values.length !== is.values.length) {
      problems.push({ rule: 'immutable-header', message: `${name} appears ${is.values.length} time(s), the original had ${was.values.length}; it is immutable` });
    } else if (was.values.some((v, i) => v !== is.values[i])) {
      problems.push({ rule: 'immutable-header', message: `${name} was changed; it is immutable and must stay as in the original` });
    }
  }
  return problems;
}
