/**
 * The SMTP side against a hostile client, over a real socket (issue 31): a message three times the
 * 40 MB limit sent without SIZE= is read and dropped, not kept (552, nothing stored, memory does not
 * grow by the message), and two different 8-bit recipients that are not UTF-8 are refused (553)
 * rather than read as one, while SMTPUTF8 addresses in valid UTF-8 keep working.
 */
import * as net from 'node:net';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { SandboxRecord } from '../../../lib/local';
import { LIMITS } from '../../../lib/workmail/limits';
import { allDelivered, api, maildir, startTestSandbox, type TestSandbox } from './helpers';

/** A bare SMTP client: `send` writes one line (raw bytes allowed) and resolves with the complete reply. */
class RawSmtp {
  private buf = Buffer.alloc(0);
  private waiting: ((reply: string) => void)[] = [];
  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (let m = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(this.buf.toString('latin1')); m; ) {
        const end = m.index + m[0].length;
        const reply = this.buf.subarray(0, end).toString('latin1').trim();
        this.buf = this.buf.subarray(end);
        this.waiting.shift()?.(reply);
        m = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(this.buf.toString('latin1'));
      }
    });
  }

  static async open(port: number): Promise<RawSmtp> {
    const socket = net.connect(port, '127.0.0.1');
    const client = new RawSmtp(socket);
    open.push(client);
    const greeting = client.reply();
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    expect(await greeting).toMatch(/^220 /);
    return client;
  }

  reply(): Promise<string> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  send(line: string | Buffer): Promise<string> {
    const reply = this.reply();
    this.socket.write(Buffer.concat([Buffer.isBuffer(line) ? line : Buffer.from(line), Buffer.from('\r\n')]));
    return reply;
  }

  /** Writes `bytes` of message text after DATA's 354, with backpressure, then the final dot. */
  async data(bytes: number): Promise<string> {
    expect(await this.send('DATA')).toMatch(/^354 /);
    const head = Buffer.from('From: a@outside.example\r\nSubject: big\r\n\r\n');
    const line = Buffer.alloc(64 * 1024, 'y'.repeat(78) + '\r\n');
    let left = bytes;
    if (!this.socket.write(head)) await new Promise((r) => this.socket.once('drain', r));
    while (left > 0) {
      const chunk = left >= line.length ? line : line.subarray(0, left);
      left -= chunk.length;
      if (!this.socket.write(chunk)) await new Promise((r) => this.socket.once('drain', r));
    }
    return this.send('\r\n.');
  }

  async quit(): Promise<void> {
    await this.send('QUIT');
    this.socket.end();
  }
}

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.cleanup());

const records = async () => (await api<{ messages: SandboxRecord[] }>(t.sandbox, '/api/messages')).messages;
v8.setFlagsFromString('--expose-gc');
/** A full collection before each reading, so what is measured is what is kept, not garbage not yet collected. */
const gc = vm.runInNewContext('gc') as () => void;
const used = () => {
  gc();
  const m = process.memoryUsage();
  return m.arrayBuffers + m.heapUsed;
};
let open: RawSmtp[] = [];
afterEach(() => {
  for (const c of open) c.socket.destroy();
  open = [];
});

test('3x the 40 MB limit without SIZE=: read and dropped as it arrives, 552, nothing stored, memory does not grow by it', async () => {
  const before = (await records()).length;
  const client = await RawSmtp.open(t.sandbox.smtpPort);
  expect(await client.send('EHLO attacker.example')).toMatch(new RegExp(`^250[ -].*SIZE ${LIMITS.maxMimeBytes}`, 's'));
  expect(await client.send('MAIL FROM:<a@outside.example>')).toMatch(/^250 /);
  expect(await client.send('RCPT TO:<huge@corp.example>')).toMatch(/^250 /);

  const sent = 3 * LIMITS.maxMimeBytes;
  const baseline = used();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, used() - baseline)), 25);
  const reply = await client.data(sent);
  clearInterval(sampler);
  peak = Math.max(peak, used() - baseline);

  expect(reply).toMatch(/^552 5\.3\.4 Message size exceeds fixed maximum message size/);
  // at most what is allowed is ever kept (the 40 MB up to the limit, then nothing): keeping the
  // message would take all 120 MB
  expect(peak).toBeLessThan(LIMITS.maxMimeBytes * 1.25);
  expect(peak).toBeLessThan(sent / 2);
  // the connection is still usable after the refusal
  expect(await client.send('RSET')).toMatch(/^250 /);
  await client.quit();
  await t.sandbox.idle();
  expect((await records()).length).toBe(before);
  expect(maildir(t.mailroot, 'huge@corp.example')).toEqual([]);
  expect(allDelivered(t.mailroot).filter((f) => f.startsWith('huge@'))).toEqual([]);
  expect(t.logs.filter((l) => l['eventName'] === 'SANDBOX_MESSAGE' && JSON.stringify(l).includes('huge'))).toEqual([]);
  expect(t.logs).toContainEqual(expect.objectContaining({ eventName: 'SANDBOX_REJECTED', stage: 'DATA', code: 552 }));
}, 120_000);

test('two different 8-bit recipients that are not UTF-8 are each refused with 553, not merged into one', async () => {
  const before = allDelivered(t.mailroot).length;
  const client = await RawSmtp.open(t.sandbox.smtpPort);
  await client.send('EHLO attacker.example');
  expect(await client.send('MAIL FROM:<a@outside.example>')).toMatch(/^250 /);
  const rcpt = (bytes: number[]) =>
    client.send(Buffer.concat([Buffer.from('RCPT TO:<'), Buffer.from(bytes), Buffer.from('@corp.example>')]));
  const first = await rcpt([0xff, 0xfe]);
  const second = await rcpt([0xfe, 0xff]);
  for (const reply of [first, second]) expect(reply).toMatch(/^553 5\.1\.3 Recipient address is not valid UTF-8/);
  // with no recipient accepted there is nothing to deliver
  expect(await client.send('DATA')).toMatch(/^503 /);
  // an undecodable sender is refused too
  expect(await client.send('RSET')).toMatch(/^250 /);
  expect(await client.send(Buffer.concat([Buffer.from('MAIL FROM:<'), Buffer.from([0xe9]), Buffer.from('@outside.example>')]))).toMatch(
    /^553 5\.1\.7 Sender address is not valid UTF-8/,
  );
  await client.quit();
  expect(allDelivered(t.mailroot).length).toBe(before);
  expect(t.logs.filter((l) => l['eventName'] === 'SANDBOX_REJECTED' && l['code'] === 553)).toHaveLength(3);
  // the log line names the problem, not the bytes
  expect(JSON.stringify(t.logs)).not.toContain('\uFFFD');
});

test('SMTPUTF8 recipients in valid UTF-8 are accepted and kept apart', async () => {
  const client = await RawSmtp.open(t.sandbox.smtpPort);
  await client.send('EHLO sender.example');
  expect(await client.send('MAIL FROM:<a@outside.example> SMTPUTF8')).toMatch(/^250 /);
  expect(await client.send(Buffer.from('RCPT TO:<jürgen@corp.example>'))).toMatch(/^250 /);
  expect(await client.send(Buffer.from('RCPT TO:<jörgen@corp.example>'))).toMatch(/^250 /);
  expect(await client.send('DATA')).toMatch(/^354 /);
  expect(await client.send('From: a@outside.example\r\nSubject: grüße\r\n\r\nhi\r\n.')).toMatch(/^250 /);
  await client.quit();
  await t.sandbox.idle();
  const r = (await records())[0]!;
  expect(r.outcomes.map((o) => o.recipient)).toEqual(['jürgen@corp.example', 'jörgen@corp.example']);
  expect(maildir(t.mailroot, 'j%C3%BCrgen@corp.example')).toHaveLength(1);
  expect(maildir(t.mailroot, 'j%C3%B6rgen@corp.example')).toHaveLength(1);
});
