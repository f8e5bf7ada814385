/**
 * Always in time, through syncHandler with rewrite against the local WorkMail and the real SDK
 * clients: hostile messages and runaway regular expressions get a valid response before a short
 * deadline (2 s), and nothing is uploaded or put after it. No timing is asserted: the outcome
 * (fallback reason, rewrite status, the emulators' request log) shows what happened.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deliver, drop } from '../../lib/engine/actions';
import { header, subject } from '../../lib/engine/conditions';
import { defineRules } from '../../lib/engine/rules';
import { createLocalContext } from '../../lib/local/context';
import { applyEnv } from '../../lib/local/env';
import { startLocalWorkMail, type LocalWorkMail } from '../../lib/local/workmail';
import { appendFooter, tagSubject } from '../../lib/message/rewrite';
import type { RewriteReport } from '../../lib/runtime/observer';
import { syncHandler } from '../../lib/runtime/handlers';
import { validateResponse } from '../../lib/workmail/validate-response';
import { headerRunaway, subjectRunaway, whenNeverReturns } from './fixtures/deadline-handlers';
import { EVENTS_PEER_DIR } from '../fixtures/corpus';

const EVENT = JSON.parse(readFileSync(path.join(EVENTS_PEER_DIR, 'workmail-update-email.json'), 'utf8'));
const EDITS = [tagSubject('[EXTERNAL]'), appendFooter({ text: 'Sent from outside.' })];

const message = (headers: string, body = 'Hello.\r\n') =>
  Buffer.from(
    `From: a@example.com\r\nTo: b@example.net\r\nMessage-ID: <m@example.com>\r\n${headers}\r\nContent-Type: text/plain\r\n\r\n${body}`,
  );

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
  wm.requests.length = 0;
});

type Handler = ReturnType<typeof syncHandler>;

/** Invoke a handler (or one made here from `rules`: unsupervised, for rules that do not run away). */
async function invoke(rules: ReturnType<typeof defineRules> | Handler, raw: Buffer, eventSubject: string, budgetMs: number) {
  const id = `deadline-${process.pid}-${++seq}`;
  wm.putMessage(id, raw);
  const event = { ...structuredClone(EVENT), messageId: id, invocationId: `inv${seq}`, subject: eventSubject };
  const logs: Record<string, unknown>[] = [];
  const seen: { report?: RewriteReport; fallbackReason?: string } = {};
  const handler = typeof rules === 'function' ? rules : syncHandler({ rules, rewrite: { edits: EDITS }, deadlineMs: 100 });
  const context = createLocalContext({
    budgetMs,
    observer: { log: (l) => logs.push(l), rewrite: (r) => (seen.report = r), response: (_r, reason) => (seen.fallbackReason = reason) },
  });
  const response = await handler(event, context);
  expect(validateResponse(response, 'INBOUND')).toEqual([]);
  return { id, response, logs, ...seen };
}

/** After the answer, wait a while: anything still running must not upload or put. */
async function nothingPutAfterwards(): Promise<void> {
  await new Promise((r) => setTimeout(r, 500));
  expect(wm.requests.filter((r) => r.operation === 'PutObject' || r.operation === 'PutRawMessageContent')).toEqual([]);
}

describe('always in time', () => {
  test('a 60 000-line folded Subject (529 KB) is checked, rewritten and put', async () => {
    const folded = `Subject: start${' word\r\n'.repeat(60_000).replace(/^/, '\r\n').replace(/\r\n$/, '')}`;
    const raw = message(folded);
    const rules = defineRules({
      direction: 'INBOUND',
      rules: [{ name: 'spam', when: subject('never-there'), then: drop() }],
      otherwise: deliver(),
    });
    const r = await invoke(rules, raw, 'start word word', 10_000);
    expect(r.fallbackReason).toBeUndefined();
    expect(r.report?.status).toBe('rewritten');
    const stored = wm.getMessage(r.id)!;
    expect(stored.toString('latin1')).toMatch(/\r\nSubject: \[EXTERNAL\] start\r\n word\r\n/);
    expect(stored.toString('latin1')).toContain('Sent from outside.');
  });

  test('a catastrophic subject() regex on a 31-character subject: the fallback, for the deadline', async () => {
    const r = await invoke(subjectRunaway, message('Subject: hi'), `${'a'.repeat(30)}!`, 2_000);
    expect(r.fallbackReason).toBe('DEADLINE');
    expect(r.response).toEqual({ actions: [{ action: { type: 'DEFAULT' }, allRecipients: true }] });
    expect(r.logs.find((l) => l.eventName === 'RUN_LAMBDA_DECISION')).toMatchObject({ fallbackUsed: true, fallbackReason: 'DEADLINE' });
    await nothingPutAfterwards();
  });

  test('a catastrophic header() regex on a 30-character value: the fallback, for the deadline', async () => {
    const r = await invoke(headerRunaway, message(`Subject: hi\r\nX-Test: ${'x'.repeat(30)}`), 'hi', 2_000);
    expect(r.fallbackReason).toBe('DEADLINE');
    expect(wm.requests.map((q) => q.operation)).toEqual(['GetRawMessageContent']);
    await nothingPutAfterwards();
  });

  test('a rewrite `when` predicate that never returns: the decision stands, nothing is rewritten or put', async () => {
    const id = `deadline-${process.pid}-${++seq}`;
    wm.putMessage(id, message('Subject: hi'));
    const event = { ...structuredClone(EVENT), messageId: id, invocationId: `inv${seq}`, subject: 'hi' };
    let report: RewriteReport | undefined;
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'wmr-spin-')), 'finished');
    process.env['DEADLINE_SPIN_MARKER'] = marker; // the worker starts at this first call and copies the environment
    const response = await whenNeverReturns(
      event,
      createLocalContext({ budgetMs: 2_000, observer: { log: () => {}, rewrite: (r) => (report = r) } }),
    );
    expect(validateResponse(response, 'INBOUND')).toEqual([]);
    expect(response.actions[0]!.action.type).toBe('DEFAULT');
    expect(report?.status).toBe('failed');
    expect(report?.reason).toMatch(/deadline/);
    expect(wm.getMessage(id)!.toString()).toBe(message('Subject: hi').toString());
    await nothingPutAfterwards();
    // long after the spin would have ended: it never did (its thread was ended at the deadline)
    await new Promise((r) => setTimeout(r, 5_500));
    expect(existsSync(marker)).toBe(false);
  });

  test('the same rule sets answer normally when the regex does not run away', async () => {
    const rules = defineRules({
      direction: 'INBOUND',
      rules: [{ name: 'runaway', when: header('X-Test', /^(x+x+)+y$/), then: drop() }],
      otherwise: deliver(),
    });
    const r = await invoke(rules, message(`Subject: hi\r\nX-Test: xxy`), 'hi', 10_000);
    expect(r.fallbackReason).toBeUndefined();
    expect(r.response.actions[0]!.action.type).toBe('DROP');
  });
});
