/**
 * The one part-tree scanner of lib/message: the MIME tree as byte ranges, header blocks read by
 * headers.ts and mailsplit's MimeNode, delimiter lines found by Buffer#indexOf jumps. Delimiters as
 * mailsplit's Splitter reads them (`--b` or `--b--`, SP/HTAB, the line ending; innermost boundary
 * first; a close before the first part is preamble); unlike it, only on multipart types, digest parts
 * default to message/rfc822, a part cut inside its header is kept. Attached messages are leaves
 * unless `embedded` (7bit/8bit/binary ones). Linear; the limits give a MimeLimitError.
 */
import { findHeaderBlock, type HeaderBlock } from './headers';
import { mailsplit } from './libs';
import { WorkMailRulesError } from '../workmail/errors';

/** The structure is beyond what the reader accepts (too many parts, too deep, a huge header block). */
export class MimeLimitError extends WorkMailRulesError {
  readonly code = 'MIME_LIMIT' as const;
  override readonly name = 'MimeLimitError';
}

/** How a multipart's boundary was used, for the MIME checks. */
export interface Delimiting {
  /** The boundary parameter (absent: none, or not usable). */
  boundary?: string;
  /** Part delimiters seen. */
  delimiters: number;
  /** The closing delimiter was seen. */
  closed: boolean;
  /** A closing delimiter came before any part. */
  closedEmpty: boolean;
  /** An enclosing boundary continued while this one was open. */
  interrupted: boolean;
  /** Where the first delimiter line of this boundary starts (the preamble ends there, with its line ending). */
  firstDelimiter?: number;
  /** Whether that first delimiter line is a closing one (`--boundary--`). */
  firstCloses?: boolean;
}

export interface MimePart {
  /** IMAP-style part path: '' for the root, '1', '1.2', … */
  path: string;
  header: HeaderBlock;
  /** Byte after the part's body. */
  end: number;
  /** The delimiter line that ended it: the next part's, or a closing one (absent: the input ended). */
  endedBy?: 'next' | 'close';
  contentType: string;
  /** Whether a Content-Type header is present (otherwise the type is a default). */
  hasContentType: boolean;
  /** The type as mailsplit's MimeNode reads it (mailparser's notion): no RFC 2045 or digest default, maybe no subtype. */
  nodeType: string | false;
  charset?: string;
  /** Lower-cased Content-Transfer-Encoding, '' when absent. */
  encoding: string;
  disposition?: string;
  filename?: string;
  /** Multipart subtype (`mixed`, `alternative`, …) when the part has children. */
  multipart?: string;
  children: MimePart[];
  /** Inside (or being) multipart/signed or multipart/encrypted: must not change. */
  sealed: boolean;
  /** On multiparts: how the boundary was used. */
  delimiting?: Delimiting;
  /** An attached message the scan opened: its one child is the message's root part. */
  opened?: true;
}

export const MAX_PARTS = 1000;
export const MAX_DEPTH = 50;
/** Largest header block read (mailsplit's own default limit). */
export const MAX_HEADER_BYTES = 1024 * 1024;
const headerTooLong = (start: number) => new MimeLimitError(`a header block at byte ${start} has no end within ${MAX_HEADER_BYTES} bytes`);
const LF = 0x0a;
const CR = 0x0d;
const DASH_DASH = Buffer.from('--');
/** Transfer encodings that leave the bytes as they are ('' is none given). */
export const IDENTITY: readonly string[] = ['', '7bit', '8bit', 'binary'];

type MimeNodeCtor = typeof import('@zone-eu/mailsplit').MimeNode;

interface Ctx {
  part: MimePart;
  boundary?: Buffer;
  epilogue: boolean;
  parent?: Ctx;
  depth: number;
}

interface LineMatch {
  kind: 1 | 2 | 3 | 4;
  owner: Ctx;
  lineEnd: number;
}

export interface ScanOptions {
  /** true opens attached messages sent 7bit/8bit/binary; a function decides for each part. */
  embedded?: boolean | ((part: MimePart) => boolean);
  /** Delimiters of a boundary parameter on any type, not only multipart ones (as mailsplit reads them). */
  anyBoundary?: boolean;
  /** Header blocks end before a line that is no header line, as Python's `email` reads them. */
  pythonHeaders?: boolean;
}

/** Parse the MIME tree of `raw`. Throws MimeLimitError when the structure is beyond the limits. */
export function scanParts(raw: Buffer, options: ScanOptions = {}): MimePart {
  return new Scanner(
    raw,
    mailsplit().MimeNode,
    options.embedded ?? false,
    options.anyBoundary === true,
    options.pythonHeaders === true,
  ).run();
}

class Scanner {
  private parts = 0;
  constructor(
    private readonly raw: Buffer,
    private readonly MimeNode: MimeNodeCtor,
    private readonly embedded: boolean | ((part: MimePart) => boolean),
    private readonly anyBoundary: boolean,
    private readonly pythonHeaders: boolean,
  ) {}

  run(): MimePart {
    const raw = this.raw;
    let cur = this.open(0, undefined);
    let rootCtx = cur;
    while (rootCtx.parent) rootCtx = rootCtx.parent;
    let pos = Math.max(1, cur.part.header.bodyStart);
    for (;;) {
      const lineStart = this.nextDashLine(pos);
      if (lineStart < 0) break;
      const m = this.match(lineStart, cur);
      if (!m) {
        pos = lineStart + 1;
        continue;
      }
      // The line ending before the delimiter belongs to it (and the bare CR mailsplit allows there).
      let dStart = raw[lineStart - 1] === CR ? lineStart - 2 : lineStart - 1;
      if (raw[dStart - 1] === CR) dStart--;
      const d = m.owner.part.delimiting!;
      if (m.kind <= 2 && d.firstDelimiter === undefined) {
        d.firstDelimiter = Math.max(raw[lineStart - 1] === CR ? lineStart - 1 : lineStart, m.owner.part.header.bodyStart);
        d.firstCloses = m.kind === 2;
      }
      if (m.kind === 1) {
        d.delimiters++;
        cur = this.open(m.lineEnd, cur);
      } else if (m.kind === 2) {
        d.closedEmpty = true;
      } else {
        for (let c: Ctx | undefined = cur; c && c !== m.owner; c = c.parent) {
          c.part.end = Math.max(dStart, c.part.header.bodyStart);
          c.part.endedBy = m.kind === 4 ? 'close' : 'next';
          if (c.boundary && !c.epilogue) c.part.delimiting!.interrupted = true;
        }
        if (m.kind === 3) {
          d.delimiters++;
          cur = this.open(m.lineEnd, m.owner);
        } else {
          d.closed = true;
          m.owner.epilogue = true;
          cur = m.owner;
        }
      }
      pos = Math.max(m.lineEnd, cur.part.header.bodyStart, 1);
    }
    for (let c: Ctx | undefined = cur; c; c = c.parent) c.part.end = raw.length;
    prune(rootCtx.part, '');
    return rootCtx.part;
  }

  /**
   * The first `--` at or after `pos` (≥ 1) that starts a line, or -1 (a base64 body has no `-`: one
   * jump). As mailsplit reads lines, one bare CR may stand between the line start and the `--`.
   */
  private nextDashLine(pos: number): number {
    const raw = this.raw;
    for (;;) {
      const idx = raw.indexOf(DASH_DASH, pos);
      if (idx < 0 || raw[idx - 1] === LF || (raw[idx - 1] === CR && (idx === 1 || raw[idx - 2] === LF))) return idx;
      const nl = raw.indexOf(LF, idx + 2); // a `--` inside a line: go on from the next line
      if (nl < 0) return -1;
      pos = nl + 1;
    }
  }

  /** Start a part at `start` under `parent`, reading its header block. */
  private open(start: number, parent: Ctx | undefined): Ctx {
    if (++this.parts > MAX_PARTS) throw new MimeLimitError(`more than ${MAX_PARTS} MIME parts`);
    const depth = parent ? parent.depth + 1 : 0;
    if (depth > MAX_DEPTH) throw new MimeLimitError(`MIME parts nested deeper than ${MAX_DEPTH}`);
    const raw = this.raw;
    const header = findHeaderBlock(raw, start, parent ? this.headerLimit(start, parent, depth) : raw.length, this.pythonHeaders);
    if (header.end - start > MAX_HEADER_BYTES) throw headerTooLong(start);
    const node = new this.MimeNode(false);
    if (header.bodyStart > start) node.addHeaderChunk(raw.subarray(start, header.bodyStart));
    node.parseHeaders();
    const ppart = parent?.part;
    const hasContentType = header.fields.some((f) => f.name === 'content-type');
    // RFC 2045 §5.2: a missing type, or one without a subtype (`text`), is text/plain.
    let contentType = node.contentType && /^[^/]+\/./.test(node.contentType) ? node.contentType : 'text/plain';
    if (!hasContentType && ppart?.multipart === 'digest') contentType = 'message/rfc822';
    const multipart = contentType.startsWith('multipart/') ? contentType.slice('multipart/'.length) : undefined;
    const part: MimePart = {
      path: '',
      header,
      end: header.bodyStart,
      contentType,
      hasContentType,
      nodeType: node.contentType,
      ...(node.charset ? { charset: node.charset } : {}),
      encoding: node.encoding || '',
      ...(node.disposition ? { disposition: node.disposition } : {}),
      ...(node.filename ? { filename: node.filename } : {}),
      ...(multipart ? { multipart } : {}),
      children: [],
      sealed: Boolean(ppart?.sealed) || multipart === 'signed' || multipart === 'encrypted',
    };
    ppart?.children.push(part);
    const boundary = (multipart || this.anyBoundary) && node._boundary ? node._boundary : undefined;
    if (multipart || boundary) {
      const b = boundary?.toString('latin1');
      part.delimiting = { ...(b ? { boundary: b } : {}), delimiters: 0, closed: false, closedEmpty: false, interrupted: false };
    }
    const ctx: Ctx = { part, ...(boundary ? { boundary } : {}), epilogue: false, ...(parent ? { parent } : {}), depth };
    const opens =
      typeof this.embedded === 'function'
        ? this.embedded(part)
        : this.embedded && contentType === 'message/rfc822' && IDENTITY.includes(part.encoding);
    if (!opens) return ctx;
    part.opened = true;
    return this.open(header.bodyStart, ctx);
  }

  /** Where the header block at `start` may end (an enclosing delimiter cuts it short); each byte read once. */
  private headerLimit(start: number, parent: Ctx, depth: number): number {
    const raw = this.raw;
    const probe: Ctx = { part: { header: { start } } as MimePart, epilogue: true, parent, depth };
    for (let p = start; p < raw.length; ) {
      if (p - start > MAX_HEADER_BYTES) throw headerTooLong(start);
      if (raw[p] === LF || (raw[p] === CR && raw[p + 1] === LF)) break;
      const dash = raw[p] === CR && raw[p + 1] === 0x2d ? p + 1 : p; // one bare CR may come first
      if (raw[dash] === 0x2d && raw[dash + 1] === 0x2d && this.match(dash, probe)) {
        return p === start ? start : raw[p - 2] === CR && p - 2 >= start ? p - 2 : p - 1;
      }
      const nl = raw.indexOf(LF, p);
      if (nl < 0) break;
      p = nl + 1;
    }
    return raw.length;
  }

  /** Is the line at `lineStart` a delimiter for the innermost open part or one enclosing it? */
  private match(lineStart: number, cur: Ctx): LineMatch | undefined {
    if (cur.boundary && !cur.epilogue) {
      const r = this.compare(lineStart, cur.boundary);
      if (r) return { kind: r.close ? 2 : 1, owner: cur, lineEnd: r.lineEnd };
    }
    for (let o = cur.parent; o; o = o.parent) {
      if (!o.boundary) continue;
      const r = this.compare(lineStart, o.boundary);
      if (r) return { kind: r.close ? 4 : 3, owner: o, lineEnd: r.lineEnd };
    }
    return undefined;
  }

  private compare(lineStart: number, boundary: Buffer): { close: boolean; lineEnd: number } | undefined {
    const raw = this.raw;
    let j = lineStart + 2;
    if (j + boundary.length > raw.length || raw.compare(boundary, 0, boundary.length, j, j + boundary.length) !== 0) return undefined;
    j += boundary.length;
    const close = raw[j] === 0x2d && raw[j + 1] === 0x2d;
    if (close) j += 2;
    else if (raw[j] === 0x2d) return undefined;
    while (raw[j] === 0x20 || raw[j] === 0x09) j++;
    while (raw[j] === CR) j++;
    // Only a closing delimiter may end the input without a line ending.
    if (j < raw.length ? raw[j++] !== LF : !close) return undefined;
    return { close, lineEnd: j };
  }
}

/** Drop empty parts (two delimiters in a row) and number the rest, IMAP style. */
function prune(part: MimePart, path: string): void {
  part.path = path;
  part.children = part.children.filter((c) => c.end > c.header.start);
  for (const [i, c] of part.children.entries()) prune(c, path ? `${path}.${i + 1}` : String(i + 1));
}

/** Every part, depth first, in document order. */
export function* walk(part: MimePart): Generator<MimePart> {
  yield part;
  for (const c of part.children) yield* walk(c);
}
