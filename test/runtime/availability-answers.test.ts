/** What of a lookup's result reaches WorkMail and CloudWatch: codes only, documented fields only, mailboxes as requested, under 6 MB. */
import type { Context } from 'aws-lambda';
import { availabilityHandler, validateAvailabilityResponse, workingHours, type AvailabilityResponse } from '../../lib/availability';
import { fitResponseSize, forwardedAnswer, type Outcome } from '../../lib/runtime/availability/outcome';
import { AVAILABILITY_RESPONSE_MAX_BYTES, type MailboxAnswer } from '../../lib/workmail/availability/types';

const hours = workingHours({ timeZone: 'Europe/Berlin', year: 2021 });
const context = { awsRequestId: 'req-a', functionName: 'cap', getRemainingTimeInMillis: () => 20_000 } as unknown as Context;
const request = (mailboxes: string[]) => ({
  requester: { email: 'me@corp.example', userName: 'me', organization: 'm-0123456789abcdef0123456789abcdef', userId: 'S-1-5-18' },
  mailboxes,
  window: { startDate: '2021-05-04T00:00:00Z', endDate: '2021-05-06T00:00:00Z' },
});
const SECRET = 'db password=hunter2 at 10.0.0.5 for bob@corp.example';

function captured() {
  const logs: Record<string, any>[] = [];
  const metrics: Record<string, any>[] = [];
  return {
    logs,
    metrics,
    options: {
      logger: { sink: (l: Record<string, unknown>) => logs.push(l) },
      metrics: { sink: (l: string) => metrics.push(JSON.parse(l)) },
    },
  };
}
/** The Error dimension values of the AvailabilityErrors metric, with their counts. */
const errorDimension = (docs: Record<string, any>[]) =>
  docs.filter((d) => d.AvailabilityErrors !== undefined).map((d) => [d.Error, d.AvailabilityErrors]);
const bytes = (r: AvailabilityResponse) => Buffer.byteLength(JSON.stringify(r));

describe('only AWS error codes reach WorkMail and the Error dimension', () => {
  test('a returned error text becomes ErrorResponseSchemaValidation; the text is logged redacted, never in the metric', async () => {
    const c = captured();
    const texts = [SECRET, `${SECRET} (2)`, `${SECRET} ${'z'.repeat(10_000)}`];
    let i = 0;
    const handler = availabilityHandler(() => ({ error: texts[i++ % texts.length]! }), c.options);
    const response = await handler(request(['a@x.example', 'b@x.example', 'c@x.example']), context);
    expect(response.mailboxes.map((m) => ('error' in m ? m.error : 'answered'))).toEqual(Array(3).fill('ErrorResponseSchemaValidation'));
    expect(errorDimension(c.metrics)).toEqual([['ErrorResponseSchemaValidation', 3]]);
    const metricText = JSON.stringify(c.metrics);
    for (const leak of ['hunter2', '10.0.0.5', 'bob@corp.example']) expect(metricText).not.toContain(leak);
    const logText = JSON.stringify(c.logs);
    expect(logText).toContain('password=hunter2 at <ip> for <address>');
    expect(logText).not.toContain('10.0.0.5');
    expect(logText).not.toContain('bob@corp.example');
    expect(logText).not.toContain('z'.repeat(300));
  });

  test('a thrown error answers ErrorFreeBusyGenerationFailed; its message is logged bounded and without addresses', async () => {
    const c = captured();
    const handler = availabilityHandler(() => {
      throw new Error(`${SECRET} via [2001:db8::5] ${'q'.repeat(50_000)}`);
    }, c.options);
    const response = await handler(request(['a@x.example']), context);
    expect(response.mailboxes).toEqual([{ mailbox: 'a@x.example', error: 'ErrorFreeBusyGenerationFailed' }]);
    expect(errorDimension(c.metrics)).toEqual([['ErrorFreeBusyGenerationFailed', 1]]);
    const problem = c.logs[0]!.problems[0];
    expect(problem).toMatchObject({ index: 0, reason: 'threw', errorName: 'Error' });
    expect(problem.errorMessage).toMatch(/^db password=hunter2 at <ip> for <address> via \[<ip>\] q+… \(50\d{3} characters\)$/);
    expect(problem.errorMessage.length).toBeLessThan(240);
    expect(JSON.stringify(c.logs)).not.toMatch(/10\.0\.0\.5|bob@corp|2001:db8/);
  });
});

describe('only documented fields are forwarded', () => {
  const extra = {
    startTime: '2021-05-04T08:00:00Z',
    endTime: '2021-05-04T09:00:00Z',
    busyType: 'BUSY' as const,
    internalId: 'evt-42',
    attendees: ['ceo@corp.example'],
    body: 'the merger',
  };
  const details = { subject: 'Board', location: 'Room 1', instanceType: 'SINGLE_INSTANCE' as const, isMeeting: true, isReminderSet: false };
  const lookupResult = {
    internalId: 'mbx-1',
    events: [
      { ...extra, details: { ...details, isPrivate: false, organizer: 'ceo@corp.example' } },
      { ...extra, details: { ...details, isPrivate: true, privateNotes: 'layoffs' } },
    ],
    workingHours: { ...hours, secret: 1, timezone: { ...hours.timezone, tzdbVersion: '2024a' } },
  };
  const expected = {
    mailbox: 'a@x.example',
    events: [
      { startTime: extra.startTime, endTime: extra.endTime, busyType: 'BUSY', details: { ...details, isPrivate: false } },
      { startTime: extra.startTime, endTime: extra.endTime, busyType: 'BUSY' },
    ],
    workingHours: hours,
  };

  test('per request: unknown fields are dropped and a private event loses its details', async () => {
    const handler = availabilityHandler(() => ({ mailboxes: [{ mailbox: 'A@x.example', ...lookupResult }] }) as never, {
      per: 'request',
      ...captured().options,
    });
    const response = await handler(request(['a@x.example']), context);
    expect(response.mailboxes).toEqual([expected]);
    expect(JSON.stringify(response)).not.toMatch(/internalId|attendees|the merger|layoffs|organizer|secret|tzdbVersion|Board".*Board/);
  });

  test('forwardedAnswer keeps exactly the documented fields (the per-mailbox path uses it)', () => {
    expect(forwardedAnswer({ mailbox: 'a@x.example', ...lookupResult } as unknown as MailboxAnswer)).toEqual(expected);
    expect(forwardedAnswer({ mailbox: 'a@x.example', error: 'MailboxNotFound', note: 'x' } as unknown as MailboxAnswer)).toEqual({
      mailbox: 'a@x.example',
      error: 'MailboxNotFound',
    });
  });
});

describe('mailboxes are answered exactly as requested', () => {
  const odd = [' User2@External.example.com ', 'USER3@x.example', 'user3@x.example'];

  test.each(['mailbox', 'request'] as const)('per %s: no trimming, no case change', async (per) => {
    const seen: string[] = [];
    const handler =
      per === 'mailbox'
        ? availabilityHandler((_r, { mailbox }) => {
            seen.push(mailbox);
            return { events: [], workingHours: hours };
          }, captured().options)
        : availabilityHandler(
            (r) => ({ mailboxes: r.mailboxes.map((m) => ({ mailbox: m.trim().toLowerCase(), events: [], workingHours: hours })) }),
            { per: 'request', ...captured().options },
          );
    const response = await handler(request(odd), context);
    expect(response.mailboxes.map((m) => m.mailbox)).toEqual(odd);
    expect(response.mailboxes.every((m) => !('error' in m))).toBe(true);
    expect(validateAvailabilityResponse(response, { mailboxes: odd })).toEqual([]);
    if (per === 'mailbox') expect(seen[0]).toBe(odd[0]);
  });
});

describe("an answer is kept under Lambda's 6 MB response limit", () => {
  test('200 000 mailboxes not found: the answer stays under the limit, valid, in request order', async () => {
    const mailboxes = Array.from({ length: 200_000 }, (_, i) => `nobody-${String(i).padStart(6, '0')}@invalid.example`);
    const c = captured();
    const handler = availabilityHandler((r) => r.mailboxes.map((mailbox) => ({ mailbox, error: 'MailboxNotFound' as const })), {
      per: 'request',
      ...c.options,
    });
    const response = await handler(request(mailboxes), context);
    expect(bytes(response)).toBeLessThanOrEqual(AVAILABILITY_RESPONSE_MAX_BYTES);
    expect(validateAvailabilityResponse(response)).toEqual([]);
    expect(response.mailboxes.length).toBeGreaterThan(50_000);
    expect(response.mailboxes.map((m) => m.mailbox)).toEqual(mailboxes.slice(0, response.mailboxes.length));
    expect(c.logs[0]!.responseProblems.at(-1).message).toBe(
      `and ${200_000 - response.mailboxes.length - 10} more requested mailboxes without an entry`,
    );
  });

  test('answers with too many events become error entries, in request order, until the rest fits', () => {
    const event = { startTime: '2021-05-04T08:00:00Z', endTime: '2021-05-04T09:00:00Z', busyType: 'BUSY' as const };
    const heavy = (mailbox: string, n: number): Outcome => ({ answer: { mailbox, events: Array(n).fill(event), workingHours: hours } });
    const outcomes = [
      heavy('a@x', 10),
      heavy('b@x', 40_000),
      heavy('c@x', 10),
      { answer: { mailbox: 'd@x', error: 'MailboxNotFound' } } as Outcome,
    ];
    expect(fitResponseSize(outcomes)).toEqual(outcomes);
    const total = Buffer.byteLength(JSON.stringify({ mailboxes: outcomes.map((o) => o.answer) }));
    // One byte over: the first answer in request order that can give way does (c, the smaller one after b).
    expect(fitResponseSize(outcomes, total - 1).map((o) => o.reason)).toEqual([undefined, undefined, 'too-large', undefined]);
    const max = total - Buffer.byteLength(JSON.stringify(outcomes[1]!.answer)) / 2;
    const fitted = fitResponseSize(outcomes, max);
    expect(fitted.map((o) => ('error' in o.answer ? o.answer.error : o.answer.events.length))).toEqual([
      10,
      'ErrorFreeBusyGenerationFailed',
      10,
      'MailboxNotFound',
    ]);
    expect(fitted[1]!.reason).toBe('too-large');
    const response = { mailboxes: fitted.map((o) => o.answer) };
    expect(bytes(response)).toBeLessThanOrEqual(max);
    expect(validateAvailabilityResponse(response, { mailboxes: ['a@x', 'b@x', 'c@x', 'd@x'] })).toEqual([]);
  });
});
