/**
 * Fuzzing the rewriter with hostile bytes (bounded, runs in CI with `npm test`): real messages with
 * tokens spliced in at random offsets (boundaries, folds, comments, raw-text tags, NUL, very long
 * lines, encoded words, invalid types). Whatever comes in: no untyped exception, no MIME problem
 * the input did not have, every byte outside the edits kept, and a second rewrite changes nothing.
 */
import fc from 'fast-check';
import { checkMime } from '../../../lib/message/check';
import { scanParts, walk } from '../../../lib/message/parts';
import { appendFooter, rewriteMessage, RewriteError, tagSubject } from '../../../lib/message/rewrite';
import { corpusFiles, load, rel } from './corpus';
import { HOSTILE_TOKENS as TOKENS, splice } from '../../fixtures/hostile-tokens';

const EDITS = [tagSubject('[EXTERNAL]'), appendFooter({ text: 'Sent from outside.', html: '<p>Sent from outside.</p>' })];

/**
 * Every byte outside what the edits may change (the top header block, the text body parts) is in
 * the result, in order. Independent of which reader judges: hostile structures are read
 * differently by different parsers, so the ranges come from the input as the rewriter reads it.
 */
function expectOutsideKept(original: Buffer, result: Buffer): void {
  const root = scanParts(original);
  const editable: [number, number][] = [[root.header.start, root.header.bodyStart]];
  for (const p of walk(root)) {
    const text = p.contentType === 'text/plain' || p.contentType === 'text/html';
    if (p.children.length === 0 && text) editable.push([p.header.start, p.end]);
  }
  editable.sort((a, b) => a[0] - b[0]);
  let from = 0;
  let pos = 0;
  for (const [s, e] of [...editable, [original.length, original.length] as [number, number]]) {
    if (s > pos) {
      const kept = original.subarray(pos, s);
      const found = result.indexOf(kept, from);
      expect({ region: [pos, s], found: found >= 0 }).toEqual({ region: [pos, s], found: true });
      from = found + kept.length;
    }
    pos = Math.max(pos, e);
  }
}

describe('fuzzing the rewriter with spliced hostile tokens', () => {
  const names = [
    'peer/mailparser/fixtures/nested.eml',
    'peer/cpython/msg_38.txt',
    'peer/mailparser/mail.eml',
    'peer/postal-mime/mimetorture.eml',
  ];
  const base = names.map((n) => load(corpusFiles().find((f) => rel(f) === n)!));

  test('never throws untyped, never adds a MIME problem, keeps untouched bytes, is idempotent', async () => {
    const splices = fc.record({ at: fc.nat(), token: fc.constantFrom(...TOKENS), cut: fc.nat({ max: 8 }) });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: base.length - 1 }), fc.array(splices, { minLength: 1, maxLength: 6 }), async (which, edits) => {
        const raw = splice(base[which]!, edits);
        const before = checkMime(raw);
        let r;
        try {
          r = await rewriteMessage(raw, EDITS);
        } catch (err) {
          expect(err).toBeInstanceOf(RewriteError);
          return;
        }
        const known = new Set(before.map((p) => p.rule));
        for (const p of checkMime(r.raw, raw)) if (p.rule !== 'immutable-header') expect(known.has(p.rule)).toBe(true);
        expect(checkMime(r.raw, raw).filter((p) => p.rule === 'immutable-header')).toEqual([]);
        expectOutsideKept(raw, r.raw);
        expect((await rewriteMessage(r.raw, EDITS)).changed).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
