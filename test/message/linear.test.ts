/**
 * Hostile sizes on every path that reads message bytes: a header folded over 100 000 lines is
 * checked, read and rewritten (a quadratic reader took 30 s here and hit the test timeout). The
 * times are in bench/rewrite/linear.ts; here only the outcomes are asserted.
 */
import { checkMime } from '../../lib/message/check';
import { findHeaderBlock, readHeaders } from '../../lib/message/headers';
import { MAX_DEPTH, MimeLimitError, scanParts } from '../../lib/message/parts';
import { appendFooter, rewriteMessage, setHeader, tagSubject } from '../../lib/message/rewrite';
import { foldedMessage } from '../../bench/rewrite/linear';

describe('100 000 folded header lines', () => {
  const raw = foldedMessage(100_000);

  test('pass the MIME checks, and the header reader unfolds the value', () => {
    expect(checkMime(raw, raw)).toEqual([]);
    const subject = readHeaders(raw).find((h) => h.name === 'Subject')!.value;
    expect(subject).toBe(`start${' word'.repeat(100_000)}`);
    expect(findHeaderBlock(raw).fields.map((f) => f.name)).toEqual(['from', 'message-id', 'subject', 'content-type']);
  });

  test('are rewritten: tagged, footered, every other byte kept, and the result passes the checks', async () => {
    const r = await rewriteMessage(raw, [tagSubject('[EXTERNAL]'), appendFooter({ text: 'Sent from outside.' }), setHeader('X-Note', 'n')]);
    expect(r.changed).toBe(true);
    const out = r.raw.toString('latin1');
    expect(out.startsWith('From: a@example.com\r\nMessage-ID: <m@example.com>\r\nSubject: [EXTERNAL] start\r\n word\r\n')).toBe(true);
    expect(out).toContain(`${' word\r\n'.repeat(100_000)}Content-Type: text/plain\r\nX-Note: n\r\n\r\nHello.\r\n`);
    expect(out.endsWith('Sent from outside.\r\n')).toBe(true);
    expect(checkMime(r.raw, raw)).toEqual([]);
  });
});

describe('structure bounds give a typed error and a documented outcome', () => {
  const nested = (depth: number) => {
    let s = 'From: a@example.com\r\n';
    for (let i = 0; i < depth; i++) s += `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n`;
    return Buffer.from(`${s}Content-Type: text/plain\r\n\r\nx\r\n`);
  };
  test('parts nested deeper than the limit: MimeLimitError; the check reports it, the rewriter refuses', async () => {
    const raw = nested(MAX_DEPTH + 5);
    expect(() => scanParts(raw)).toThrow(MimeLimitError);
    expect(checkMime(raw).map((p) => p.rule)).toContain('size');
    await expect(rewriteMessage(raw, [appendFooter({ text: 'f' })])).rejects.toMatchObject({ code: 'REWRITE' });
  });
  test('10 000 lines starting with "--" inside a part with open boundaries are read once each', () => {
    const body = '--not-a-boundary\r\n'.repeat(10_000);
    const raw = Buffer.from(
      `From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n${body}--b--\r\n`,
    );
    const root = scanParts(raw);
    expect(root.children).toHaveLength(1);
    expect(checkMime(raw)).toEqual([]);
  });
});
