import type { Context } from 'aws-lambda';
import { bounce, deliver, drop, junk, validateResponse, type Decision, type SyncResponse } from '../../lib';
import type { LogFields } from '../../lib/runtime/log';
import { syncHandler } from '../../lib/runtime/handlers';
import type { SyncHandlerOptions } from '../../lib/runtime/sync-handler';
import { documentedEvent, malformedEvents } from '../fixtures/workmail/malformed';

function contextWith(remainingMs: number): Context {
  const end = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => end - Date.now(), awsRequestId: 'test', functionName: 'test' } as unknown as Context;
}

function build(options: Omit<SyncHandlerOptions, 'logger'>) {
  const lines: LogFields[] = [];
  const handler = syncHandler({ ...options, logger: { sink: (l) => lines.push(l) } });
  return { handler, lines };
}

const decideAll = (decision: (addresses: string[]) => Decision) => (ev: { envelope: { recipients: { address: string }[] } }) =>
  decision(ev.envelope.recipients.map((r) => r.address));

describe('syncHandler', () => {
  test('answers with the planned response and one decision log line', async () => {
    const { handler, lines } = build({
      decide: decideAll((rs) => ({
        recipients: rs.map((address, i) => ({ address, action: i === 0 ? drop() : deliver(), rule: i === 0 ? 'no-first' : undefined })),
      })),
    });
    const res = await handler(structuredClone(documentedEvent), contextWith(15_000));
    // One recipient each: the tie goes to DEFAULT as the allRecipients entry.
    expect(res).toEqual({
      actions: [
        { action: { type: 'DEFAULT' }, allRecipients: true },
        { action: { type: 'DROP' }, recipients: ['recipient1@example.com'] },
      ],
    });
    const decisionLines = lines.filter((l) => l.eventName === 'RUN_LAMBDA_DECISION');
    expect(decisionLines).toHaveLength(1);
    expect(decisionLines[0]).toMatchObject({
      messageId: documentedEvent.messageId,
      invocationId: documentedEvent.invocationId,
      flowDirection: 'INBOUND',
      recipientsCount: 2,
      fallbackUsed: false,
      ruleActions: [
        { action: 'DEFAULT', recipients: [], allRecipients: true, ruleNames: [] },
        { action: 'DROP', recipients: ['recipient1@example.com'], ruleNames: ['no-first'] },
      ],
    });
    expect(typeof decisionLines[0]!.durationMs).toBe('number');
    expect(JSON.stringify(lines)).not.toContain(documentedEvent.subject);
  });

  test('logs the subject only when asked to', async () => {
    const lines: LogFields[] = [];
    const handler = syncHandler({ decide: () => ({ recipients: [] }), logger: { sink: (l) => lines.push(l), subject: true } });
    await handler(structuredClone(documentedEvent), contextWith(15_000));
    expect(lines.at(-1)!.subject).toBe(documentedEvent.subject);
  });

  test('answers a decide that never resolves with the fallback before the time runs out', async () => {
    const { handler, lines } = build({
      decide: () => new Promise<Decision>(() => undefined),
      fallback: bounce('Try later.'),
      deadlineMs: 200,
    });
    const res = await handler(structuredClone(documentedEvent), contextWith(1_000));
    expect(res).toEqual({ actions: [{ action: { type: 'BOUNCE', parameters: { bounceMessage: 'Try later.' } }, allRecipients: true }] });
    expect(lines.at(-1)).toMatchObject({ fallbackUsed: true, fallbackReason: 'DEADLINE' });
  });

  test('fires the abort signal at the deadline', async () => {
    let aborted = false;
    const { handler } = build({
      deadlineMs: 100,
      decide: (_e, tools) =>
        new Promise<Decision>((resolve) =>
          tools.signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ recipients: [] });
          }),
        ),
    });
    await handler(structuredClone(documentedEvent), contextWith(400));
    expect(aborted).toBe(true);
  });

  test('uses the fallback when decide throws, and rethrows transient errors with onError: retry', async () => {
    const boom = () => {
      throw new TypeError('bug in rules');
    };
    const { handler, lines } = build({ decide: boom });
    expect(await handler(structuredClone(documentedEvent), contextWith(15_000))).toEqual({
      actions: [{ action: { type: 'DEFAULT' }, allRecipients: true }],
    });
    expect(lines.find((l) => l.eventName === 'RUN_LAMBDA_ERROR')).toMatchObject({ errorName: 'TypeError', errorMessage: 'bug in rules' });

    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    const retrying = build({
      onError: 'retry',
      decide: () => {
        throw throttled;
      },
    }).handler;
    await expect(retrying(structuredClone(documentedEvent), contextWith(15_000))).rejects.toBe(throttled);
    const permanent = build({ onError: 'retry', decide: boom }).handler;
    expect(validateResponse(await permanent(structuredClone(documentedEvent), contextWith(15_000)), 'INBOUND')).toEqual([]);
  });

  test('rethrows a transient message-read failure with onError: retry, and decides without it otherwise', async () => {
    const unavailable = Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
    const options: Omit<SyncHandlerOptions, 'logger'> = {
      loadMessage: async () => {
        throw unavailable;
      },
      decide: async (ev, tools) => {
        await tools.loadMessage().catch(() => undefined);
        return { recipients: ev.envelope.recipients.map((r) => ({ address: r.address, action: junk() })) };
      },
    };
    await expect(build({ ...options, onError: 'retry' }).handler(structuredClone(documentedEvent), contextWith(15_000))).rejects.toBe(
      unavailable,
    );
    const { handler, lines } = build(options);
    expect((await handler(structuredClone(documentedEvent), contextWith(15_000))).actions[0]!.action.type).toBe('MOVE_TO_JUNK');
    expect(lines.filter((l) => l.eventName === 'MESSAGE_UNREADABLE')).toHaveLength(1);
  });

  test('replaces a plan that breaks the rules with the fallback', async () => {
    const { handler, lines } = build({ decide: decideAll((rs) => ({ recipients: rs.map((address) => ({ address, action: junk() })) })) });
    const out = structuredClone(documentedEvent);
    out.flowDirection = 'OUTBOUND';
    expect(await handler(out, contextWith(15_000))).toEqual({ actions: [{ action: { type: 'DEFAULT' }, allRecipients: true }] });
    expect(lines.at(-1)).toMatchObject({ fallbackUsed: true, fallbackReason: 'PLAN' });
  });

  test('falls back to DEFAULT when the configured fallback is not allowed for the direction', async () => {
    const { handler } = build({
      decide: () => {
        throw new Error('x');
      },
      fallback: junk(),
    });
    const out = structuredClone(documentedEvent);
    out.flowDirection = 'OUTBOUND';
    expect(await handler(out, contextWith(15_000))).toEqual({ actions: [{ action: { type: 'DEFAULT' }, allRecipients: true }] });
  });

  test('loads the message at most once per invocation, whoever asks', async () => {
    let loads = 0;
    const { handler } = build({
      loadMessage: async () => {
        loads++;
        return Buffer.from('Subject: x\r\n\r\nbody\r\n');
      },
      decide: async (_e, tools) => {
        await Promise.all([tools.loadMessage(), tools.loadMessage(), tools.message.headers(), tools.message.size()]);
        return { recipients: [] };
      },
    });
    await handler(structuredClone(documentedEvent), contextWith(15_000));
    expect(loads).toBe(1);
  });

  describe('with malformed events', () => {
    test.each(malformedEvents.map((c) => [c.name, c] as const))('answers %s with a valid fallback response', async (_n, c) => {
      const { handler, lines } = build({ decide: () => ({ recipients: [] }), fallback: drop() });
      let res: SyncResponse | undefined;
      await expect(
        (async () => {
          res = await handler(c.make(), contextWith(15_000));
        })(),
      ).resolves.toBeUndefined();
      expect(res).toEqual({ actions: [{ action: { type: 'DROP' }, allRecipients: true }] });
      expect(validateResponse(res, 'INBOUND')).toEqual([]);
      const err = lines.find((l) => l.eventName === 'RUN_LAMBDA_ERROR')!;
      expect(err.fallbackReason).toBe('EVENT_VALIDATION');
      expect((err.issues as { path: string }[]).map((i) => i.path)).toContain(c.path);
    });
  });
});
