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
  subject: fc.option(
    text.map((s) => s.replace(/\n/g, ' ')),
    { nil: undefined },
  ),
  text: fc.option(text, { nil: undefined }),
  html: fc.option(
    text.map((s) => `<html><body><p>${s}</p></body></html>`),
    { nil: undefined },
  ),
  textEncoding: fc.constantFrom('quoted-printable' as const, 'base64' as const, undefined),
  attachments: fc.array(attachment, { maxLength: 3 }),
  attachedMessage: fc.boolean(),
  lfOnly: fc.boolean(),
});

type Mail = typeof mail extends fc.Arbitrary<infer T> ? T : never;

async function compose(m: Mail): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const attachments: { filename: string; content: Buffer; contentType: string; cid?: string; contentDisposition?: string }[] =
    m.attachments.map((a, i) => ({
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
  test('keeps every invariant', async () => {
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
        expect(parsed.attachments.map((a) => a.content.toString('base64'))).toEqual(
          before.attachments.map((a) => a.content.toString('base64')),
        );
        await expectUntouchedPartsIdentical(original, r.raw);
        const again = await rewriteMessage(r.raw, EDITS);
        expect(again.changed).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});

describe('rewriting damaged real messages', () => {
  test('never half-edits: a RewriteError, or a result that keeps the untouched parts and is idempotent', async () => {
    const { corpusFiles, load, rel } = await import('./corpus');
    const { RewriteError } = await import('../../../lib/message/rewrite');
    const names = [
      'peer/mailparser/fixtures/nested.eml',
      'peer/mailparser/test.eml',
      'peer/cpython/msg_38.txt',
      'peer/mailparser/mail.eml',
    ];
    const base = names.map((n) =>
      load(corpusFiles().find((f) => rel(f) === n)!)
        .toString('latin1')
        .split(/(?<=\n)/),
    );
    const edit = fc.record({ op: fc.constantFrom('drop', 'dup', 'cut'), at: fc.nat() });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: base.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 5 }), async (which, edits) => {
        let lines = [...base[which]!];
        for (const e of edits) {
          const i = e.at % Math.max(1, lines.length);
          if (e.op === 'drop') lines.splice(i, 1);
          else if (e.op === 'dup') lines.splice(i, 0, lines[i] ?? '');
          else lines = lines.slice(0, Math.max(1, i));
        }
        const original = Buffer.from(lines.join(''), 'latin1');
        let r;
        try {
          r = await rewriteMessage(original, EDITS);
        } catch (err) {
          expect(err).toBeInstanceOf(RewriteError);
          return;
        }
        const before = new Set(checkMime(original).map((p) => p.rule));
        for (const p of checkMime(r.raw, original)) expect(before.has(p.rule)).toBe(true);
        await expectUntouchedPartsIdentical(original, r.raw);
        const again = await rewriteMessage(r.raw, EDITS);
        expect(again.changed).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
