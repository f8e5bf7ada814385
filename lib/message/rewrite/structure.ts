/**
 * The MIME tree of a message as byte ranges. Each header block is parsed by mailsplit's MimeNode
 * (content type, charset, transfer encoding, disposition, filename, boundary: the same reading the
 * Splitter gives); delimiter lines are found by jumping with Buffer#indexOf from one line that starts with `--` to
 * the next, so large bodies (base64 never contains `-`) are not walked byte by byte in JavaScript.
 * The delimiter rules are the Splitter's (message-splitter.js checkBoundary): a line `--boundary` or
 * `--boundary--`, optional SP/HTAB, then the line ending; the line ending before a delimiter belongs
 * to it; the innermost open multipart's own boundary is tried first (not in its epilogue), then
 * every enclosing one, whose delimiter ends the inner parts; a closing delimiter before the first
 * part is preamble. Deliberate differences: a boundary parameter counts only on multipart types,
 * parts of a multipart/digest default to message/rfc822 (RFC 2046 5.1.5), and a part cut short by
 * a delimiter before its header block ended is kept (header only) rather than dropped.
 * Attached messages (message/rfc822) are leaves: the rewriter never edits inside them.
 */
import { RewriteError } from './errors';
import { findHeaderBlock, type HeaderBlock } from './headers';
import * as lazy from './lazy';

export interface MimePart {
  /** IMAP-style part path: '' for the root, '1', '1.2', … */
  path: string;
  header: HeaderBlock;
  /** Byte after the part's body. */
  end: number;
  contentType: string;
  /** Whether a Content-Type header is present (otherwise the type is a default). */
  hasContentType: boolean;
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
}

export const MAX_PARTS = 1000;
export const MAX_DEPTH = 50;

const LF = 0x0a;
const CR = 0x0d;
const NL_DASH = Buffer.from('\n--');

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

/** Parse the MIME tree of `raw`. Throws RewriteError when the structure is beyond the limits. */
export async function scanMessage(raw: Buffer): Promise<MimePart> {
  const { MimeNode } = await lazy.mailsplit();
  return new Scanner(raw, MimeNode).run();
}

class Scanner {
  private parts = 0;
  constructor(private readonly raw: Buffer, private readonly MimeNode: MimeNodeCtor) {}

  run(): MimePart {
    const raw = this.raw;
    const rootCtx = this.open(0, undefined);
    let cur = rootCtx;
    let pos = Math.max(1, rootCtx.part.header.bodyStart);
    for (;;) {
      const idx = raw.indexOf(NL_DASH, pos - 1);
      if (idx < 0) break;
      const lineStart = idx + 1;
      const m = this.match(lineStart, cur);
      if (!m) {
        pos = lineStart + 1;
        continue;
      }
      let dStart = lineStart - 1;
      if (raw[dStart - 1] === CR) dStart--;
      if (m.kind === 1) {
        cur = this.open(m.lineEnd, cur);
      } else if (m.kind === 3 || m.kind === 4) {
        for (let c: Ctx | undefined = cur; c && c !== m.owner; c = c.parent) c.part.end = Math.max(dStart, c.part.header.bodyStart);
        if (m.kind === 3) cur = this.open(m.lineEnd, m.owner);
        else {
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

  /** Start a part at `start` under `parent`, reading its header block. */
  private open(start: number, parent: Ctx | undefined): Ctx {
    if (++this.parts > MAX_PARTS) throw new RewriteError(`more than ${MAX_PARTS} MIME parts; not editable`);
    const depth = parent ? parent.depth + 1 : 0;
    if (depth > MAX_DEPTH) throw new RewriteError(`MIME parts nested deeper than ${MAX_DEPTH}; not editable`);
    const raw = this.raw;
    let header = findHeaderBlock(raw, start, raw.length);
    if (parent) {
      // A delimiter of an enclosing multipart inside the header block cuts the block short.
      const probe: Ctx = { part: { header: { start } } as MimePart, epilogue: true, parent, depth };
      const head = raw.subarray(0, header.bodyStart); // search the header block only, never the body
      let p = start;
      while (p < header.bodyStart) {
        const idx = p === start && raw[p] === 0x2d && raw[p + 1] === 0x2d ? start - 1 : head.indexOf(NL_DASH, p - 1);
        if (idx < 0 || idx + 1 >= header.bodyStart) break;
        if (this.match(idx + 1, probe)) {
          let cut = idx;
          if (cut > start && raw[cut - 1] === CR) cut--;
          header = findHeaderBlock(raw, start, Math.max(cut, start));
          break;
        }
        p = idx + 2;
      }
    }
    const node = new this.MimeNode(false);
    if (header.bodyStart > start) node.addHeaderChunk(raw.subarray(start, header.bodyStart));
    node.parseHeaders();
    const ppart = parent?.part;
    const hasContentType = header.fields.some((f) => f.name === 'content-type');
    let contentType = node.contentType || 'text/plain';
    if (!hasContentType && ppart?.multipart === 'digest') contentType = 'message/rfc822';
    const multipart = contentType.startsWith('multipart/') ? contentType.slice('multipart/'.length) : undefined;
    const part: MimePart = {
      path: '',
      header,
      end: header.bodyStart,
      contentType,
      hasContentType,
      ...(node.charset ? { charset: node.charset } : {}),
      encoding: node.encoding || '',
      ...(node.disposition ? { disposition: node.disposition } : {}),
      ...(node.filename ? { filename: node.filename } : {}),
      ...(multipart ? { multipart } : {}),
      children: [],
      sealed: Boolean(ppart?.sealed) || multipart === 'signed' || multipart === 'encrypted',
    };
    ppart?.children.push(part);
    const boundary = multipart && node._boundary ? node._boundary : undefined;
    return { part, ...(boundary ? { boundary } : {}), epilogue: false, ...(parent ? { parent } : {}), depth };
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
    let close = false;
    if (raw[j] === 0x2d && j < raw.length) {
      if (raw[j + 1] !== 0x2d || j + 1 >= raw.length) return undefined;
      close = true;
      j += 2;
    }
    while (j < raw.length && (raw[j] === 0x20 || raw[j] === 0x09)) j++;
    while (j < raw.length && raw[j] === CR) j++;
    if (j < raw.length) {
      if (raw[j] !== LF) return undefined;
      j++;
    } else if (!close) {
      return undefined; // only a closing delimiter may end the input without a line ending
    }
    return { close, lineEnd: j };
  }
}

/** Drop empty parts (two delimiters in a row) and number the rest, IMAP style. */
function prune(part: MimePart, path: string): void {
  part.path = path;
  part.children = part.children.filter((c) => c.end > c.header.start);
  part.children.forEach((c, i) => prune(c, path ? `${path}.${i + 1}` : String(i + 1)));
}

/** Every part, depth first, in document order. */
export function* walk(part: MimePart): Generator<MimePart> {
  yield part;
  for (const c of part.children) yield* walk(c);
}
