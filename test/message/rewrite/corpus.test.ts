/**
 * Every message of the shared corpus, rewritten with tagSubject + appendFooter: the MIME checks hold
 * (no problem the original did not already have), mailparser reads it, the subject carries the tag,
 * every part the footer may not edit is byte-identical (read back by mailsplit's own Splitter), and a
 * second rewrite returns exactly the first result.
 */
import { checkMime } from '../../../lib/message/check';
import { appendFooter, rewriteMessage, RewriteError, tagSubject } from '../../../lib/message/rewrite';
import { corpusFiles, load, rel } from './corpus';
import { expectUntouchedPartsIdentical } from './invariants';

const EDITS = [
  tagSubject('[EXTERNAL]'),
  appendFooter({ text: 'This message came from outside.', html: '<p>This message came from outside.</p>' }),
];

/** Messages whose text/html root carries a boundary parameter mailsplit honours and we (like RFC 2046) do not. */
const SPLITTER_DISAGREES = new Set(['peer/mailparser/fixtures/spam.eml', 'peer/cpython/msg_40.txt']);

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

  test('is rewritten, or refused with a RewriteError (then delivered unchanged)', () => {
    if (failure) expect(failure).toBeInstanceOf(RewriteError);
    else expect(result!.changed).toBe(true);
  });

  test('adds no MIME problem the original did not have', () => {
    if (!result) return;
    const before = checkMime(original).map((p) => p.rule);
    const after = checkMime(result.raw, original);
    for (const p of after) expect(before).toContain(p.rule);
    if (before.length === 0) expect(after).toEqual([]);
  });

  test('parses with mailparser, and the subject carries the tag', async () => {
    if (!result) return;
    const { simpleParser } = await import('mailparser');
    const parsed = await simpleParser(result.raw);
    expect(parsed.subject ?? '').toMatch(/^\[EXTERNAL\]/);
  });

  test('leaves every part the edits may not touch byte-identical', async () => {
    if (!result || SPLITTER_DISAGREES.has(name)) return;
    await expectUntouchedPartsIdentical(original, result.raw);
  });

  test('a second rewrite returns exactly the first result', async () => {
    if (!result) return;
    const again = await rewriteMessage(result.raw, EDITS);
    expect(again.changed).toBe(false);
    expect(again.raw.equals(result.raw)).toBe(true);
  });
});
