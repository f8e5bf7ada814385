/**
 * The cases of issue "one reading" (test/fixtures/why.ts): the shipped rules decide each as a mail
 * client's reading requires, and the shipped rewrite either refuses (the original is delivered) or
 * edits without changing any attachment mailparser sees and without dropping text.
 */
import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { checkMime } from '../../../lib/message/check';
import { createMessageView } from '../../../lib/message/view';
import { appendFooter, RewriteError, rewriteMessage, tagSubject } from '../../../lib/message/rewrite';
import { evaluate } from '../../../lib/engine/evaluate';
import type { LambdaEventData } from '../../../lib/workmail/types';
import inboundRules from '../../../rules/inbound';
import { whyCases } from '../../fixtures/why';

const FOOTER = 'This message came from outside corp.example.';
const EDITS = [tagSubject('[EXTERNAL]'), appendFooter({ text: FOOTER, html: `<p>${FOOTER}</p>` })];

const event: LambdaEventData = {
  summaryVersion: '2019-07-28',
  envelope: { mailFrom: { address: 'someone@outside.example' }, recipients: [{ address: 'alice@corp.example' }] },
  subject: 'files',
  messageId: 'why-1',
  invocationId: 'why',
  flowDirection: 'INBOUND',
  truncated: false,
};

async function seen(raw: Buffer) {
  const m = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const attachments = m.attachments.map((a) => `${a.filename} ${a.contentType} ${createHash('sha256').update(a.content).digest('hex')}`);
  return { attachments, text: `${m.text ?? ''}${typeof m.html === 'string' ? m.html : ''}` };
}

describe.each(whyCases().map((c) => [c.name, c] as const))('%s', (_name, c) => {
  test(`the shipped rules: ${c.decision}`, async () => {
    const d = await evaluate(inboundRules, event, { message: createMessageView(async () => c.raw) });
    expect(d.recipients.map((r) => r.action.type)).toEqual([c.decision]);
  });

  test(`the shipped rewrite: ${c.rewrite}`, async () => {
    if (c.rewrite === 'refused') {
      await expect(rewriteMessage(c.raw, EDITS)).rejects.toThrow(RewriteError);
      await expect(rewriteMessage(c.raw, EDITS)).rejects.toThrow(/mail readers disagree on its parts/);
      return;
    }
    const r = await rewriteMessage(c.raw, EDITS);
    expect(checkMime(r.raw, c.raw)).toEqual([]);
    const [before, after] = [await seen(c.raw), await seen(r.raw)];
    expect(after.attachments).toEqual(before.attachments);
    expect(after.text.includes(FOOTER)).toBe(c.rewrite === 'footer');
    if (c.keeps) expect(r.raw.includes(c.keeps)).toBe(true);
  });
});
