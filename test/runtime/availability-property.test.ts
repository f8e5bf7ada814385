/** Property tests: whatever the request and whatever the lookups return, the answer validates and has one entry per requested mailbox. */
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { availabilityHandler, parseAvailabilityRequest, validateAvailabilityResponse, workingHours } from '../../lib/availability';

const RUNS = Math.max(1, Math.floor(Number(process.env.FC_RUNS ?? 1000) / 5));
const hours = workingHours({ timeZone: 'America/New_York', year: 2025 });
const context = { awsRequestId: 'p', getRemainingTimeInMillis: () => 20_000 } as unknown as Context;
const quiet = { logger: { sink: () => undefined } };

const local = fc.stringMatching(/^[a-zA-Z0-9.]{1,8}$/);
const mailbox = fc.tuple(local, fc.constantFrom('corp.example', 'Corp.Example', 'x.example')).map(([l, d]) => `${l}@${d}`);
const instant = fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 }).map((s) => s * 1000);
const offset = fc.integer({ min: -14 * 4, max: 14 * 4 }).map((q) => q * 15);
const rfc3339 = (ms: number, off: number) => {
  if (off === 0) return new Date(ms).toISOString();
  const local = new Date(ms + off * 60_000).toISOString().slice(0, 19);
  const a = Math.abs(off);
  return `${local}${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
};
const request = fc
  .record({
    mailboxes: fc.array(mailbox, { maxLength: 12 }),
    start: instant,
    length: fc.integer({ min: 1, max: 60 * 24 * 3_600 }).map((s) => s * 1000),
    offA: offset,
    offB: offset,
  })
  .map(({ mailboxes, start, length, offA, offB }) => ({
    requester: { email: 'me@corp.example', userName: 'me', organization: 'm-0123456789abcdef0123456789abcdef', userId: 'S-1-5-18' },
    mailboxes,
    window: { startDate: rfc3339(start, offA), endDate: rfc3339(start + length, offB) },
  }));

const validEvent = fc
  .record({ s: instant, d: fc.integer({ min: 0, max: 86_400_000 }), busyType: fc.constantFrom('BUSY', 'FREE', 'TENTATIVE') })
  .map(({ s, d, busyType }) => ({ startTime: new Date(s).toISOString(), endTime: new Date(s + d).toISOString(), busyType }));
/** What a user's lookup might do: answer well, answer an error, return junk, or throw. */
const behaviour = fc.oneof(
  fc.array(validEvent, { maxLength: 4 }).map((events) => ({ kind: 'ok' as const, value: { events, workingHours: hours } })),
  fc.constantFrom('MailboxNotFound', 'ErrorServerBusy', 'anything').map((error) => ({ kind: 'ok' as const, value: { error } })),
  fc.anything().map((value) => ({ kind: 'ok' as const, value })),
  fc
    .record({ events: fc.anything(), workingHours: fc.anything(), error: fc.option(fc.anything(), { nil: undefined }) })
    .map((value) => ({ kind: 'ok' as const, value })),
  fc.string().map((m) => ({ kind: 'throw' as const, value: new Error(m) })),
);

describe('availabilityHandler properties', () => {
  test('random requests are parsed with the window in order and every mailbox kept', () => {
    fc.assert(
      fc.property(request, (raw) => {
        const r = parseAvailabilityRequest(raw);
        expect(r.window.end.getTime()).toBeGreaterThan(r.window.start.getTime());
        expect(r.mailboxes).toEqual(raw.mailboxes);
      }),
      { numRuns: RUNS },
    );
  });

  test('per mailbox: the response validates against the request and has one entry per requested mailbox', async () => {
    await fc.assert(
      fc.asyncProperty(request, fc.array(behaviour, { minLength: 1, maxLength: 12 }), async (raw, behaviours) => {
        let i = 0;
        const handler = availabilityHandler(async () => {
          const b = behaviours[i++ % behaviours.length]!;
          if (b.kind === 'throw') throw b.value;
          return b.value as never;
        }, quiet);
        const response = await handler(raw, context);
        expect(validateAvailabilityResponse(response, raw)).toEqual([]);
        expect(response.mailboxes.map((m) => m.mailbox)).toEqual(raw.mailboxes);
      }),
      { numRuns: RUNS },
    );
  });

  test('per request: whatever comes back, the response validates and answers exactly the request', async () => {
    const answer = fc.oneof(
      fc.anything(),
      fc.array(fc.tuple(fc.option(mailbox), behaviour), { maxLength: 14 }).map((xs) => ({
        mailboxes: xs.map(([m, b]) =>
          b.kind === 'ok' && typeof b.value === 'object' && b.value !== null && !Array.isArray(b.value)
            ? { mailbox: m ?? undefined, ...b.value }
            : b.value,
        ),
      })),
    );
    await fc.assert(
      fc.asyncProperty(request, answer, async (raw, result) => {
        const handler = availabilityHandler(() => result as never, { per: 'request', ...quiet });
        const response = await handler(raw, context);
        expect(validateAvailabilityResponse(response, raw)).toEqual([]);
        expect(response.mailboxes.map((m) => m.mailbox)).toEqual(raw.mailboxes);
      }),
      { numRuns: RUNS },
    );
  });
});
