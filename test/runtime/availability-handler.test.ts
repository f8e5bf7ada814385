import type { Context } from 'aws-lambda';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { availabilityHandler, validateAvailabilityResponse, workingHours, type AvailabilityResponse } from '../../lib/availability';
import { EVENTS_PEER_DIR } from '../fixtures/corpus';

const sample = JSON.parse(fs.readFileSync(path.join(EVENTS_PEER_DIR, 'cap', 'lambda_query_availability.json'), 'utf8'));
const hours = workingHours({ timeZone: 'Europe/Berlin', year: 2021 });
const busy = { startTime: '2021-05-04T08:00:00Z', endTime: '2021-05-04T09:00:00Z', busyType: 'BUSY' as const };

function contextWith(ms: number): Context {
  const end = Date.now() + ms;
  return { awsRequestId: 'req-1', getRemainingTimeInMillis: () => Math.max(0, end - Date.now()) } as unknown as Context;
}

function capture() {
  const lines: Record<string, any>[] = [];
  return { lines, sink: (l: Record<string, unknown>) => lines.push(l) };
}

const request = (mailboxes: unknown[]) => ({ ...structuredClone(sample), mailboxes });

describe('availabilityHandler, per mailbox', () => {
  test('answers the sample: one entry per mailbox, in order, and one log line without subjects', async () => {
    const log = capture();
    const handler = availabilityHandler(
      async (req, { mailbox }) => {
        expect(req.mailboxes).toEqual([mailbox]);
        return mailbox.startsWith('unknown')
          ? { error: 'MailboxNotFound' }
          : {
              events: [
                {
                  ...busy,
                  details: {
                    subject: 'Secret plan',
                    location: 'x',
                    instanceType: 'SINGLE_INSTANCE',
                    isMeeting: true,
                    isReminderSet: false,
                    isPrivate: false,
                  },
                },
              ],
              workingHours: hours,
            };
      },
      { logger: { sink: log.sink } },
    );
    const response = await handler(sample, contextWith(20_000));
    expect(response.mailboxes.map((m) => [m.mailbox, 'error' in m ? m.error : m.events.length])).toEqual([
      ['user2@external.example.com', 1],
      ['unknown@internal.example.com', 'MailboxNotFound'],
    ]);
    expect(validateAvailabilityResponse(response, { mailboxes: sample.mailboxes })).toEqual([]);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({
      level: 'info',
      eventName: 'AVAILABILITY_RESPONSE',
      invocationId: 'req-1',
      organization: sample.requester.organization,
      mailboxCount: 2,
      answeredCount: 1,
      eventCount: 1,
      errorCounts: { MailboxNotFound: 1 },
    });
    expect(JSON.stringify(log.lines)).not.toContain('Secret plan');
  });

  test('subjects are logged only when turned on', async () => {
    const log = capture();
    const handler = availabilityHandler(
      () => ({
        events: [
          {
            ...busy,
            details: {
              subject: 'Standup',
              location: '',
              instanceType: 'RECURRING_INSTANCE',
              isMeeting: true,
              isReminderSet: true,
              isPrivate: false,
            },
          },
        ],
        workingHours: hours,
      }),
      { logger: { sink: log.sink, subjects: true } },
    );
    await handler(request(['a@x.example']), contextWith(20_000));
    expect(log.lines[0]!.subjects).toEqual(['Standup']);
  });

  test('a lookup that throws or returns garbage fails only its mailbox, and the log names the problem', async () => {
    const log = capture();
    const handler = availabilityHandler(
      async (_r, { mailbox }) => {
        if (mailbox.startsWith('throws')) throw new Error('backend down');
        if (mailbox.startsWith('garbage')) return 'not an answer' as never;
        if (mailbox.startsWith('bad')) return { events: [{ ...busy, busyType: 'Busy' }], workingHours: hours } as never;
        return { events: [busy], workingHours: hours };
      },
      { logger: { sink: log.sink } },
    );
    const response = await handler(
      request(['throws@x.example', 'garbage@x.example', 'bad@x.example', 'fine@x.example']),
      contextWith(20_000),
    );
    expect(response.mailboxes.map((m) => ('error' in m ? m.error : 'ok'))).toEqual([
      'ErrorFreeBusyGenerationFailed',
      'ErrorResponseSchemaValidation',
      'ErrorResponseSchemaValidation',
      'ok',
    ]);
    const line = log.lines[0]!;
    expect(line.level).toBe('warn');
    expect(line.problems.map((p: any) => [p.index, p.reason])).toEqual([
      [0, 'threw'],
      [1, 'invalid'],
      [2, 'invalid'],
    ]);
    expect(line.problems[0].errorMessage).toBe('backend down');
    expect(line.problems[2].issues).toEqual([
      { path: '.events[0].busyType', message: 'expected one of BUSY, FREE, TENTATIVE, got "Busy"' },
    ]);
  });

  test('a lookup that never resolves yields ErrorTimeoutExpired before the context runs out; the others are kept', async () => {
    const log = capture();
    let aborted = false;
    const handler = availabilityHandler(
      (_r, { mailbox, signal }) => {
        if (mailbox === 'slow@x.example') {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
          return new Promise(() => undefined);
        }
        return { events: [busy], workingHours: hours };
      },
      { deadlineMs: 150, concurrency: 1, logger: { sink: log.sink } },
    );
    const context = contextWith(400);
    const response = await handler(request(['fast@x.example', 'slow@x.example', 'after@x.example']), context);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(aborted).toBe(true);
    expect(response.mailboxes.map((m) => ('error' in m ? m.error : 'ok'))).toEqual(['ok', 'ErrorTimeoutExpired', 'ErrorTimeoutExpired']);
    expect(log.lines[0]!.errorCounts).toEqual({ ErrorTimeoutExpired: 2 });
  });

  test('duplicates differing in case are looked up once and answered under each spelling', async () => {
    const calls: string[] = [];
    const log = capture();
    const handler = availabilityHandler(
      ({ mailboxes }) => {
        calls.push(mailboxes[0]!);
        return { events: [], workingHours: hours };
      },
      { logger: { sink: log.sink } },
    );
    const response = await handler(request(['Bob@X.example', 'bob@x.example', 'eve@x.example']), contextWith(20_000));
    expect(calls).toEqual(['Bob@X.example', 'eve@x.example']);
    expect(response.mailboxes.map((m) => m.mailbox)).toEqual(['Bob@X.example', 'bob@x.example', 'eve@x.example']);
    expect(log.lines[0]!.duplicateMailboxes).toBe(1);
  });

  test('1 000 mailboxes get 1 000 entries, at most `concurrency` lookups at once', async () => {
    let running = 0;
    let peak = 0;
    const handler = availabilityHandler(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setImmediate(r));
        running--;
        return { events: [busy], workingHours: hours };
      },
      { concurrency: 5, logger: { sink: () => undefined } },
    );
    const mailboxes = Array.from({ length: 1000 }, (_, i) => `user${i}@x.example`);
    const response = await handler(request(mailboxes), contextWith(20_000));
    expect(response.mailboxes).toHaveLength(1000);
    expect(validateAvailabilityResponse(response, { mailboxes })).toEqual([]);
    expect(peak).toBe(5);
  });

  test('an invalid request is answered (error entries for the mailboxes it lists) and logged with its issues', async () => {
    const log = capture();
    const fn = jest.fn();
    const handler = availabilityHandler(fn, { logger: { sink: log.sink } });
    const bad = { ...structuredClone(sample), window: { startDate: '2021-05-06T00:00:00Z', endDate: '2021-05-04T00:00:00Z' } };
    const response = await handler(bad, contextWith(20_000));
    expect(fn).not.toHaveBeenCalled();
    expect(response).toEqual({
      mailboxes: sample.mailboxes.map((mailbox: string) => ({ mailbox, error: 'ErrorFreeBusyGenerationFailed' })),
    });
    expect(log.lines[0]).toMatchObject({ level: 'warn', invalidRequest: true, issues: [{ path: 'window.endDate' }] });
    expect(await handler('garbage', contextWith(20_000))).toEqual({ mailboxes: [] });
  });
});

describe('availabilityHandler, per request', () => {
  test('entries are matched to the requested mailboxes; missing and extra ones are handled', async () => {
    const log = capture();
    const handler = availabilityHandler(
      () => ({
        mailboxes: [
          { mailbox: 'other@x.example', error: 'MailboxNotFound' },
          { mailbox: 'USER2@external.example.com', events: [busy], workingHours: hours },
        ],
      }),
      { per: 'request', logger: { sink: log.sink } },
    );
    const response: AvailabilityResponse = await handler(sample, contextWith(20_000));
    expect(response.mailboxes).toEqual([
      { mailbox: 'user2@external.example.com', events: [busy], workingHours: hours },
      { mailbox: 'unknown@internal.example.com', error: 'ErrorFreeBusyGenerationFailed' },
    ]);
    expect(log.lines[0]!.problems).toEqual([{ index: 1, reason: 'missing' }]);
  });

  test('a request lookup that throws or never answers fails every mailbox, in time', async () => {
    const throws = availabilityHandler(
      () => {
        throw new Error('no');
      },
      { per: 'request', logger: { sink: () => undefined } },
    );
    expect((await throws(sample, contextWith(20_000))).mailboxes.map((m) => 'error' in m && m.error)).toEqual([
      'ErrorFreeBusyGenerationFailed',
      'ErrorFreeBusyGenerationFailed',
    ]);
    const hangs = availabilityHandler(() => new Promise<never>(() => undefined), {
      per: 'request',
      deadlineMs: 100,
      logger: { sink: () => undefined },
    });
    const context = contextWith(250);
    expect((await hangs(sample, context)).mailboxes.map((m) => 'error' in m && m.error)).toEqual([
      'ErrorTimeoutExpired',
      'ErrorTimeoutExpired',
    ]);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });

  test('bad options are TypeErrors at definition time', () => {
    expect(() => availabilityHandler(() => ({ error: 'x' }), { concurrency: 0 })).toThrow('concurrency must be a positive integer');
    expect(() => availabilityHandler(() => ({ error: 'x' }), { per: 'all' as never })).toThrow('per must be "mailbox" or "request"');
  });
});
