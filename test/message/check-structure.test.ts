/** checkMime(out, original) compares structures: what no edit makes fails the rewrite (rule 'structure'). */
import { checkMime } from '../../lib/message/check';
import { appendFooter, RewriteError, rewriteMessage } from '../../lib/message/rewrite';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64');
const original = Buffer.from(
  'From: a@example.com\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n' +
    '--B\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8u\r\n' +
    `--B\r\nContent-Type: application/pdf; name="invoice.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${PDF}\r\n--B--\r\n`,
);
const structure = (out: Buffer) => checkMime(out, original).filter((p) => p.rule === 'structure');
const replace = (from: string, to: string) => Buffer.from(original.toString('latin1').replace(from, to), 'latin1');

describe('structure changes no edit makes', () => {
  test('a footer written onto the next delimiter line hides the attachment', () => {
    expect(structure(replace('SGVsbG8u\r\n--B', 'SGVsbG8uRg==--B')).length).toBeGreaterThan(0);
  });
  test("an attachment's bytes changed", () => {
    expect(structure(replace(PDF, `${PDF.slice(0, -4)}AAAA`))[0]?.message).toMatch(/part 2 \(application\/pdf\) changed/);
  });
  test('a part removed', () => {
    const cut = original.toString('latin1');
    const out = Buffer.from(cut.slice(0, cut.indexOf('--B\r\nContent-Type: application/pdf')) + '--B--\r\n', 'latin1');
    expect(structure(out)[0]?.message).toMatch(/had 3 part\(s\) and now has 2/);
  });
  test('the footer the rewriter writes is no change', async () => {
    const r = await rewriteMessage(original, [appendFooter({ text: 'F' })]);
    expect(r.changed).toBe(true);
    expect(checkMime(r.raw, original)).toEqual([]);
  });
});

describe('the rewriter refuses where readers disagree on the parts', () => {
  test('two bare CRs before a delimiter: Python sees a part, mailparser does not', async () => {
    const raw = replace('\r\n--B\r\nContent-Type: application/pdf', '\r\n\r\r--B\r\nContent-Type: application/pdf');
    await expect(rewriteMessage(raw, [appendFooter({ text: 'F' })])).rejects.toThrow(RewriteError);
    await expect(rewriteMessage(raw, [appendFooter({ text: 'F' })])).rejects.toThrow(/bare CR at byte \d+/);
  });
  test('a boundary on a type that is not multipart (only mailparser splits it)', async () => {
    const raw = replace('multipart/mixed; boundary="B"', 'text/plain; boundary="B"');
    await expect(rewriteMessage(raw, [appendFooter({ text: 'F' })])).rejects.toThrow(/with a boundary: only some readers split it/);
  });
});
