/**
 * Every message of the shared corpus, rewritten with tagSubject + appendFooter: the MIME checks hold
 * (no problem the original did not already have), mailparser reads it, the subject carries the tag,
 * every part the footer may not edit is byte-identical (read back by mailsplit's own Splitter), and a
 * second rewrite returns exactly the first result.
 */
import { checkMime } from '../../../lib/message/check';
import { appendFooter, rewriteMessage, RewriteError, tagSubject } from '../../../lib/message/rewrite';
import { corpusFiles, load, rel, splitWithMailsplit, type SplitNode } from './corpus';

const EDITS = [tagSubject('[EXTERNAL]'), appendFooter({ text: 'This message came from outside.', html: '<p>This message came from outside.</p>' })];

/** Messages whose text/html root carries a boundary parameter mailsplit honours and we (like RFC 2046) do not. */
const SPLITTER_DISAGREES = new Set(['peer/mailparser/fixtures/spam.eml', 'peer/cpython/msg_40.txt']);

/** Header lines of a block, unfolded, minus the ones an edit may change. */
function headerLinesExcept(block: Buffer, names: string[]): string[] {
  const text = block.toString('latin1').replace(/\r?\n(?=[ \t])/g, '');
  return text.split(/\r?\n/).filter((l) => !names.some((n) => l.toLowerCase().startsWith(`${n}:`)));
}

const isEditableText = (n: SplitNode) => {
  const h = n.headers.toString('latin1').toLowerCase();
  return (n.contentType === 'text/plain' || n.contentType === 'text/html' || n.contentType === '') && !/content-disposition:\s*attachment/.test(h);
};

describe.each(corpusFiles().map((f) => [rel(f), f]))('%s', (name, file) => {
  const original = load(file);
  let result: Awaited<ReturnType<typeof rewriteMessage>> | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      result = await rewriteMessage(original, EDITS);
    } catch (err) {
      failure = err;
    }
  });

  it('is rewritten, or refused with a RewriteError (then delivered unchanged)', () => {
    if (failure) expect(failure).toBeInstanceOf(RewriteError);
    else expect(result!.changed).toBe(true);
  });

  it('adds no MIME problem the original did not have', () => {
    if (!result) return;
    const before = checkMime(original).map((p) => p.rule);
    const after = checkMime(result.raw, original);
    for (const p of after) expect(before).toContain(p.rule);
    if (before.length === 0) expect(after).toEqual([]);
  });

  it('parses with mailparser, and the subject carries the tag', async () => {
    if (!result) return;
    const { simpleParser } = await import('mailparser');
    const parsed = await simpleParser(result.raw);
    expect(parsed.subject ?? '').toMatch(/^\[EXTERNAL\]/);
  });

  it('leaves every part the edits may not touch byte-identical', async () => {
    if (!result || SPLITTER_DISAGREES.has(name)) return;
    const a = await splitWithMailsplit(original);
    const b = await splitWithMailsplit(result.raw);
    expect(b.length).toBe(a.length);
    a.forEach((n, i) => {
      // A footer added to an empty body ends with a line ending, which the Splitter then counts as
      // the start of the next delimiter line: forgive exactly that, nothing else.
      const structure = (x: SplitNode) => x.dataChunks.map((c) => c.toString('latin1').replace(/^\r?\n(?=--)/, '')).join('');
      expect(structure(b[i]!)).toBe(structure(n));
      const root = i === 0;
      if (isEditableText(n)) {
        // the footer may re-encode a text part and change its Content-Type charset and CTE
        const changeable = ['content-type', 'content-transfer-encoding', ...(root ? ['subject'] : [])];
        expect(headerLinesExcept(b[i]!.headers, changeable)).toEqual(headerLinesExcept(n.headers, changeable));
        return;
      }
      if (root) expect(headerLinesExcept(b[i]!.headers, ['subject'])).toEqual(headerLinesExcept(n.headers, ['subject']));
      else expect(b[i]!.headers.toString('latin1')).toBe(n.headers.toString('latin1'));
      expect(b[i]!.body.toString('latin1')).toBe(n.body.toString('latin1'));
    });
  });

  it('a second rewrite returns exactly the first result', async () => {
    if (!result) return;
    const again = await rewriteMessage(result.raw, EDITS);
    expect(again.changed).toBe(false);
    expect(again.raw.equals(result.raw)).toBe(true);
  });
});
