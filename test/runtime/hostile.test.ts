/**
 * Hostile code against the supervisor (issue 29): every case of the "Why" and our own. Each
 * handler is hostile only for some input; every invocation must answer with a valid response at most
 * 1 s past the deadline the handler computes (a generous bound for a loaded machine), with the
 * expected fallback reason; the recipients other rules decided keep their decisions; and a second
 * invocation on the same handler instance, with benign input, decides correctly and in time.
 */
import { createLocalContext } from '../../lib/local/context';
import type { SyncResponse } from '../../lib/workmail/types';
import { validateResponse } from '../../lib/workmail/validate-response';
import * as H from './fixtures/hostile-handlers';
import { HOSTILE_THROWS } from './fixtures/hostile-values';

const SLACK_MS = 1000;
/** b@ last: the recipients before it are decided before its hostile predicate runs. */
const RECIPIENTS = ['a@corp.example', 'c@corp.example', 'b@corp.example'];

const eventOf = (subject: string, recipients = RECIPIENTS) => ({
  summaryVersion: '2019-07-28',
  envelope: { mailFrom: { address: 'x@ext.example' }, recipients: recipients.map((address) => ({ address })) },
  sender: { address: 'x@ext.example' },
  subject,
  messageId: '00000000-0000-4000-8000-000000000001',
  invocationId: `inv-${subject}`,
  flowDirection: 'INBOUND',
  truncated: false,
});

type Handler = (e: unknown, c: ReturnType<typeof createLocalContext>) => Promise<SyncResponse>;

interface Seen {
  response: SyncResponse;
  ms: number;
  budgetMs: number;
  fallbackReason?: string;
  logs: Record<string, unknown>[];
  notes: string[];
  rewrite?: { status: string; reason?: string };
}

async function invoke(handler: Handler, subject: string, { contextMs = 3000, margin = 1000, recipients = RECIPIENTS } = {}): Promise<Seen> {
  const logs: Record<string, unknown>[] = [];
  const seen: Partial<Seen> = {};
  const context = createLocalContext({
    budgetMs: contextMs,
    observer: { log: (l) => logs.push(l), response: (_r, reason) => (seen.fallbackReason = reason), rewrite: (r) => (seen.rewrite = r) },
  });
  const started = performance.now();
  const response = await handler(eventOf(subject, recipients), context);
  const ms = performance.now() - started;
  const decision = logs.find((l) => l.eventName === 'RUN_LAMBDA_DECISION');
  return { ...seen, response, ms, budgetMs: contextMs - margin, logs, notes: (decision?.notes as string[]) ?? [] } as Seen;
}

/** The action each recipient gets under a response. */
function actionsOf(response: SyncResponse, recipients = RECIPIENTS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of [...recipients].sort()) {
    const hit = response.actions.find((a) => a.recipients?.includes(r)) ?? response.actions.find((a) => a.allRecipients);
    out[r] = hit?.action.type ?? 'none';
  }
  return out;
}

function expectInTime(seen: Seen): void {
  expect(validateResponse(seen.response, 'INBOUND')).toEqual([]);
  expect(seen.ms).toBeLessThan(seen.budgetMs + SLACK_MS);
}

async function expectRecovers(
  handler: Handler,
  expected: Record<string, string>,
  o: { contextMs?: number; margin?: number } = {},
): Promise<void> {
  const again = await invoke(handler, 'benign', o);
  expectInTime(again);
  expect(again.fallbackReason).toBeUndefined();
  expect(actionsOf(again.response)).toEqual(expected);
}

const RULES_BENIGN = { 'a@corp.example': 'BYPASS_SPAM_CHECK', 'b@corp.example': 'DEFAULT', 'c@corp.example': 'MOVE_TO_JUNK' };
const KEPT = { 'a@corp.example': 'BYPASS_SPAM_CHECK', 'b@corp.example': 'DEFAULT', 'c@corp.example': 'MOVE_TO_JUNK' };

describe('a predicate that does not yield, for one recipient only: the others keep their decisions', () => {
  // Three elements per row: jest.each would take a third parameter missing from a row for `done`.
  const cases: [string, Handler, { contextMs?: number; margin?: number }][] = [
    ['spins 8 s for the 2nd recipient', H.spin8s, {}],
    ['spins 30 s', H.spin30s, {}],
    ['for(;;) with a 15 s context (deadlineMs 13 000: deadline 2 s)', H.forever, { contextMs: 15_000, margin: 13_000 }],
    ['spins after a header() content condition', H.afterHeader, {}],
    ['a microtask chain that never ends', H.microtaskForever, {}],
    ['Atomics.wait forever', H.waitsForever, {}],
    ['spins inside a String#replace callback', H.regexpInReplace, {}],
    ['spins in a then getter', H.spinsInThenGetter, {}],
  ];
  test.each(cases)('%s', async (_label, handler, o) => {
    const seen = await invoke(handler, 'hostile', o);
    expectInTime(seen);
    expect(seen.fallbackReason).toBe('DEADLINE');
    // a@ and c@ were decided by their rules before b@'s predicate ran (recipients are decided in order).
    expect(actionsOf(seen.response)).toEqual({ ...KEPT, 'b@corp.example': 'DEFAULT' });
    expect(seen.notes.join(' ')).toMatch(/not decided in time/);
    await expectRecovers(handler, RULES_BENIGN, o);
  });
});

describe('a predicate that fails (any thrown value, a throwing then getter): that condition is unknown, nothing else changes', () => {
  const cases: [string, Handler][] = [
    ...Object.keys(HOSTILE_THROWS).map((label): [string, Handler] => [`throws ${label}`, H.predicateThrows[label]!]),
    ['returns a thenable whose then getter throws a null-prototype object', H.thenGetterThrows],
    ['recurses without end (RangeError)', H.overflows],
  ];
  test.each(cases)('%s', async (_label, handler) => {
    const seen = await invoke(handler, 'hostile');
    expectInTime(seen);
    expect(seen.fallbackReason).toBeUndefined();
    expect(actionsOf(seen.response)).toEqual(RULES_BENIGN);
    const note = seen.notes.find((n) => n.startsWith('custom condition'));
    expect(note).toMatch(/treated as unknown/);
    expect(note).not.toMatch(/salary|Subject:/); // the error's text (it quotes the message) stays out
    await expectRecovers(handler, RULES_BENIGN);
  });
});

describe('decide fails with any value, thrown or rejected, also with onError retry: the fallback', () => {
  const cases = Object.keys(HOSTILE_THROWS).flatMap((label) =>
    (['sync', 'rejects', 'retry'] as const).map((how): [string, Handler] => [`${how}: ${label}`, H.decideThrows[label]![how]]),
  );
  test.each(cases)('%s', async (_label, handler) => {
    const seen = await invoke(handler, 'hostile');
    expectInTime(seen);
    expect(seen.fallbackReason).toBeDefined();
    expect(actionsOf(seen.response)).toEqual({ 'a@corp.example': 'DEFAULT', 'b@corp.example': 'DEFAULT', 'c@corp.example': 'DEFAULT' });
    const again = await invoke(handler, 'benign');
    expectInTime(again);
    expect(again.fallbackReason).toBeUndefined();
  });
});

describe('the rule set cannot take the worker with it', () => {
  // Filling 256 MiB and the garbage collector's last attempts near the limit take seconds on a busy
  // machine: a context long enough that the heap limit, not the deadline, ends the worker.
  const cases: [string, Handler, string][] = [
    ['allocates without bound (heap limits end the worker)', H.allocates, 'WORKER_FAILED'],
    ['calls process.exit', H.exits, 'WORKER_FAILED'],
  ];
  test.each(cases)('%s', async (_label, handler, reason) => {
    const seen = await invoke(handler, 'hostile', { contextMs: 12_000 });
    expectInTime(seen);
    expect(seen.fallbackReason).toBe(reason);
    await expectRecovers(handler, RULES_BENIGN);
  });
});

describe('catastrophic RegExps and async loops: the fallback at the deadline', () => {
  const all = { 'a@corp.example': 'DEFAULT', 'b@corp.example': 'DEFAULT', 'c@corp.example': 'DEFAULT' };
  const cases: [string, Handler][] = [
    ['attachment name /^(a+)+$/, 29 characters', H.catastrophicName29],
    ['attachment name /^(a+)+$/, 33 characters', H.catastrophicName33],
    ['attachment contentType /^(a+)+$/, 33 characters', H.catastrophicType],
    ['async () => { await null; busy(8000) } on every recipient', H.asyncSpin],
  ];
  test.each(cases)('%s', async (_label, handler) => {
    const seen = await invoke(handler, 'hostile');
    expectInTime(seen);
    expect(seen.fallbackReason).toBe('DEADLINE');
    expect(validateResponse(seen.response, 'INBOUND')).toEqual([]);
    const again = await invoke(handler, 'benign');
    expectInTime(again);
    expect(again.fallbackReason).toBeUndefined();
    expect(all).toBeDefined();
  });
});

describe('rewrite.when that spins after an async custom: the decision stands, the rewrite fails at the deadline', () => {
  test('when spins', async () => {
    const seen = await invoke(H.whenSpins, 'hostile');
    expectInTime(seen);
    expect(seen.fallbackReason).toBeUndefined();
    expect(seen.rewrite?.status).toBe('failed');
    expect(seen.rewrite?.reason).toMatch(/deadline/);
  });
});

describe('a context that throws or returns nonsense is read inside the frame: a safe budget, an answer', () => {
  const readers: [string, () => unknown][] = [
    [
      'throws',
      () => {
        throw null;
      },
    ],
    ['returns NaN', () => Number.NaN],
    ['returns -5', () => -5],
    ['returns a string', () => 'soon'],
    ['returns Infinity', () => Number.POSITIVE_INFINITY],
  ];
  test.each(readers)('getRemainingTimeInMillis %s', async (_label, read) => {
    const context = { ...createLocalContext(), getRemainingTimeInMillis: read } as unknown as ReturnType<typeof createLocalContext>;
    const started = performance.now();
    const response = await (H.spin8s as Handler)(eventOf('hostile'), context);
    expect(validateResponse(response, 'INBOUND')).toEqual([]);
    // Read as Lambda's default 3 s left: a 2 s budget, never WorkMail's 15 s.
    expect(performance.now() - started).toBeLessThan(2000 + SLACK_MS);
  });
});
