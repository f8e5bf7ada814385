/**
 * Bad input and failing handlers have defined outcomes (workmail-rules docs/sandbox.md, "Bad input and failing handlers"),
 * each with its log line, and the server keeps serving after every one of them.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import nodemailer from 'nodemailer';
import type { SandboxRecord } from '../../../lib/local';
import { api, FIXTURES, maildir, smtpOptions, startTestSandbox, type TestSandbox } from './helpers';

const newest = async (t: TestSandbox) => (await api<{ messages: SandboxRecord[] }>(t.sandbox, '/api/messages')).messages[0]!;
const sendRaw = (t: TestSandbox, raw: string | Buffer, to: string[], from = 'x@outside.example') =>
  nodemailer.createTransport(smtpOptions(t.sandbox)).sendMail({ envelope: { from, to }, raw });

/** A bare SMTP dialogue: writes each line, returns the server's replies. */
function dialogue(port: number, lines: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const replies: string[] = [];
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString();
      let i = buf.indexOf('\r\n');
      while (i >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (/^\d{3} /.test(line)) {
          replies.push(line);
          const next = lines[replies.length - 1];
          if (next === undefined) socket.end();
          else socket.write(`${next}\r\n`);
        }
        i = buf.indexOf('\r\n');
      }
    });
    socket.on('close', () => resolve(replies));
    socket.on('error', reject);
  });
}

describe('with the sample rule sets', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox();
  });
  afterAll(() => t.cleanup());
  afterEach(async () => {
    // the server keeps serving: a plain message still goes through
    await sendRaw(t, 'From: ok@corp.example\r\nSubject: still here\r\n\r\nyes\r\n', ['ok@corp.example']);
    expect((await newest(t)).subject).toBe('still here');
  });

  test('malformed MIME (no closing boundary, broken base64) is decided and delivered as received', async () => {
    const raw =
      'From: a@corp.example\r\nSubject: broken\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\ntext\r\n--b1\r\nContent-Type: application/octet-stream; name="x.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n';
    await sendRaw(t, raw, ['mime@corp.example'], 'a@corp.example');
    const r = await newest(t);
    expect(r.outcomes).toEqual([expect.objectContaining({ recipient: 'mime@corp.example', action: 'DEFAULT', placement: 'inbox' })]);
    expect(maildir(t.mailroot, 'mime@corp.example')[0]!.toString()).toBe(raw);
  });

  test('a message without a header block, and one with broken header lines, are delivered with a note', async () => {
    await sendRaw(t, 'just some text\r\nno headers here\r\n', ['nohead@corp.example']);
    const r1 = await newest(t);
    expect(r1.subject).toBe('');
    expect(r1.notes).toContain('no header block: the message starts with its body');
    expect(maildir(t.mailroot, 'nohead@corp.example')).toHaveLength(1);

    await sendRaw(
      t,
      'From: a@corp.example\r\nthis is not a header\r\nSubject: half\r\n\r\nbody\r\n',
      ['brokenhead@corp.example'],
      'a@corp.example',
    );
    const r2 = await newest(t);
    expect(r2.subject).toBe('half');
    expect(r2.notes).toContain('broken header block: lines that are not header fields were kept as they are');
  });

  test('8-bit bytes in headers without SMTPUTF8: read as UTF-8 where valid, else Latin-1, and noted', async () => {
    await sendRaw(
      t,
      Buffer.concat([Buffer.from('From: a@corp.example\r\nSubject: caf'), Buffer.from([0xe9]), Buffer.from('\r\n\r\nbody\r\n')]),
      ['latin@corp.example'],
      'a@corp.example',
    );
    const r = await newest(t);
    expect(r.subject).toBe('café');
    expect(r.notes).toEqual([expect.stringMatching(/^8-bit bytes in the header block/)]);
  });

  test('over 40 MB: 552 when announced with SIZE at MAIL FROM, and 552 after DATA when not', async () => {
    const replies = await dialogue(t.sandbox.smtpPort, ['EHLO test', `MAIL FROM:<a@outside.example> SIZE=${40 * 1024 * 1024 + 1}`, 'QUIT']);
    expect(replies[2]).toMatch(/^552 /);
    const head = Buffer.from('From: a@outside.example\r\nSubject: big\r\n\r\n');
    const body = Buffer.alloc(40 * 1024 * 1024 + 1000, 'y\r\n');
    await expect(sendRaw(t, Buffer.concat([head, body]), ['big@corp.example'])).rejects.toMatchObject({ responseCode: 552 });
    expect(maildir(t.mailroot, 'big@corp.example')).toHaveLength(0);
    expect(t.logs.filter((l) => l['eventName'] === 'SANDBOX_REJECTED' && l['code'] === 552).length).toBeGreaterThanOrEqual(1);
  });

  test('more than 500 recipients: the 501st gets 452 at RCPT, the first 500 get the message', async () => {
    const to = Array.from({ length: 501 }, (_, i) => `r${i}@corp.example`);
    const info = await sendRaw(t, 'From: a@corp.example\r\nSubject: all hands\r\n\r\nhi\r\n', to, 'a@corp.example');
    expect(info.rejected).toEqual(['r500@corp.example']);
    const r = await newest(t);
    expect(r.outcomes).toHaveLength(500);
    expect(maildir(t.mailroot, 'r499@corp.example')).toHaveLength(1);
    expect(maildir(t.mailroot, 'r500@corp.example')).toHaveLength(0);
  });
});

test('an event over 128 KB is truncated as WorkMail does; the left-out recipients get the * action, marked', async () => {
  const domain = `${['a', 'b', 'c'].map((c) => c.repeat(60)).join('.')}.example`; // labels of at most 63
  const t = await startTestSandbox({ domains: [domain] });
  try {
    // 253-character addresses (the longest smtp-server accepts), 500 of them: an event over 128 KB
    const to = Array.from({ length: 500 }, (_, i) => `${String(i).padStart(62, 'u')}@${domain}`);
    await sendRaw(t, 'From: a@corp.example\r\nSubject: wide\r\n\r\nhi\r\n', to, 'a@corp.example');
    const r = await newest(t);
    expect(r.outcomes).toHaveLength(500);
    const omitted = r.outcomes.filter((o) => o.omittedFromEvent);
    expect(omitted.length).toBeGreaterThan(0);
    expect(omitted.every((o) => o.action === 'DEFAULT' && o.placement === 'inbox')).toBe(true);
    expect(r.outcomes.at(-1)!.omittedFromEvent).toBe(true);
    expect(r.notes).toEqual([expect.stringMatching(/^event truncated: \d+ recipients left out/)]);
    // long addresses get a shortened, hashed folder name (a file name has at most 255 bytes)
    const last = r.outcomes.at(-1)!.file!;
    expect(last).toMatch(/^u+499@a{60}\.b{56}~[0-9a-f]{16}\/new\//);
    expect(fs.readFileSync(path.join(t.mailroot, last)).toString()).toContain('Subject: wide');
  } finally {
    await t.cleanup();
  }
});

describe('failing handlers get the fallback, and the record says why', () => {
  const only = (file: string) => [
    { name: 'inbound', entry: path.join(FIXTURES, file), direction: 'INBOUND' as const, rule: 'sync' as const },
  ];

  test.each([
    ['throws', 'throws.ts', 'HANDLER_ERROR', /database unreachable/],
    ['never answers', 'hangs.ts', 'HANDLER_TIMEOUT', /did not answer within 300 ms/],
  ])('a handler that %s: the flow rule fallback (DEFAULT) for every recipient', async (_what, file, reason, detail) => {
    const t = await startTestSandbox({ functions: only(file), domains: ['corp.example'], budgetMs: 300 });
    try {
      await sendRaw(t, 'From: a@outside.example\r\nSubject: s\r\n\r\nb\r\n', ['one@corp.example', 'two@corp.example']);
      const r = await newest(t);
      expect(r.fallback).toMatchObject({ reason, by: 'flow-rule', detail: expect.stringMatching(detail) });
      expect(r.outcomes.map((o) => [o.action, o.placement])).toEqual([
        ['DEFAULT', 'inbox'],
        ['DEFAULT', 'inbox'],
      ]);
      expect(t.logs.find((l) => l['eventName'] === 'SANDBOX_MESSAGE')).toMatchObject({ fallbackReason: reason, fallbackBy: 'flow-rule' });
      const page = await (await fetch(`http://127.0.0.1:${t.sandbox.httpPort}/messages/${r.id}`)).text();
      expect(page).toContain(`<b>${reason}</b>`);
      await sendRaw(t, 'From: a@outside.example\r\nSubject: again\r\n\r\nb\r\n', ['one@corp.example']);
      expect(maildir(t.mailroot, 'one@corp.example')).toHaveLength(2);
    } finally {
      await t.cleanup();
    }
  });

  test("a syncHandler whose decide throws answers with its own fallback (junk here), and the page shows the error's type", async () => {
    const t = await startTestSandbox({ functions: only('decide-throws.ts'), domains: ['corp.example'] });
    try {
      await sendRaw(t, 'From: a@outside.example\r\nSubject: s\r\n\r\nb\r\n', ['one@corp.example']);
      const r = await newest(t);
      // by type only: the text of an error the rule set's code throws may quote the message (never logged)
      expect(r.fallback).toMatchObject({ by: 'handler', detail: 'Error' });
      expect(r.outcomes).toEqual([expect.objectContaining({ action: 'MOVE_TO_JUNK', placement: 'junk' })]);
      expect(maildir(t.mailroot, 'one@corp.example', '.Junk')).toHaveLength(1);
    } finally {
      await t.cleanup();
    }
  });

  test('a handler file that cannot be loaded: the fallback, and the load error at start', async () => {
    const t = await startTestSandbox({ functions: only('missing.ts'), domains: ['corp.example'] });
    try {
      expect(t.sandbox.loadErrors).toEqual([expect.stringMatching(/^inbound: handler module .*missing\.ts not found/)]);
      await sendRaw(t, 'From: a@outside.example\r\nSubject: s\r\n\r\nb\r\n', ['one@corp.example']);
      expect((await newest(t)).fallback).toMatchObject({ reason: 'HANDLER_LOAD', by: 'flow-rule' });
    } finally {
      await t.cleanup();
    }
  });
});
