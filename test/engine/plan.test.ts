import fc from 'fast-check';
import { actionKey, bounce, bypassSpam, deliver, drop, junk, type Action } from '../../lib/engine/actions';
import type { Decision } from '../../lib/engine/decision';
import { PlanError } from '../../lib/engine/plan';
import { expandResponse } from '../../lib/engine/expand';
import { planResponse } from '../../lib/engine/plan';
import { LIMITS, validateResponse, type FlowDirection } from '../../lib/workmail';

const runs = Number(process.env.FC_RUNS ?? 1000);
const rcpt = (address: string, action: Action, rule?: string) => ({ address, action, ...(rule ? { rule } : {}) });

describe('planResponse', () => {
  test('makes the largest group the allRecipients entry and lists the rest', () => {
    const d: Decision = { recipients: [rcpt('a@x.example', deliver()), rcpt('b@x.example', deliver()), rcpt('c@x.example', drop(), 'r1')] };
    expect(planResponse(d, { direction: 'INBOUND' })).toEqual({
      actions: [
        { action: { type: 'DEFAULT' }, allRecipients: true },
        { action: { type: 'DROP' }, recipients: ['c@x.example'] },
      ],
    });
  });

  test('breaks ties in favour of DEFAULT', () => {
    const d: Decision = { recipients: [rcpt('a@x.example', drop()), rcpt('b@x.example', deliver())] };
    expect(planResponse(d, { direction: 'INBOUND' }).actions[0]).toEqual({ action: { type: 'DEFAULT' }, allRecipients: true });
  });

  test('uses the residual action for recipients WorkMail did not list', () => {
    const d: Decision = { recipients: [rcpt('a@x.example', junk()), rcpt('b@x.example', junk())], residual: deliver() };
    expect(planResponse(d, { direction: 'INBOUND' })).toEqual({
      actions: [
        { action: { type: 'DEFAULT' }, allRecipients: true },
        { action: { type: 'MOVE_TO_JUNK' }, recipients: ['a@x.example', 'b@x.example'] },
      ],
    });
  });

  test('puts copies in their own DEFAULT entry, once, and never over a decided recipient', () => {
    const d: Decision = {
      recipients: [rcpt('ceo@corp.example', deliver())],
      copies: ['legal@corp.example', 'LEGAL@corp.example', 'ceo@corp.example'],
    };
    const r = planResponse(d, { direction: 'INBOUND' });
    expect(r.actions).toEqual([
      { action: { type: 'DEFAULT' }, allRecipients: true },
      { action: { type: 'DEFAULT' }, recipients: ['legal@corp.example'] },
    ]);
    expect(d.notes?.join()).toMatch(/copy to ceo@corp.example skipped/);
  });

  test('groups addresses case-insensitively and keeps one entry per address', () => {
    const d: Decision = {
      recipients: [
        rcpt('A@x.example', drop()),
        rcpt('a@X.example', drop()),
        rcpt('b@x.example', deliver()),
        rcpt('c@x.example', deliver()),
      ],
    };
    expect(planResponse(d, { direction: 'INBOUND' }).actions[1]).toEqual({ action: { type: 'DROP' }, recipients: ['A@x.example'] });
  });

  test('merges distinct bounce messages when they would exceed 10 entries', () => {
    const recipients = Array.from({ length: 12 }, (_, i) => rcpt(`u${i}@x.example`, bounce(`reason ${i % 12}`)));
    recipients.push(rcpt('v@x.example', bounce('reason 3')), rcpt('w@x.example', deliver()));
    const d: Decision = { recipients };
    const r = planResponse(d, { direction: 'INBOUND' });
    expect(validateResponse(r, 'INBOUND')).toEqual([]);
    expect(r.actions).toHaveLength(2);
    expect(r.actions.find((a) => a.action.type === 'BOUNCE')?.action.parameters?.bounceMessage).toBe('reason 3');
    expect(d.notes?.join()).toMatch(/12 distinct bounce messages merged/);
  });

  test('refuses actions the direction does not allow, and conflicting actions', () => {
    expect(() => planResponse({ recipients: [rcpt('a@x.example', junk())] }, { direction: 'OUTBOUND' })).toThrow(PlanError);
    expect(() => planResponse({ recipients: [], residual: bypassSpam() }, { direction: 'OUTBOUND' })).toThrow(/not allowed for OUTBOUND/);
    expect(() =>
      planResponse({ recipients: [rcpt('a@x.example', drop()), rcpt('A@x.example', deliver())] }, { direction: 'INBOUND' }),
    ).toThrow(/two different actions/);
  });

  test('answers an empty decision with a valid response', () => {
    const r = planResponse({ recipients: [] }, { direction: 'OUTBOUND' });
    expect(validateResponse(r, 'OUTBOUND')).toEqual([]);
  });

  test('cuts over-long bounce messages rather than exceed 256 KB', () => {
    const long = 'x'.repeat(LIMITS.maxResponseBytes);
    const d: Decision = { recipients: [rcpt('a@x.example', bounce(long)), rcpt('b@x.example', deliver())] };
    const r = planResponse(d, { direction: 'INBOUND' });
    expect(validateResponse(r, 'INBOUND')).toEqual([]);
    expect(d.notes?.join()).toMatch(/cut to 1000 characters/);
  });

  test('cuts a bounce message at a code-point boundary: no lone surrogate', () => {
    const long = `${'x'.repeat(999)}${'📧'.repeat(LIMITS.maxResponseBytes / 2)}`;
    const d: Decision = { recipients: [rcpt('a@x.example', bounce(long)), rcpt('b@x.example', deliver())] };
    const m = planResponse(d, { direction: 'INBOUND' }).actions.find((a) => a.action.type === 'BOUNCE')!.action.parameters!.bounceMessage!;
    expect(m).toBe('x'.repeat(999));
    expect(Buffer.from(m, 'utf8').toString('utf8')).toBe(m);
  });

  test('replaces control characters other than tab in bounce messages, with a note', () => {
    const d: Decision = {
      recipients: [rcpt('a@x.example', bounce('line one\r\nline\ttwo\u0000\u0085end')), rcpt('b@x.example', deliver())],
    };
    const r = planResponse(d, { direction: 'INBOUND' });
    expect(r.actions.find((a) => a.action.type === 'BOUNCE')!.action.parameters!.bounceMessage).toBe('line one  line\ttwo  end');
    expect(d.notes).toContain('control characters in a bounce message were replaced by spaces');
  });
});

describe('planResponse properties', () => {
  const actionFor = (direction: FlowDirection) => {
    const msgs = fc.integer({ min: 0, max: 19 }).map((i) => bounce(`Bounce reason number ${i}.`));
    const base = [fc.constant(deliver()), fc.constant(drop()), fc.constant(bounce()), msgs];
    return direction === 'INBOUND' ? fc.oneof(...base, fc.constant(junk()), fc.constant(bypassSpam())) : fc.oneof(...base);
  };
  /** mulberry32: a deterministic stream of 31-bit integers from one seed, cheaper than 600-long arbitraries. */
  const prng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) & 0x7fffffff;
  };
  const localPart = fc.stringMatching(/^[a-z0-9]{1,12}$/);
  const mixCase = (s: string, mask: number) => [...s].map((c, i) => ((mask >> (i % 30)) & 1 ? c.toUpperCase() : c)).join('');

  const decisionArb = (direction: FlowDirection) =>
    fc
      .record({
        n: fc.integer({ min: 1, max: direction === 'OUTBOUND' ? 500 : 600 }),
        actions: fc.array(actionFor(direction), { minLength: 1, maxLength: 25 }),
        seed: fc.integer(),
        residual: fc.option(actionFor(direction), { nil: undefined }),
        copies: fc.array(localPart, { maxLength: 5 }),
      })
      .map(({ n, actions, seed, residual, copies }) => {
        const next = prng(seed);
        const decision: Decision = {
          recipients: Array.from({ length: n }, (_, i) => ({
            address: mixCase(`user${i}@corp.example`, next()),
            action: actions[next() % actions.length]!,
          })),
          ...(residual ? { residual } : {}),
          ...(copies.length ? { copies: copies.map((c) => `copy-${c}@corp.example`) } : {}),
        };
        return decision;
      });

  for (const direction of ['INBOUND', 'OUTBOUND'] as const) {
    test(`${direction}: every plan validates, has at most 10 entries and means exactly the decision`, () => {
      fc.assert(
        fc.property(decisionArb(direction), (decision) => {
          const original = structuredClone(decision);
          const response = planResponse(decision, { direction });
          expect(validateResponse(response, direction)).toEqual([]);
          expect(response.actions.length).toBeLessThanOrEqual(LIMITS.maxActions);
          const merged = (decision.notes ?? []).some((n) => n.includes('bounce messages merged'));
          const got = expandResponse(
            response,
            original.recipients.map((r) => r.address),
          );
          // Plain comparisons in the loop (jest's expect is too slow for 600 × 10 000 checks); one assertion at the end.
          const wrong: string[] = [];
          for (const r of original.recipients) {
            const a = got.get(r.address.toLowerCase());
            if (a === undefined || a === 'fallback') {
              wrong.push(`${r.address}: fallback`);
              continue;
            }
            const ok = merged && r.action.type === 'BOUNCE' ? a.type === 'BOUNCE' : actionKey(a) === actionKey(r.action);
            if (!ok) wrong.push(`${r.address}: got ${actionKey(a)}, decided ${actionKey(r.action)}`);
          }
          const copiesDropped = (decision.notes ?? []).some((n) => n.includes('copies dropped'));
          for (const c of new Set((original.copies ?? []).map((c) => c.toLowerCase()))) {
            const a = got.get(c);
            if (!copiesDropped && (a === 'fallback' || a?.type !== 'DEFAULT')) wrong.push(`copy ${c}: ${JSON.stringify(a)}`);
          }
          expect(wrong).toEqual([]);
          if (original.residual) {
            const all = response.actions.find((e) => e.allRecipients);
            expect(actionKey({ type: all!.action.type, ...(all!.action.parameters ? { parameters: all!.action.parameters } : {}) })).toBe(
              actionKey(original.residual),
            );
          }
        }),
        { numRuns: runs },
      );
    });
  }
});
