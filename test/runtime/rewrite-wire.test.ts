/**
 * The rewrite step end to end through the local WorkMail (Message Flow emulator + S3), with the real
 * SDK clients: Get → edit → PutObject → PutRawMessageContent, and the fault matrix of issue 5. Every
 * case checks the documented outcome, a valid response with the decided actions, and that the
 * stored message is untouched whenever the rewrite did not complete.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deliver, drop, bounce } from '../../lib/engine/actions';
import type { Decision } from '../../lib/engine/decision';
import { applyEnv } from '../../lib/local/env';
import { createLocalContext } from '../../lib/local/context';
import { startLocalWorkMail, type LocalWorkMail } from '../../lib/local/workmail';
import { appendFooter, rewriteMessage, tagSubject } from '../../lib/message/rewrite';
import type { RewriteReport } from '../../lib/runtime/observer';
import type { RewriteOptions } from '../../lib/runtime/rewrite-step';
import { syncHandler } from '../../lib/runtime/handlers';
import { validateResponse } from '../../lib/workmail/validate-response';
import { EVENTS_PEER_DIR } from '../fixtures/corpus';

const EVENT = JSON.parse(readFileSync(path.join(EVENTS_PEER_DIR, 'workmail-update-email.json'), 'utf8'));
const RAW = readFileSync(path.resolve(__dirname, '..', 'fixtures', 'rewrite', 'alternative.in.eml'));
const EDITS = [tagSubject('[EXTERNAL]'), appendFooter({ text: 'Sent from outside.', html: '<p>Sent from outside.</p>' })];
const SECRET_TEXT = ['Quarterly numbers', 'numbers are ready', 'Gr=C3=BC'];

let wm: LocalWorkMail;
let restore: () => void;
let seq = 0;

beforeAll(async () => {
  wm = await startLocalWorkMail();
  restore = applyEnv(wm.env);
});
afterAll(async () => {
  restore?.();
  await wm?.stop();
});
beforeEach(() => {
  wm.faults.clear();
  wm.requests.length = 0;
});

interface Run {
  id: string;
  report?: RewriteReport;
  response: Awaited<ReturnType<ReturnType<typeof syncHandler>>>;
  logs: Record<string, unknown>[];
}

async function run(opts: {
  decision?: Decision;
  rewrite?: Partial<RewriteOptions>;
  frozen?: boolean;
  budgetMs?: number;
  invocationId?: string;
  store?: boolean;
  raw?: Buffer;
}): Promise<Run> {
  const id = `msg-${process.pid}-${++seq}`;
  if (opts.store !== false) wm.putMessage(id, opts.raw ?? RAW, { frozen: opts.frozen ?? false });
  const event = { ...structuredClone(EVENT), messageId: id, invocationId: opts.invocationId ?? `inv${seq}` };
  const decision: Decision = opts.decision ?? {
    recipients: event.envelope.recipients.map((r: { address: string }) => ({ address: r.address, action: deliver() })),
  };
  const logs: Record<string, unknown>[] = [];
  let report: RewriteReport | undefined;
  const handler = syncHandler({ decide: () => decision, rewrite: { edits: EDITS, ...opts.rewrite }, deadlineMs: 100 });
  const context = createLocalContext({
    budgetMs: opts.budgetMs ?? 10_000,
    observer: { log: (l) => logs.push(l), rewrite: (r) => (report = r) },
  });
  const response = await handler(event, context);
  expect(validateResponse(response, 'INBOUND')).toEqual([]);
  for (const line of logs) for (const t of SECRET_TEXT) expect(JSON.stringify(line)).not.toContain(t);
  return { id, report, response, logs };
}

const ops = () => wm.requests.map((r) => `${r.operation}:${r.status}`);
const deliveredToAll = (r: Run) => expect(r.response).toEqual({ actions: [{ action: { type: 'DEFAULT' }, allRecipients: true }] });

describe('rewrite through the local WorkMail', () => {
  test('Get → edit → PutObject → Put: WorkMail holds the rewritten message', async () => {
    const r = await run({ invocationId: 'abc_DEF.123' });
    const expected = await rewriteMessage(RAW, EDITS);
    expect(r.report).toMatchObject({
      status: 'rewritten',
      key: `rewrites/${r.id}/abc-DEF-123`,
      bytesBefore: RAW.length,
      bytesAfter: expected.raw.length,
    });
    expect(wm.getMessage(r.id)!.equals(expected.raw)).toBe(true);
    expect(ops()).toEqual(['GetRawMessageContent:200', 'PutObject:200', 'PutRawMessageContent:200']);
    deliveredToAll(r);
  });

  test('a retry of the same invocation writes the same key and changes nothing more', async () => {
    const first = await run({ invocationId: 'same' });
    wm.requests.length = 0;
    const handler = syncHandler({
      decide: () => ({ recipients: [{ address: 'recipient1@domainB.test', action: deliver() }] }),
      rewrite: { edits: EDITS },
    });
    let report: RewriteReport | undefined;
    await handler(
      { ...structuredClone(EVENT), messageId: first.id, invocationId: 'same' },
      createLocalContext({ observer: { log: () => {}, rewrite: (x) => (report = x) } }),
    );
    expect(report).toMatchObject({ status: 'unchanged' });
    expect(ops()).toEqual(['GetRawMessageContent:200']);
  });

  test('skips when nobody receives the message, without reading it', async () => {
    const r = await run({
      decision: {
        recipients: [
          { address: 'recipient1@domainB.test', action: drop() },
          { address: 'recipient2@domainB.test', action: bounce('no') },
        ],
      },
    });
    expect(r.report).toEqual({ status: 'skipped', reason: 'no recipient receives the message' });
    expect(ops()).toEqual([]);
  });

  test('rewrites when only the residual or an added copy still receives it', async () => {
    const r = await run({
      decision: { recipients: [{ address: 'recipient1@domainB.test', action: drop() }], copies: ['audit@corp.example'] },
    });
    expect(r.report?.status).toBe('rewritten');
  });

  test('skips when `when` does not hold, and when it is unknown', async () => {
    const { header, subject } = await import('../../lib/engine');
    const no = await run({ rewrite: { when: subject('no such subject') } });
    expect(no.report).toEqual({ status: 'skipped', reason: '`when` does not hold' });
    wm.requests.length = 0;
    const unknown = await run({ rewrite: { when: header('X-Anything') }, store: false });
    expect(unknown.report?.status).toBe('skipped');
    expect(unknown.report?.reason).toMatch(/unknown/);
  });

  test("the issue's own example: when not(from('*.corp.example')) rewrites mail from elsewhere only", async () => {
    const { not, from } = await import('../../lib/engine');
    const outside = await run({ rewrite: { when: not(from('*.corp.example')) } });
    expect(outside.report?.status).toBe('rewritten');
    const inside = await run({ rewrite: { when: not(from('*.test')) } }); // the event's sender is sender@domain.test
    expect(inside.report).toEqual({ status: 'skipped', reason: '`when` does not hold' });
    expect(wm.getMessage(inside.id)!.equals(RAW)).toBe(true);
  });

  test('fails clearly without a bucket, delivering the original', async () => {
    const saved = process.env.REWRITE_BUCKET;
    delete process.env.REWRITE_BUCKET;
    try {
      const r = await run({});
      expect(r.report?.status).toBe('failed');
      expect(r.report?.reason).toMatch(/REWRITE_BUCKET/);
      expect(wm.getMessage(r.id)!.equals(RAW)).toBe(true);
    } finally {
      process.env.REWRITE_BUCKET = saved;
    }
  });
});

describe('fault matrix', () => {
  const untouched = (r: Run) => expect(wm.getMessage(r.id)!.equals(RAW)).toBe(true);

  test('S3 5xx once: the SDK retries and the rewrite completes', async () => {
    wm.faults.inject({ service: 's3', operation: 'PutObject', status: 503 });
    const r = await run({});
    expect(r.report?.status).toBe('rewritten');
    expect(ops()).toEqual(['GetRawMessageContent:200', 'PutObject:503', 'PutObject:200', 'PutRawMessageContent:200']);
  });

  test('S3 5xx every time: failed after the retries, nothing handed to WorkMail', async () => {
    wm.faults.inject({ service: 's3', operation: 'PutObject', status: 500, times: Infinity });
    const r = await run({});
    expect(r.report?.status).toBe('failed');
    expect(r.report?.reason).toMatch(/S3 PutObject failed/);
    expect(ops().filter((o) => o.startsWith('PutRaw'))).toEqual([]);
    untouched(r);
    deliveredToAll(r);
  });

  test('S3 stall past the deadline: original delivered in time', async () => {
    wm.faults.inject({ service: 's3', operation: 'PutObject', delayMs: 3000 });
    const r = await run({ budgetMs: 800 });
    expect(r.report?.status).toBe('failed');
    expect(r.report?.reason).toMatch(/deadline/);
    untouched(r);
    deliveredToAll(r);
  });

  test('Message Flow throttling once: retried, then rewritten', async () => {
    wm.faults.inject({ service: 'messageflow', operation: 'PutRawMessageContent', status: 429, code: 'ThrottlingException' });
    const r = await run({});
    expect(r.report?.status).toBe('rewritten');
    expect(ops()).toEqual(['GetRawMessageContent:200', 'PutObject:200', 'PutRawMessageContent:429', 'PutRawMessageContent:200']);
  });

  test('Message Flow 5xx every time: failed after the retries, original kept', async () => {
    wm.faults.inject({ service: 'messageflow', operation: 'PutRawMessageContent', status: 500, times: Infinity });
    const r = await run({});
    expect(r.report?.status).toBe('failed');
    expect(r.report?.reason).toMatch(/PutRawMessageContent failed/);
    expect(ops().filter((o) => o.startsWith('PutRaw')).length).toBe(3);
    untouched(r);
  });

  test('MessageFrozen: info log, original delivered', async () => {
    const r = await run({ frozen: true });
    expect(r.report?.reason).toMatch(/^MessageFrozen/);
    expect(r.logs.find((l) => l.eventName === 'REWRITE_MESSAGE_FROZEN')).toMatchObject({ level: 'info' });
    untouched(r);
    deliveredToAll(r);
  });

  test('MessageRejected: warning with the service message, never retried', async () => {
    wm.faults.inject({
      service: 'messageflow',
      operation: 'PutRawMessageContent',
      status: 400,
      code: 'MessageRejected',
      message: 'Invalid content: [unique-header] Subject twice',
    });
    const r = await run({});
    expect(r.report?.reason).toMatch(/^MessageRejected: Invalid content: \[unique-header\] Subject twice/);
    expect(r.logs.find((l) => l.eventName === 'REWRITE_REJECTED')).toMatchObject({
      level: 'warn',
      serviceMessage: 'Invalid content: [unique-header] Subject twice',
    });
    expect(ops().filter((o) => o.startsWith('PutRaw'))).toEqual(['PutRawMessageContent:400']);
    untouched(r);
  });

  test('ResourceNotFoundException on Put: warning, original delivered', async () => {
    wm.faults.inject({ service: 'messageflow', operation: 'PutRawMessageContent', status: 404, code: 'ResourceNotFoundException' });
    const r = await run({});
    expect(r.report?.reason).toMatch(/^ResourceNotFoundException/);
    expect(r.logs.find((l) => l.eventName === 'REWRITE_MESSAGE_NOT_FOUND')).toMatchObject({ level: 'warn' });
    untouched(r);
  });

  test('InvalidContentLocation: error log naming the likely cause', async () => {
    wm.faults.inject({ service: 'messageflow', operation: 'PutRawMessageContent', status: 400, code: 'InvalidContentLocation' });
    const r = await run({});
    expect(r.report?.reason).toMatch(/^InvalidContentLocation.*Region, account or bucket policy/);
    const line = r.logs.find((l) => l.eventName === 'REWRITE_INVALID_CONTENT_LOCATION');
    expect(line).toMatchObject({ level: 'error' });
    expect(String(line?.likelyCause)).toMatch(/Region.*account.*bucket policy/);
    untouched(r);
  });

  test('Put stalls past the deadline: answered in time, the outcome said to be unknown (the request was sent)', async () => {
    wm.faults.inject({ service: 'messageflow', operation: 'PutRawMessageContent', delayMs: 3000 });
    const r = await run({ budgetMs: 800 });
    expect(r.report?.status).toBe('unknown');
    expect(r.report?.reason).toMatch(/deadline reached while PutRawMessageContent was in flight: WorkMail may or may not/);
    expect(r.logs.find((l) => l.eventName === 'REWRITE_OUTCOME_UNKNOWN')).toMatchObject({ call: 'PutRawMessageContent', deadline: true });
    deliveredToAll(r);
  });

  test('a result that fails the MIME checks is not uploaded', async () => {
    // the original already has a 1100-octet header line: the edited message keeps it and fails
    const raw = Buffer.from(RAW.toString('latin1').replace('\r\n', `\r\nX-Long: ${'y'.repeat(1100)}\r\n`), 'latin1');
    const r = await run({ raw, rewrite: { edits: [tagSubject('[EXTERNAL]')] } });
    expect(r.report?.status).toBe('failed');
    expect(r.report?.reason).toMatch(/fails the MIME checks \(line-length\)/);
    expect(ops()).toEqual(['GetRawMessageContent:200']);
    expect(wm.getMessage(r.id)!.equals(raw)).toBe(true);
  });
});
