/**
 * Property tests: random MIME trees built by nodemailer's MailComposer (text, HTML, alternatives,
 * attached and inline attachments, attached messages, QP or base64 text, CRLF or LF-only), rewritten with tagSubject
 * + appendFooter. Same invariants as the corpus: MIME checks, mailparser reads the tag and the
 * footer, untouched parts byte-identical, a second rewrite changes nothing.
 */
import fc from 'fast-check';
import { checkMime } from '../../../lib/message/check';
import { appendFooter, rewriteMessage, tagSubject } from '../../../lib/message/rewrite';
import { expectUntouchedPartsIdentical } from './invariants';

const FOOTER_TEXT = 'Extern: Vorsicht — outside sender.';
const FOOTER_HTML = '<p>Extern: Vorsicht — outside sender.</p>';
const EDITS = [tagSubject('[EXTERNAL]'), appendFooter({ text: FOOTER_TEXT, html: FOOTER_HTML })];

const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', 'ß', '€', '\n', '=', '-', '.', '<', 'x'), maxLength: 300 });
const attachment = fc.record({
  filename: fc.constantFrom('a.pdf', 'notes.txt', 'Bild ü.png', 'data.bin'),
  content: fc.uint8Array({ maxLength: 2000 }).map((u) => Buffer.from(u)),
  contentType: fc.constantFrom('application/pdf', 'text/plain', 'image/png', 'application/octet-stream'),
  inline: fc.boolean(),
});
const mail = fc.record({
  subject: fc.option(text.map((s) => s.replace(/\n/g, ' ')), { nil: undefined }),
  text: fc.option(text, { nil: undefined }),
  html: fc.option(text.map((s) => `<html><body><p>${s}</p></body></html>`), { nil: undefined }),
  textEncoding: fc.constantFrom('quoted-printable' as const, 'base64' as const, undefined),
  attachments: fc.array(attachment, { maxLength: 3 }),
  attachedMessage: fc.boolean(),
  lfOnly: fc.boolean(),
});

type Mail = typeof mail extends fc.Arbitrary<infer T> ? T : never;

async function compose(m: Mail): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const attachments: { filename: string; content: Buffer; contentType: string; cid?: string; contentDisposition?: string }[] = m.attachments.map((a, i) => ({
    filename: a.filename,
    content: a.content,
    contentType: a.contentType,
    ...(a.inline ? { cid: `c${i}@test`, contentDisposition: 'inline' } : {}),
  }));
  if (m.attachedMessage) {
    attachments.push({
      filename: 'fwd.eml',
      content: Buffer.from('Subject: inner\r\nFrom: x@example.org\r\n\r\nInner body.\r\n'),
      contentType: 'message/rfc822',
    });
  }
  const composer = new MailComposer({
    from: 'sender@example.net',
    to: 'bob@corp.example',
    date: new Date('2026-03-03T10:00:00Z'),
    messageId: '<prop@example.net>',
    ...(m.subject !== undefined ? { subject: m.subject } : {}),
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.html !== undefined ? { html: m.html } : {}),
    ...(m.textEncoding ? { textEncoding: m.textEncoding } : {}),
    attachments,
  });
  const raw = await composer.compile().build();
  return m.lfOnly ? Buffer.from(raw.toString('latin1').replace(/\r\n/g, '\n'), 'latin1') : raw;
}

describe('rewriting random MailComposer messages', () => {
  it('keeps every invariant', async () => {
    const { simpleParser } = await import('mailparser');
    await fc.assert(
      fc.asyncProperty(mail, async (m) => {
        const original = await compose(m);
        const r = await rewriteMessage(original, EDITS);
        expect(r.changed).toBe(true);
        if (m.lfOnly) expect(r.raw.includes(0x0d)).toBe(false);
        expect(checkMime(r.raw, original)).toEqual([]);
        const parsed = await simpleParser(r.raw);
        expect(parsed.subject ?? '').toMatch(/^\[EXTERNAL\]/);
        // MailComposer leaves out an empty text part
        if (m.text) expect(parsed.text ?? '').toContain(FOOTER_TEXT);
        if (m.html !== undefined) expect(parsed.html || '').toContain(FOOTER_HTML);
        // attachments come through with the same bytes
        const before = await simpleParser(original);
        expect(parsed.attachments.map((a) => a.content.toString('base64'))).toEqual(before.attachments.map((a) => a.content.toString('base64')));
        await expectUntouchedPartsIdentical(original, r.raw);
        const again = await rewriteMessage(r.raw, EDITS);
        expect(again.changed).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
