/**
 * A counting loader proves the message is read only when a content condition is reached, and at
 * most once per invocation (decide → createMessageView → evaluate, all real).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bounce, deliver, drop, junk } from '../../lib/engine/actions';
import {
  all,
  any,
  attachment,
  body,
  custom,
  from,
  header,
  not,
  recipient,
  sizeOver,
  spamVerdict,
  subject,
} from '../../lib/engine/conditions';
import { defineRules } from '../../lib/engine/rules';
import { decide } from '../../lib/runtime/decide';
import type { LambdaEventData } from '../../lib/workmail/types';
import inboundRules from '../../rules/inbound';
import outboundRules from '../../rules/outbound';

const INVOICE = path.resolve(__dirname, '..', 'fixtures', 'engine', 'invoice.eml');

function counter(fail = false) {
  const c = {
    calls: 0,
    load: async () => {
      c.calls++;
      if (fail) throw Object.assign(new Error('Message not found'), { name: 'ResourceNotFoundException' });
      return fs.promises.readFile(INVOICE);
    },
  };
  return c;
}

function event(from: string, n: number, patch: Partial<LambdaEventData> = {}): LambdaEventData {
  return {
    summaryVersion: '2019-07-28',
    envelope: { mailFrom: { address: from }, recipients: Array.from({ length: n }, (_, i) => ({ address: `user${i}@corp.example` })) },
    subject: 'Invoice',
    messageId: 'lazy-1',
    invocationId: 'lazy',
    flowDirection: 'INBOUND',
    truncated: false,
    ...patch,
  };
}

test('an envelope-only rule set never loads the message (500 recipients, truncated, specificity too)', async () => {
  for (const precedence of ['first-match', 'specificity'] as const) {
    const rs = defineRules({
      direction: 'INBOUND',
      precedence,
      rules: [
        { name: 'a', when: all(from('*.bad.example'), not(recipient('ceo@corp.example'))), then: bounce() },
        { name: 'b', when: any(subject(/invoice/i), from('partner.example')), then: junk(), mode: 'audit' },
        { name: 'c', when: recipient('user7@corp.example'), then: drop() },
      ],
    });
    expect(rs.needsMessage).toBe(false);
    const c = counter();
    const d = await decide(rs, event('x@bad.example', 500, { truncated: true }), { loadMessage: c.load, explain: true });
    expect(d.recipients).toHaveLength(500);
    expect(c.calls).toBe(0);
  }
});

test('one invocation loads at most once, however many recipients and content conditions', async () => {
  const rs = defineRules({
    direction: 'INBOUND',
    rules: [
      { name: 'size', when: sizeOver(10_000_000), then: bounce() },
      { name: 'spam', when: spamVerdict('FAIL'), then: junk(), mode: 'audit' },
      { name: 'exe', when: all(recipient('*.corp.example'), attachment({ extension: 'exe' })), then: bounce('no exe') },
      { name: 'body', when: body('secret'), then: drop() },
      { name: 'hdr', when: header('X-Campaign', 'autumn'), then: junk() },
    ],
  });
  expect(rs.needsMessage).toBe(true);
  const c = counter();
  const d = await decide(rs, event('x@invoices.example', 200, { truncated: true }), { loadMessage: c.load });
  expect(c.calls).toBe(1);
  expect(new Set(d.recipients.map((r) => r.rule))).toEqual(new Set(['exe']));
  expect(d.recipients[0]!.audits).toEqual([{ rule: 'spam', wouldBe: { type: 'MOVE_TO_JUNK' } }]);
  // A second invocation is a new view: it loads again, once.
  await decide(rs, event('x@invoices.example', 3), { loadMessage: c.load });
  expect(c.calls).toBe(2);
});

test('the message is loaded only when a content condition is actually reached', async () => {
  const rs = defineRules({
    direction: 'INBOUND',
    rules: [
      { name: 'blocked', when: from('bad.example'), then: bounce() },
      { name: 'content-for-partner', when: all(body('x'), from('partner.example')), then: junk() },
      { name: 'exe', when: attachment({ extension: 'exe' }), then: bounce() },
    ],
  });
  const blocked = counter();
  await decide(rs, event('x@bad.example', 5), { loadMessage: blocked.load });
  expect(blocked.calls).toBe(0); // the envelope rule decides first for everyone
  const reached = counter();
  const d = await decide(rs, event('x@else.example', 5), { loadMessage: reached.load });
  expect(reached.calls).toBe(1); // all(body, from-false) is false without it; the exe rule needs it
  expect(d.recipients[0]!.rule).toBe('exe');
});

test('a message that cannot be read is tried once; content conditions are unknown', async () => {
  const rs = defineRules({
    direction: 'INBOUND',
    rules: [
      { name: 'hdr', when: header('Subject'), then: junk() },
      { name: 'exe', when: attachment({ extension: 'exe' }), then: bounce() },
    ],
  });
  const c = counter(true);
  const d = await decide(rs, event('x@else.example', 50), { loadMessage: c.load });
  expect(c.calls).toBe(1);
  expect(d.recipients.every((r) => r.action.type === 'DEFAULT' && r.rule === undefined)).toBe(true);
  expect(d.notes).toEqual([
    'message content could not be read (ResourceNotFoundException: Message not found): content conditions are unknown',
  ]);
});

test('without a loader content conditions are unknown', async () => {
  const rs = defineRules({
    direction: 'INBOUND',
    rules: [{ name: 'not-exe', when: not(attachment({ extension: 'exe' })), then: deliver() }],
  });
  const d = await decide(rs, event('x@else.example', 1));
  expect(d.recipients[0]).toEqual({ address: 'user0@corp.example', action: { type: 'DEFAULT' } });
});

test('the example rule packs: envelope decisions spare the message', async () => {
  const blocked = counter();
  await decide(inboundRules, event('promo@mail.bad.example', 3), { loadMessage: blocked.load });
  expect(blocked.calls).toBe(0);
  const noreply = counter();
  await decide(outboundRules, { ...event('noreply@corp.example', 3), flowDirection: 'OUTBOUND' }, { loadMessage: noreply.load });
  expect(noreply.calls).toBe(0);
  const internal = counter();
  // Internal recipients: the outbound data-loss check is false on the envelope alone.
  await decide(outboundRules, { ...event('alice@corp.example', 20), flowDirection: 'OUTBOUND' }, { loadMessage: internal.load });
  expect(internal.calls).toBe(0);
});

test('an envelope custom predicate is not given the message; a message one is, and loads it once', async () => {
  const seen: boolean[] = [];
  const rs = defineRules({
    direction: 'INBOUND',
    rules: [
      { name: 'env', when: custom('env', (ctx) => (seen.push('message' in ctx), false), { needs: 'envelope' }), then: drop() },
      { name: 'msg', when: custom('msg', async (ctx) => (await ctx.message!.size()) > 0, { needs: 'message' }), then: junk() },
    ],
  });
  const c = counter();
  const d = await decide(rs, event('x@a.example', 3), { loadMessage: c.load });
  expect(seen).toEqual([false, false, false]);
  expect(c.calls).toBe(1);
  expect(d.recipients.map((r) => r.rule)).toEqual(['msg', 'msg', 'msg']);
});
