import * as path from 'node:path';
import type { Context } from 'aws-lambda';
import { replay, stopSharedLocalWorkMail, loadEvent, useLocalWorkMail, LocalWorkMailError } from '../../lib/local';
import { defaultLocalWorkMail } from '../../lib/local/shared';
import { OBSERVER } from '../../lib/runtime/observer';
import type { LambdaEventData } from '../../lib/workmail/types';

const fixtures = path.join(__dirname, '..', 'fixtures', 'local');
const tiny = path.join(fixtures, 'handlers', 'tiny.ts');
const eventPath = (name: string) => path.join(fixtures, 'events', `${name}.json`);

describe('replay with the shared local WorkMail', () => {
  afterAll(() => stopSharedLocalWorkMail());

  test('runs a handler module on an event file and reports decisions with their rules', async () => {
    const r = await replay(tiny, eventPath('mixed'));
    expect(r.decisions).toEqual([
      { recipient: 'bob@corp.example', action: 'DEFAULT' },
      { recipient: 'bounce-me@corp.example', action: 'BOUNCE', rule: 'bounce-list', bounceMessage: 'Not accepted here.' },
      { recipient: 'drop-me@corp.example', action: 'DROP', rule: 'drop-list' },
      { recipient: 'junk-me@corp.example', action: 'MOVE_TO_JUNK', rule: 'junk-list' },
      { recipient: 'vip@corp.example', action: 'BYPASS_SPAM_CHECK', rule: 'vip' },
      { recipient: '*', action: 'DEFAULT' },
    ]);
    expect(r.response.actions.at(-1)).toEqual({ action: { type: 'DEFAULT' }, allRecipients: true });
    expect(r.rewritten).toBeNull();
    expect(r.logs).toEqual([{ eventName: 'RUN_LAMBDA_DECISION', messageId: '11111111-2222-3333-4444-555555555555', recipientsCount: 5 }]);
    expect(typeof r.durationMs).toBe('number');
  });

  test('the shared instance is started once and reused', async () => {
    const a = await defaultLocalWorkMail();
    await replay(tiny, eventPath('mixed'));
    expect(await defaultLocalWorkMail()).toBe(a);
  });

  test('without a recorded message one is generated from the event and stored under its messageId', async () => {
    const r = await replay(tiny, eventPath('mixed'));
    const text = r.original.toString();
    expect(text).toMatch(/^From: alice@partner\.example\r$/m);
    expect(text).toMatch(/^Subject: Hello\r$/m);
    expect(text).toContain('bounce-me@corp.example');
    expect(text).toMatch(/^Message-ID: <11111111-2222-3333-4444-555555555555@workmail-rules\.local>\r$/m);
    const wm = await defaultLocalWorkMail();
    expect(wm.getMessage('11111111-2222-3333-4444-555555555555')).toEqual(r.original);
  });

  test('a sibling .eml is used as the raw message', async () => {
    const r = await replay(tiny, eventPath('with-eml'));
    expect(r.original.toString()).toContain('Message-ID: <recorded@partner.example>');
  });

  test('options.message wins over everything', async () => {
    const r = await replay(tiny, eventPath('with-eml'), { message: 'From: x@example.com\r\n\r\nbody\r\n' });
    expect(r.original.toString()).toBe('From: x@example.com\r\n\r\nbody\r\n');
  });

  test('a handler that rewrites through the real SDK clients yields `rewritten`', async () => {
    const wm = await defaultLocalWorkMail();
    const n = wm.requests.length;
    const r = await replay(tiny, eventPath('rewrite'));
    expect(r.rewritten).not.toBeNull();
    expect(r.rewritten!.toString()).toMatch(/^Subject: \[EXTERNAL\] Quarterly \[rewrite\]\r$/m);
    expect(r.rewrite).toMatchObject({ status: 'rewritten', key: 'rewrites/rewrite-0001' });
    expect(wm.requests.slice(n).map((q) => `${q.service}:${q.operation}:${q.status}`)).toEqual([
      'messageflow:GetRawMessageContent:200',
      's3:PutObject:200',
      'messageflow:PutRawMessageContent:200',
    ]);
  });

  test('a rewrite on a frozen message fails inside the handler with MessageFrozen', async () => {
    await expect(replay(tiny, eventPath('rewrite'), { frozen: true })).rejects.toMatchObject({
      code: 'REPLAY_HANDLER',
      cause: expect.objectContaining({ name: 'MessageFrozen' }),
    });
  });

  test('the handler sees a Lambda-like context and the emulator env, restored afterwards', async () => {
    const before = process.env.AWS_ENDPOINT_URL_WORKMAILMESSAGEFLOW;
    let seen: { ctx: Context; endpoint?: string; bucket?: string } | undefined;
    const r = await replay(
      async (event: LambdaEventData, ctx: Context) => {
        seen = { ctx, endpoint: process.env.AWS_ENDPOINT_URL_WORKMAILMESSAGEFLOW, bucket: process.env.REWRITE_BUCKET };
        return {
          actions: [
            { action: { type: 'DROP' }, recipients: [event.envelope.recipients[0]!.address] },
            { action: { type: 'DEFAULT' }, allRecipients: true },
          ],
        };
      },
      loadEvent(eventPath('mixed')),
      { functionName: 'inbound-rules' },
    );
    const wm = await defaultLocalWorkMail();
    expect(seen!.endpoint).toBe(wm.messageFlowEndpoint);
    expect(seen!.bucket).toBe(wm.bucket);
    expect(process.env.AWS_ENDPOINT_URL_WORKMAILMESSAGEFLOW).toBe(before);
    const ctx = seen!.ctx;
    expect(ctx.functionName).toBe('inbound-rules');
    expect(ctx.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ctx.callbackWaitsForEmptyEventLoop).toBe(true);
    const remaining = ctx.getRemainingTimeInMillis();
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(15_000);
    expect((ctx as unknown as Record<symbol, unknown>)[OBSERVER]).toBeDefined();
    // a plain handler: decisions are read off the response, without rule names
    expect(r.decisions).toEqual([
      { recipient: 'bob@corp.example', action: 'DROP' },
      { recipient: '*', action: 'DEFAULT' },
    ]);
  });

  test('callback-style handlers work', async () => {
    const r = await replay(
      (_e: unknown, _c: Context, cb?: (err?: unknown, v?: unknown) => void) => {
        setImmediate(() => cb!(null, { actions: [{ action: { type: 'BOUNCE' }, allRecipients: true }] }));
      },
      loadEvent(eventPath('mixed')),
    );
    expect(r.decisions).toEqual([{ recipient: '*', action: 'BOUNCE' }]);
  });

  test('explain asks the handler for a trace', async () => {
    const r = await replay(tiny, eventPath('mixed'), { explain: true });
    expect(r.decision?.trace?.['vip@corp.example']).toEqual([{ rule: 'vip', outcome: 'match' }]);
    const plain = await replay(tiny, eventPath('mixed'));
    expect(plain.decision?.trace).toBeUndefined();
  });

  test('a handler error is wrapped with the message id and the original as cause', async () => {
    const err = await replay(path.join(fixtures, 'handlers', 'throws'), eventPath('mixed')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalWorkMailError);
    expect(err).toMatchObject({ code: 'REPLAY_HANDLER', message: expect.stringContaining('rule engine exploded') });
    expect((err as Error).message).toContain('11111111-2222-3333-4444-555555555555');
  });

  test('a handler over the budget fails the replay with REPLAY_TIMEOUT', async () => {
    const slow = () => new Promise((resolve) => setTimeout(() => resolve({ actions: [] }), 200));
    await expect(replay(slow, loadEvent(eventPath('mixed')), { budgetMs: 20 })).rejects.toMatchObject({ code: 'REPLAY_TIMEOUT' });
  });

  test('a missing handler module or event file is a clear error', async () => {
    await expect(replay(path.join(fixtures, 'handlers', 'nope'), eventPath('mixed'))).rejects.toMatchObject({ code: 'REPLAY_HANDLER' });
    await expect(replay(tiny, eventPath('nope'))).rejects.toMatchObject({
      code: 'REPLAY_EVENT',
      message: expect.stringContaining('nope.json'),
    });
  });
});

describe('loadEvent', () => {
  test('returns a fresh clone with deep overrides; undefined removes a field', () => {
    const a = loadEvent(eventPath('mixed'), {
      envelope: { recipients: [{ address: 'x@corp.example' }] },
      subject: 'Changed',
      truncated: undefined,
    });
    const b = loadEvent(eventPath('mixed'));
    expect(a.envelope.recipients).toEqual([{ address: 'x@corp.example' }]);
    expect(a.envelope.mailFrom).toEqual({ address: 'alice@partner.example' });
    expect(a.subject).toBe('Changed');
    expect('truncated' in a).toBe(false);
    expect(b.envelope.recipients).toHaveLength(5);
    b.envelope.recipients.length = 0;
    expect(loadEvent(eventPath('mixed')).envelope.recipients).toHaveLength(5);
  });
});

describe('useLocalWorkMail', () => {
  const wm = useLocalWorkMail({ bucket: 'suite-bucket' });

  test('starts an instance for the suite that replay uses by default', async () => {
    expect(wm().bucket).toBe('suite-bucket');
    const r = await replay(tiny, eventPath('rewrite'));
    expect(r.rewritten).not.toBeNull();
    expect(wm().getMessage('rewrite-0001')).toEqual(r.rewritten);
    expect(wm().requests.map((q) => q.operation)).toEqual(['GetRawMessageContent', 'PutObject', 'PutRawMessageContent']);
  });

  test('a Message Flow fault reaches the handler as the SDK reports it', async () => {
    wm().faults.inject({
      service: 'messageflow',
      operation: 'GetRawMessageContent',
      status: 403,
      code: 'AccessDeniedException',
      message: 'denied',
    });
    const err = await replay(tiny, eventPath('rewrite')).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'REPLAY_HANDLER',
      cause: expect.objectContaining({ name: 'AccessDeniedException', message: 'denied' }),
    });
    expect(wm().faults.pending).toBe(0);
  });

  test('fault injection on the suite instance reaches the handler', async () => {
    wm().faults.inject({ service: 's3', operation: 'PutObject', status: 403 });
    await expect(replay(tiny, eventPath('rewrite'))).rejects.toMatchObject({
      code: 'REPLAY_HANDLER',
      cause: expect.objectContaining({ name: 'AccessDenied' }),
    });
  });
});
