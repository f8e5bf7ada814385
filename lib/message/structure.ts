/**
 * The part structure as a reader sees it, compared: between the two readings of one message (the
 * rewriter refuses to edit where they differ) and between a rewrite and its original (checkMime
 * fails a rewrite that changed anything an edit did not make). Scans only, no decoding: linear.
 */
import { listedByEither, scanReading } from './attachments';
import { walk, type MimePart } from './parts';
import { firstBareCr } from './readings';

const where = (p: MimePart) => (p.path ? `part ${p.path}` : 'the root');

/** What a reader makes of each part: its place, type, encoding, name, whether it has a body and holds parts. */
function shape(root: MimePart): string[] {
  return [...walk(root)].map((p) =>
    [p.path, p.contentType, p.encoding, p.disposition ?? '', p.filename ?? '', p.end > p.header.bodyStart, p.children.length].join(
      '\u0001',
    ),
  );
}

/** A header line that is no field: mailparser reads the block on, Python ends it there (the mbox `From ` line aside). */
const oddHeaderLine = (p: MimePart, root: MimePart) => p.header.fields.some((f, i) => f.name === '' && !(i === 0 && p === root));

/** Without a bare CR or a header line that is no field, both readings find the same lines and blocks. */
function readingsMayDiffer(raw: Buffer, root: MimePart): boolean {
  return firstBareCr(raw) >= 0 || [...walk(root)].some((p) => oddHeaderLine(p, root));
}

/**
 * Why the part structure of `raw` is ambiguous (mailparser and Python's `email` read different
 * parts, or a part holds delimiters that only mailparser reads), or undefined. `root` is the
 * rewriter's scan of `raw` (readingOptions(false, false)).
 */
export function ambiguity(raw: Buffer, root: MimePart): string | undefined {
  for (const p of walk(root)) {
    if (!p.multipart && p.children.length) return `${where(p)} is ${p.contentType} with a boundary: only some readers split it`;
  }
  if (!readingsMayDiffer(raw, root)) return undefined;
  const cr = firstBareCr(raw);
  const other = shape(scanReading(raw, true, false));
  const mine = shape(root);
  const differs = other.length !== mine.length || other.some((s, i) => s !== mine[i]);
  if (!differs) return undefined;
  const at = cr >= 0 ? ` (a line ending in a bare CR at byte ${cr})` : ' (a header block holds a line that is not a header field)';
  return `mail readers disagree on its parts${at}`;
}

/**
 * A leaf an edit may change: inline text that no reading lists as an attachment, outside signed
 * or encrypted parts, whose header block every reader ends at the same line.
 */
export function editableText(p: MimePart, root: MimePart): boolean {
  const text = p.contentType === 'text/plain' || p.contentType === 'text/html';
  return text && !p.sealed && !p.multipart && p.children.length === 0 && !listedByEither(p, p === root) && !oddHeaderLine(p, root);
}

/** The note removeAttachments writes in place of a part (its header, as notePart writes it). */
const NOTE_HEADER =
  /^Content-Type: text\/plain; charset=utf-8\r?\nContent-Transfer-Encoding: (?:7bit|quoted-printable)\r?\nContent-Disposition: inline\r?\n\r?\n/;

/**
 * The differences between the structure of `out` and of `original` that no edit makes: a part
 * added, removed, moved or retyped, or the bytes of a part changed that is neither editable text
 * (a footer) nor an attachment replaced by a removal note. The top header block is checked apart.
 */
export function structureChanges(out: Buffer, original: Buffer): string[] {
  const a = scanReading(original, false, false);
  const b = scanReading(out, false, false);
  const before = [...walk(a)];
  const after = [...walk(b)];
  const problems: string[] = [];
  if (before.length !== after.length) problems.push(`the message had ${before.length} part(s) and now has ${after.length}`);
  for (const [i, p] of before.entries()) {
    const q = after[i];
    if (!q || problems.length >= 5) break;
    if (q.path !== p.path || q.children.length !== p.children.length || q.multipart !== p.multipart) {
      problems.push(`${where(p)} (${p.contentType}) is no longer where it was`);
      continue;
    }
    if (p.children.length) continue;
    // The root's header block is the header edits' (checked apart): its body is compared.
    const was = original.subarray(p === a ? p.header.bodyStart : p.header.start, p.end);
    const is = out.subarray(q === b ? q.header.bodyStart : q.header.start, q.end);
    if (was.equals(is)) continue;
    const removed = listedByEither(p, p === a) && NOTE_HEADER.test(is.toString('latin1', 0, 200));
    const footer = editableText(p, a) && q.contentType === p.contentType;
    if (!removed && !footer) problems.push(`${where(p)} (${p.contentType}) changed, and no edit may change it`);
  }
  if (!readingsMayDiffer(original, a) && !readingsMayDiffer(out, b)) return problems;
  const [ra, rb] = [shape(scanReading(original, true, false)).length, shape(scanReading(out, true, false)).length];
  if (ra !== rb) problems.push(`read as Python's email reads it, the message had ${ra} part(s) and now has ${rb}`);
  return problems;
}
