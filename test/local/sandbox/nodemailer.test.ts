/**
 * Real mail through the sandbox with nodemailer's SMTP transport, decided by the repo's sample rule
 * sets (rules/inbound.ts, rules/outbound.ts): Maildir placement, junk, copies, the rewritten
 * content, the DSN (parsed with mailparser), outbound mail in outbox/, and rejections at RCPT.
 */
import { simpleParser } from 'mailparser';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { SandboxRecord } from '../../../lib/local';
import { allDelivered, api, maildir, smtpOptions, startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.cleanup());

const send = (mail: SendMailOptions, auth?: string) => nodemailer.createTransport(smtpOptions(t.sandbox, auth)).sendMail(mail);
const record = async (id: string) => api<SandboxRecord>(t.sandbox, `/api/messages/${id}`);
const newest = async () => (await api<{ messages: SandboxRecord[] }>(t.sandbox, '/api/messages')).messages[0]!;

test('internal mail is delivered unchanged to each recipient Maildir', async () => {
  const info = await send({
    from: 'alice@corp.example',
    to: ['bob@corp.example', 'carol@corp.example'],
    subject: 'Lunch',
    text: 'At noon.',
  });
  expect(info.rejected).toEqual([]);
  const [bob] = maildir(t.mailroot, 'bob@corp.example');
  const [carol] = maildir(t.mailroot, 'carol@corp.example');
  expect(bob!.toString()).toContain('Subject: Lunch');
  expect(bob!.toString()).not.toContain('[EXTERNAL]');
  expect(carol!.equals(bob!)).toBe(true);
  const r = await newest();
  expect(r.outcomes.map((o) => [o.recipient, o.action, o.placement])).toEqual([
    ['bob@corp.example', 'DEFAULT', 'inbox'],
    ['carol@corp.example', 'DEFAULT', 'inbox'],
  ]);
});

test('external mail is rewritten (subject tag, footer) and the rewritten message is what lands', async () => {
  await send({ from: 'dave@outside.example', to: 'erin@corp.example', subject: 'Quote', text: 'Our offer.' });
  const [m] = maildir(t.mailroot, 'erin@corp.example');
  const parsed = await simpleParser(m!);
  expect(parsed.subject).toBe('[EXTERNAL] Quote');
  expect(parsed.text).toContain('Our offer.');
  expect(parsed.text).toContain('This message came from outside corp.example.');
  const r = await record((await newest()).id);
  expect(r.rewrite).toMatchObject({ status: 'rewritten', changed: true });
});

test('a copy goes to the added recipient (legal-copy) and junk goes to .Junk (ceo-bulk-to-junk)', async () => {
  await send({
    from: 'news@outside.example',
    to: 'ceo@corp.example',
    subject: 'Weekly',
    text: 'News.',
    headers: { 'List-Unsubscribe': '<mailto:u@outside.example>' },
  });
  expect(maildir(t.mailroot, 'ceo@corp.example', '.Junk')).toHaveLength(1);
  expect(maildir(t.mailroot, 'ceo@corp.example')).toHaveLength(0);
  const r1 = await newest();
  expect(r1.outcomes).toEqual([
    expect.objectContaining({ recipient: 'ceo@corp.example', action: 'MOVE_TO_JUNK', rule: 'ceo-bulk-to-junk', placement: 'junk' }),
  ]);

  await send({ from: 'partner@outside.example', to: 'ceo@corp.example', subject: 'Contract', text: 'Signed.' });
  const [ceo] = maildir(t.mailroot, 'ceo@corp.example');
  const [legal] = maildir(t.mailroot, 'legal@corp.example');
  expect(legal!.equals(ceo!)).toBe(true);
  expect((await simpleParser(legal!)).subject).toBe('[EXTERNAL] Contract');
  const r2 = await newest();
  expect(r2.outcomes.map((o) => [o.recipient, o.action, o.rule ?? null, o.copy ?? false])).toEqual([
    ['ceo@corp.example', 'DEFAULT', 'legal-copy', false],
    ['legal@corp.example', 'DEFAULT', null, true],
  ]);
});

test('a bounce sends an RFC 3464 report to the sender (outbox/ for an outside sender) and delivers nothing', async () => {
  const before = allDelivered(t.mailroot).length;
  await send({ from: 'spam@mx.bad.example', to: ['frank@corp.example'], subject: 'Deal', text: 'Buy now.' });
  expect(maildir(t.mailroot, 'frank@corp.example')).toHaveLength(0);
  const r = await newest();
  expect(r.outcomes).toEqual([expect.objectContaining({ action: 'BOUNCE', rule: 'block-bad-domain', placement: 'bounced' })]);
  expect(r.dsnFile).toMatch(/^outbox\/new\//);
  expect(allDelivered(t.mailroot)).toHaveLength(before + 1);
  const dsn = await simpleParser(maildir(t.mailroot, 'outbox').at(-1)!);
  expect(dsn.headers.get('content-type')).toMatchObject({ value: 'multipart/report', params: { 'report-type': 'delivery-status' } });
  expect(dsn.to).toMatchObject({ text: 'spam@mx.bad.example' });
  expect(dsn.text).toContain('frank@corp.example: Email in breach of company policy.');
  expect(dsn.text).toContain('Final-Recipient: rfc822; frank@corp.example');
  expect(dsn.text).toContain('Action: failed');
  const headers = dsn.attachments.find((a) => a.contentType === 'text/rfc822-headers');
  expect(headers!.content.toString()).toContain('Subject: Deal');
  expect(headers!.content.toString()).toContain('From: spam@mx.bad.example');
});

test('DROP discards for that recipient only (contractors-internal-only)', async () => {
  await send({ from: 'x@outside.example', to: ['contractor@corp.example', 'gina@corp.example'], subject: 'Hi', text: 'Hello.' });
  expect(maildir(t.mailroot, 'contractor@corp.example')).toHaveLength(0);
  expect(maildir(t.mailroot, 'gina@corp.example')).toHaveLength(1);
  expect((await newest()).outcomes.map((o) => o.placement)).toEqual(['dropped', 'inbox']);
});

test('OUTBOUND (SMTP AUTH): DEFAULT to outside lands in outbox/, a bounce reports to the sender mailbox, copies reach compliance', async () => {
  await send({ from: 'hank@corp.example', to: ['client@outside.example'], subject: 'Report', text: 'Attached.' }, 'hank@corp.example');
  const r1 = await newest();
  expect(r1.flowDirection).toBe('OUTBOUND');
  expect(r1.outcomes).toEqual([expect.objectContaining({ recipient: 'client@outside.example', action: 'DEFAULT', placement: 'outbox' })]);
  const out = maildir(t.mailroot, 'outbox').find((m) => m.toString().startsWith('Delivered-To: client@outside.example\r\n'));
  expect((await simpleParser(out!)).subject).toBe('Report');

  await send({ from: 'intern@corp.example', to: ['friend@outside.example'], subject: 'Hey', text: 'Hi.' }, 'intern@corp.example');
  const [dsn] = maildir(t.mailroot, 'intern@corp.example');
  const parsed = await simpleParser(dsn!);
  expect(parsed.text).toContain('friend@outside.example: Interns may only email inside the company.');

  await send({ from: 'desk@trading.corp.example', to: ['broker@outside.example'], subject: 'Order', text: 'Buy.' }, 'desk@corp.example');
  const r3 = await newest();
  expect(r3.outcomes.map((o) => [o.recipient, o.placement, o.copy ?? false])).toEqual([
    ['broker@outside.example', 'outbox', false],
    ['compliance@corp.example', 'inbox', true],
  ]);
  expect(maildir(t.mailroot, 'compliance@corp.example')).toHaveLength(1);
});

test('an unknown recipient domain is refused at RCPT with 550 unless authenticated; a wrong password with 535', async () => {
  await expect(send({ from: 'a@outside.example', to: 'someone@elsewhere.example', subject: 'x', text: 'y' })).rejects.toMatchObject({
    responseCode: 550,
  });
  const mixed = await send({ from: 'a@outside.example', to: ['ivan@corp.example', 'someone@elsewhere.example'], subject: 'x', text: 'y' });
  expect(mixed.rejected).toEqual(['someone@elsewhere.example']);
  expect((await newest()).recipients).toEqual(['ivan@corp.example']);
  const bad = nodemailer.createTransport({ ...smtpOptions(t.sandbox), auth: { user: 'ivan@corp.example', pass: 'wrong' } });
  await expect(bad.sendMail({ from: 'ivan@corp.example', to: 'x@outside.example', text: 'y' })).rejects.toMatchObject({
    responseCode: 535,
  });
  expect(t.logs.filter((l) => l['eventName'] === 'SANDBOX_REJECTED').map((l) => l['code'])).toEqual(expect.arrayContaining([550, 535]));
});

test('one JSON log line per message, without addresses or subject unless turned on', async () => {
  const lines = t.logs.filter((l) => l['eventName'] === 'SANDBOX_MESSAGE');
  const records = (await api<{ messages: SandboxRecord[] }>(t.sandbox, '/api/messages')).messages;
  expect(lines.map((l) => l['id']).sort()).toEqual(records.map((r) => r.id).sort());
  const text = JSON.stringify(lines);
  expect(text).not.toContain('@corp.example');
  expect(text).not.toContain('Lunch');
  expect(lines[0]).toMatchObject({ outcomes: [{ domain: 'corp.example', action: 'DEFAULT', placement: 'inbox' }, expect.anything()] });
});
