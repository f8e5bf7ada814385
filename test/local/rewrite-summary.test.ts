import * as fs from 'node:fs';
import * as path from 'node:path';
import { leafParts, summarizeRewrite, formatRewriteSummary } from '../../lib/local/rewrite-summary';

const check = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'check', name));

describe('rewrite summary', () => {
  const before = check('valid-nested.eml');

  test('leaf parts of a nested multipart are found by boundary, as slices', () => {
    const parts = leafParts(before).map((p) => p.toString());
    expect(parts).toHaveLength(3);
    expect(parts[0]).toMatch(/^Content-Type: text\/plain; charset=utf-8\r\n\r\nHello Bob\.$/);
    expect(parts[1]).toMatch(/^Content-Type: text\/html/);
    expect(parts[2]).toMatch(/^Content-Type: text\/plain; name="notes.txt"/);
  });

  test('counts changed headers and parts, and bytes before and after', () => {
    const after = check('rewritten-subject.eml');
    const s = summarizeRewrite(before, after);
    expect(s).toEqual({ headersChanged: ['Subject'], partsChanged: 2, bytesBefore: before.length, bytesAfter: after.length });
    expect(formatRewriteSummary(s)).toBe(`headers changed: Subject; parts changed: 2; ${before.length} → ${after.length} bytes`);
  });

  test('a single-part body change is one part, without header changes', () => {
    const a = Buffer.from('Subject: x\r\nContent-Type: text/plain\r\n\r\nbody one\r\n');
    const b = Buffer.from('Subject: x\r\nContent-Type: text/plain\r\n\r\nbody two\r\n');
    expect(summarizeRewrite(a, b)).toMatchObject({ headersChanged: [], partsChanged: 1 });
    expect(summarizeRewrite(a, a)).toMatchObject({ headersChanged: [], partsChanged: 0 });
  });

  test('removing an attachment part counts as a changed part', () => {
    const after = Buffer.from(
      before.toString('latin1').replace(/--outer\r\nContent-Type: text\/plain; name="notes.txt"[\s\S]*?(?=--outer--)/, ''),
      'latin1',
    );
    expect(summarizeRewrite(before, after)).toMatchObject({ headersChanged: [], partsChanged: 1 });
  });
});
