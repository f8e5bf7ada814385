import type { Context } from 'aws-lambda';
import { asyncHandler } from '../../lib';
import * as envelope from '../../lib/envelope';
import type { LogFields } from '../../lib/runtime/log';
import { documentedEvent } from '../fixtures/workmail/malformed';

const context = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'r', functionName: 'f' } as unknown as Context;

describe('asyncHandler', () => {
  test('hands the parsed event and a stable invocationId to the function and returns nothing', async () => {
    const seen: unknown[] = [];
    const lines: LogFields[] = [];
    const handler = asyncHandler(
      (event, tools) => {
        seen.push([event.envelope.recipients.length, tools.invocationId]);
        return { actions: [] };
      },
      { logger: { sink: (l) => lines.push(l) } },
    );
    expect(await handler(structuredClone(documentedEvent), context)).toBeUndefined();
    expect(seen).toEqual([[2, documentedEvent.invocationId]]);
    expect(lines.at(-1)).toMatchObject({ eventName: 'RUN_LAMBDA_ASYNC', invocationId: documentedEvent.invocationId, recipientsCount: 2 });
  });

  test('logs and swallows an invalid event: a retry cannot fix it', async () => {
    const lines: LogFields[] = [];
    const fn = jest.fn();
    const handler = asyncHandler(fn, { logger: { sink: (l) => lines.push(l) } });
    await expect(handler({ envelope: null }, context)).resolves.toBeUndefined();
    expect(fn).not.toHaveBeenCalled();
    expect(lines[0]).toMatchObject({ level: 'error', eventName: 'RUN_LAMBDA_ASYNC_INVALID_EVENT', errorCode: 'EVENT_VALIDATION' });
  });

  test('logs and rethrows other errors so Lambda retries', async () => {
    const lines: LogFields[] = [];
    const failure = new Error('downstream unavailable');
    const handler = asyncHandler(
      () => {
        throw failure;
      },
      { logger: { sink: (l) => lines.push(l) } },
    );
    await expect(handler(structuredClone(documentedEvent), context)).rejects.toBe(failure);
    expect(lines.at(-1)).toMatchObject({ level: 'error', eventName: 'RUN_LAMBDA_ASYNC_ERROR', errorMessage: 'downstream unavailable' });
  });

  test('reads the message through the loader once', async () => {
    let loads = 0;
    const handler = asyncHandler(
      async (_e, { message, loadMessage }) => {
        const [headers] = await Promise.all([message.headers(), loadMessage()]);
        expect(headers).toEqual([{ name: 'Subject', value: 'hi' }]);
      },
      {
        loadMessage: async () => {
          loads++;
          return Buffer.from('Subject: hi\r\n\r\nbody\r\n');
        },
        logger: { sink: () => undefined },
      },
    );
    await handler(structuredClone(documentedEvent), context);
    expect(loads).toBe(1);
  });
});

describe('the envelope-only entry', () => {
  test('decides with envelope rules; refuses a rule that reads the message (it would never act)', async () => {
    const rules = envelope.defineRules({
      direction: 'INBOUND',
      rules: [{ name: 'example-senders', when: envelope.from('example.com'), then: envelope.junk() }],
    });
    const handler = envelope.syncHandler({ rules });
    const res = await handler(structuredClone(documentedEvent), context);
    expect(res).toEqual({ actions: [{ action: { type: 'MOVE_TO_JUNK' }, allRecipients: true }] });
    const content = envelope.defineRules({
      direction: 'INBOUND',
      rules: [{ name: 'spam-header', when: envelope.header('X-Spam', /yes/), then: envelope.drop() }],
    });
    expect(() => envelope.syncHandler({ rules: content })).toThrow(/rule "spam-header" reads the message/);
  });

  test('refuses a rewrite option at construction', () => {
    expect(() => envelope.syncHandler({ decide: () => ({ recipients: [] }), ...({ rewrite: { edits: [] } } as object) })).toThrow(
      /rewrite option needs the full entry point/,
    );
  });
});
