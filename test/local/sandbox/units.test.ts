/** The sandbox's small parts: the event built from a message, folder names, the line diff, usage errors, the watcher. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEvent, headerFacts } from '../../../lib/local/sandbox/event';
import { hunks, lineDiff } from '../../../lib/local/sandbox/diff';
import { mailboxName } from '../../../lib/local/sandbox/maildir';
import { runServeCommand } from '../../../lib/local/sandbox/cli';
import { watchFolders } from '../../../lib/local/sandbox/watch';
import { parseEvent } from '../../../lib';

const ids = { messageId: 'a1b2c3d4-0000-0000-0000-000000000000', invocationId: '0'.repeat(32) };

describe('the event', () => {
  test('a decoded subject cut at 256 characters, sender only when it differs from MAIL FROM, and a valid LambdaEventData', () => {
    const long = 'ü'.repeat(300);
    const raw = Buffer.from(
      `Sender: Assistant <Assist@Corp.example>\r\nSubject: =?UTF-8?B?${Buffer.from(long).toString('base64')}?=\r\n\r\nbody`,
    );
    const facts = headerFacts(raw);
    const { event, omitted } = buildEvent({
      ...ids,
      direction: 'INBOUND',
      mailFrom: 'boss@corp.example',
      recipients: ['a@corp.example'],
      facts,
    });
    expect(event.subject).toBe('ü'.repeat(256));
    expect(event.sender).toEqual({ address: 'assist@corp.example' });
    expect(event.truncated).toBe(false);
    expect(omitted).toEqual([]);
    expect(() => parseEvent(event)).not.toThrow();
    const same = buildEvent({ ...ids, direction: 'INBOUND', mailFrom: 'assist@corp.example', recipients: ['a@corp.example'], facts }).event;
    expect(same.sender).toBeUndefined();
  });

  test('recipients are cut from the end until the payload fits 128 KB, and truncated is set', () => {
    const recipients = Array.from({ length: 2000 }, (_, i) => `${'r'.repeat(60)}${i}@corp.example`);
    const { event, omitted } = buildEvent({
      ...ids,
      direction: 'INBOUND',
      mailFrom: 'x@outside.example',
      recipients,
      facts: headerFacts(Buffer.from('Subject: s\r\n\r\n')),
    });
    expect(event.truncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(131_072);
    expect(event.envelope.recipients.length + omitted.length).toBe(2000);
    expect(omitted.at(-1)).toBe(recipients.at(-1));
    expect(event.envelope.recipients.at(-1)!.address).toBe(recipients[event.envelope.recipients.length - 1]);
  });
});

test('folder names: lower case, unsafe bytes and a leading dot encoded, long ones hashed', () => {
  expect(mailboxName('Bob@Corp.Example')).toBe('bob@corp.example');
  expect(mailboxName('../x@corp.example')).toBe('%2E.%2Fx@corp.example');
  expect(mailboxName('jürgen@corp.example')).toBe('j%C3%BCrgen@corp.example');
  const long = mailboxName(`${'a'.repeat(64)}@${'b'.repeat(180)}.example`);
  expect(long.length).toBeLessThanOrEqual(200);
  expect(long).not.toBe(mailboxName(`${'a'.repeat(64)}@${'b'.repeat(180)}.exampla`));
});

test('the line diff: removed before added, unchanged lines kept, far context folded', () => {
  const before = ['From: a', 'Subject: Hi', ...Array.from({ length: 10 }, (_, i) => `line ${i}`)].join('\r\n');
  const after = ['From: a', 'Subject: [EXTERNAL] Hi', ...Array.from({ length: 10 }, (_, i) => `line ${i}`), 'footer'].join('\r\n');
  const d = lineDiff(before, after);
  expect(d.filter((l) => l.op !== ' ')).toEqual([
    { op: '-', text: 'Subject: Hi' },
    { op: '+', text: 'Subject: [EXTERNAL] Hi' },
    { op: '+', text: 'footer' },
  ]);
  expect(d.filter((l) => l.op !== '+').map((l) => l.text)).toEqual(before.split('\r\n'));
  expect(hunks(d, 1).map((l) => l.op + l.text)).toEqual([
    ' From: a',
    '-Subject: Hi',
    '+Subject: [EXTERNAL] Hi',
    ' line 0',
    ' …',
    ' line 9',
    '+footer',
  ]);
});

test('serve: a bad port or an unknown option is a usage error (exit 2) naming the problem', async () => {
  const out: string[] = [];
  const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) }, cwd: process.cwd() };
  expect(await runServeCommand(['--smtp', 'abc'], io)).toBe(2);
  expect(out.join('')).toContain('--smtp abc: a port is a number from 0 to 65535');
  out.length = 0;
  expect(await runServeCommand(['--bogus'], io)).toBe(2);
  expect(out.join('')).toMatch(/Unknown option '--bogus'[\s\S]*usage: workmail-rules serve/);
  out.length = 0;
  expect(await runServeCommand(['--help'], io)).toBe(0);
  expect(out.join('')).toContain('--mailroot DIR');
});

test('no organization domains anywhere: a SandboxError (SANDBOX_CONFIG) saying where to give them', async () => {
  const { startSandbox, SandboxError } = await import('../../../lib/local');
  const err = await startSandbox({ functions: [], smtpPort: 0, httpPort: 0 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SandboxError);
  expect(err).toMatchObject({ code: 'SANDBOX_CONFIG', message: expect.stringContaining('pass --domain corp.example') });
});

test('log lines: per recipient when short; grouped with counts (still JSON, still adding up) when over 16 KB', async () => {
  const { logLine, MAX_LOG_LINE_BYTES } = await import('../../../lib/local/sandbox/pipeline');
  const outcome = (i: number) => ({ recipient: `r${i}@corp.example`, action: 'DEFAULT' as const, placement: 'inbox' as const, file: 'x' });
  const rec = (n: number) => ({
    id: 'm',
    receivedAt: '',
    flowDirection: 'INBOUND' as const,
    mailFrom: 'a@outside.example',
    recipients: [],
    subject: 'secret subject',
    sizeBytes: 1,
    outcomes: [
      ...Array.from({ length: n }, (_, i) => outcome(i)),
      { recipient: 'x@corp.example', action: 'DROP' as const, placement: 'dropped' as const },
    ],
    notes: [],
    decisionMs: 1,
    async: [],
    original: Buffer.alloc(0),
    delivered: Buffer.alloc(0),
  });
  expect(logLine(rec(2), false)['outcomes']).toEqual([
    { domain: 'corp.example', action: 'DEFAULT', placement: 'inbox' },
    { domain: 'corp.example', action: 'DEFAULT', placement: 'inbox' },
    { domain: 'corp.example', action: 'DROP', placement: 'dropped' },
  ]);
  const big = logLine(rec(500), true);
  expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThanOrEqual(MAX_LOG_LINE_BYTES);
  expect(big).toMatchObject({
    recipientsCount: 501,
    outcomesGrouped: true,
    outcomes: [
      { action: 'DEFAULT', placement: 'inbox', count: 500 },
      { action: 'DROP', placement: 'dropped', count: 1 },
    ],
  });
  expect(JSON.stringify(big)).not.toContain('secret subject');
});

test('the store keeps the newest messages within its count and byte bounds', async () => {
  const { MessageStore } = await import('../../../lib/local/sandbox/store');
  const store = new MessageStore(3, 250);
  const add = (id: string, bytes: number) => {
    const raw = Buffer.alloc(bytes);
    store.add({
      id,
      receivedAt: '',
      flowDirection: 'INBOUND',
      mailFrom: '',
      recipients: [],
      subject: id,
      sizeBytes: bytes,
      outcomes: [],
      notes: [],
      decisionMs: 0,
      async: [],
      original: raw,
      delivered: raw,
    });
  };
  for (const id of ['a', 'b', 'c', 'd']) add(id, 10);
  expect(store.list().map((r) => r.id)).toEqual(['d', 'c', 'b']);
  add('e', 200);
  expect(store.list().map((r) => r.id)).toEqual(['e', 'd', 'c']);
  add('f', 300);
  expect(store.list().map((r) => r.id)).toEqual(['f']);
});

describe('watchFolders (serve --watch)', () => {
  let dir: string;
  let seen: string[];
  let stop: () => void;
  const settle = (ms = 250) => new Promise((r) => setTimeout(r, ms));
  const replace = (file: string, temp: string, text: string) => {
    fs.writeFileSync(path.join(dir, temp), text);
    fs.renameSync(path.join(dir, temp), file);
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-watchunit-'));
    fs.mkdirSync(path.join(dir, 'rules'));
    fs.mkdirSync(path.join(dir, 'mail'));
    fs.writeFileSync(path.join(dir, 'rules', 'a.ts'), '1');
    seen = [];
    stop = watchFolders([dir], (f) => seen.push(path.relative(dir, f)), { debounceMs: 50, ignore: [path.join(dir, 'mail')] });
  });
  afterEach(() => {
    stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every atomic save (temporary file renamed over the file) is seen, once, naming the file', async () => {
    for (const text of ['2', '3', '4']) {
      replace(path.join(dir, 'rules', 'a.ts'), path.join('rules', `.a.ts.${text}.tmp`), text);
      await settle();
    }
    expect(seen).toEqual(['rules/a.ts', 'rules/a.ts', 'rules/a.ts']);
  });

  test('temporary files that come and go, swap files and the ignored mailroot change nothing; a new folder is watched', async () => {
    fs.writeFileSync(path.join(dir, 'rules', 'sedTmp1'), 'x');
    fs.rmSync(path.join(dir, 'rules', 'sedTmp1'));
    fs.writeFileSync(path.join(dir, 'rules', '.a.ts.swp'), 'x');
    fs.writeFileSync(path.join(dir, 'mail', 'm1'), 'x');
    await settle();
    expect(seen).toEqual([]);
    fs.mkdirSync(path.join(dir, 'rules', 'sub'));
    await settle();
    fs.writeFileSync(path.join(dir, 'rules', 'sub', 'b.ts'), '1');
    await settle();
    fs.rmSync(path.join(dir, 'rules', 'a.ts'));
    await settle();
    expect(seen).toEqual(['rules/sub/b.ts', 'rules/a.ts']);
    stop();
    fs.writeFileSync(path.join(dir, 'rules', 'sub', 'b.ts'), '2');
    await settle();
    expect(seen).toHaveLength(2);
  });
});
