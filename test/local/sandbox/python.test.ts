/**
 * A second, independent SMTP client: Python's smtplib (/usr/bin/python3) sends inbound mail, an
 * SMTPUTF8 message with 8-bit headers, and authenticated outbound mail; the Maildirs hold the result.
 */
import { execFile } from 'node:child_process';
import { simpleParser } from 'mailparser';
import type { SandboxRecord } from '../../../lib/local';
import { api, maildir, startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.cleanup());

/** Runs a Python snippet with PORT and PASSWORD bound; resolves with its stdout. */
function python(code: string): Promise<string> {
  const prelude = `import smtplib, sys\nfrom email.message import EmailMessage\nPORT=${t.sandbox.smtpPort}\nPASSWORD=${JSON.stringify(t.sandbox.password)}\n`;
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', ['-c', prelude + code], (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}
const newest = async () => (await api<{ messages: SandboxRecord[] }>(t.sandbox, '/api/messages')).messages[0]!;

test('smtplib: inbound mail from a partner bypasses the spam check and is delivered, rewritten', async () => {
  const out = await python(`
m = EmailMessage(); m['From'] = 'sales@partner.example'; m['To'] = 'bob@corp.example, carol@corp.example'; m['Subject'] = 'Catalogue'
m.set_content('New prices.')
with smtplib.SMTP('127.0.0.1', PORT) as s:
    print(sorted(s.ehlo()[1].decode().split('\\n')[1:]))
    print(s.send_message(m))
`);
  expect(out).toContain("'8BITMIME'");
  expect(out).toContain("'PIPELINING'");
  expect(out).toContain("'SMTPUTF8'");
  expect(out).toContain("'SIZE 41943040'");
  expect(out.trim().endsWith('{}')).toBe(true); // no recipient refused
  const r = await newest();
  expect(r.outcomes.map((o) => [o.recipient, o.action, o.rule])).toEqual([
    ['bob@corp.example', 'BYPASS_SPAM_CHECK', 'partner-bypass'],
    ['carol@corp.example', 'BYPASS_SPAM_CHECK', 'partner-bypass'],
  ]);
  const parsed = await simpleParser(maildir(t.mailroot, 'carol@corp.example')[0]!);
  expect(parsed.subject).toBe('[EXTERNAL] Catalogue');
});

test('smtplib with SMTPUTF8: a UTF-8 subject and address, decoded in the event and delivered with the UTF-8 intact', async () => {
  await python(`
raw = 'From: jürgen@outside.example\\r\\nTo: dora@corp.example\\r\\nSubject: Grüße aus Köln\\r\\n\\r\\nHallo.\\r\\n'.encode('utf-8')
with smtplib.SMTP('127.0.0.1', PORT) as s:
    s.ehlo()
    s.sendmail('jürgen@outside.example', ['dora@corp.example'], raw, mail_options=['SMTPUTF8', 'BODY=8BITMIME'])
`);
  const r = await newest();
  expect(r.mailFrom).toBe('jürgen@outside.example');
  expect(r.subject).toBe('Grüße aus Köln');
  expect(r.notes).toEqual([expect.stringMatching(/^8-bit bytes in the header block/)]);
  const delivered = maildir(t.mailroot, 'dora@corp.example')[0]!;
  expect(delivered.toString('utf8')).toContain('Grüße aus Köln');
});

test('smtplib AUTH: outbound mail with a secret keyword is bounced by the DLP rule, the report lands in the sender mailbox', async () => {
  await python(`
m = EmailMessage(); m['From'] = 'ella@corp.example'; m['To'] = 'rival@outside.example'; m['Subject'] = 'Project Falcon numbers'
m.set_content('See attached.')
with smtplib.SMTP('127.0.0.1', PORT) as s:
    s.login('ella@corp.example', PASSWORD)
    s.send_message(m)
`);
  const r = await newest();
  expect(r.flowDirection).toBe('OUTBOUND');
  expect(r.outcomes).toEqual([expect.objectContaining({ recipient: 'rival@outside.example', action: 'BOUNCE', rule: 'dlp-keywords' })]);
  expect(maildir(t.mailroot, 'outbox')).toHaveLength(0);
  const dsn = await simpleParser(maildir(t.mailroot, 'ella@corp.example')[0]!);
  expect(dsn.text).toContain('it looks like it contains confidential information');
});

test('smtplib: an unknown domain is refused at RCPT (550) and the server keeps serving', async () => {
  const out = await python(`
with smtplib.SMTP('127.0.0.1', PORT) as s:
    try:
        s.sendmail('a@outside.example', ['x@elsewhere.example'], 'Subject: x\\r\\n\\r\\ny\\r\\n')
    except smtplib.SMTPRecipientsRefused as e:
        print(e.recipients['x@elsewhere.example'][0])
    print(s.sendmail('a@outside.example', ['fred@corp.example'], 'Subject: x\\r\\n\\r\\ny\\r\\n'))
`);
  expect(out.split('\n').slice(0, 2)).toEqual(['550', '{}']);
  expect(maildir(t.mailroot, 'fred@corp.example')).toHaveLength(1);
});
