/**
 * The EMF lines each handler writes: parsed from the sink they were written to, checked against the
 * format's documented structure, then read back as CloudWatch would extract them.
 */
import type { Context } from 'aws-lambda';
import { asyncHandler, bounce, defineRules, deliver, drop, from, junk, recipient, syncHandler } from '../../lib';
import { availabilityHandler, workingHours } from '../../lib/availability';
import { metricsOf, type MetricValue } from '../../lib/local/metrics-of';
import { metricsSettings } from '../../lib/runtime/metrics';
import { DEFAULT_METRICS_NAMESPACE, DIMENSION, FALLBACK_REASON, METRIC, METRIC_UNIT } from '../../lib/workmail/metric-names';
import { documentedEvent } from '../fixtures/workmail/malformed';
import { emfProblems } from './emf-structure';

const EVENT = documentedEvent;
const [R1, R2] = EVENT.envelope.recipients.map((r) => r.address) as [string, string];

function contextWith(ms = 15_000, functionName = 'WorkMailRules-inbound'): Context {
  const end = Date.now() + ms;
  return { getRemainingTimeInMillis: () => end - Date.now(), awsRequestId: 'req', functionName } as unknown as Context;
}

/** The EMF lines written to a sink, each parsed and checked against the documented structure. */
function captured() {
  const lines: string[] = [];
  const docs = () =>
    lines.map((l) => {
      const doc = JSON.parse(l);
      expect(emfProblems(doc)).toEqual([]);
      return doc;
    });
  return { lines, docs, sink: (l: string) => lines.push(l), values: (): MetricValue[] => metricsOf(docs()) };
}

const silent = { sink: () => undefined };
const find = (values: MetricValue[], name: string, extra?: Record<string, string>) =>
  values.filter((v) => v.name === name && Object.entries(extra ?? {}).every(([k, x]) => v.dimensions[k] === x));

const rules = defineRules({
  direction: 'INBOUND',
  rules: [
    { name: 'watch-all', when: from('*'), then: junk(), mode: 'audit' },
    { name: 'drop-first', when: recipient(R1), then: drop() },
    { name: 'bounce-second', when: recipient(R2), then: bounce('no') },
  ],
  otherwise: deliver(),
});

describe('sync handler metrics', () => {
  test('one document per invocation with Invocations, DurationMs, Recipients, Decisions, RuleHits and AuditHits', async () => {
    const m = captured();
    const handler = syncHandler({ rules, logger: silent, metrics: { sink: m.sink } });
    await handler(structuredClone(EVENT), contextWith());
    const values = m.values();
    const base = { [DIMENSION.function]: 'WorkMailRules-inbound', [DIMENSION.direction]: 'INBOUND' };
    expect(find(values, METRIC.invocations)).toEqual([
      { namespace: DEFAULT_METRICS_NAMESPACE, name: 'Invocations', unit: 'Count', value: 1, dimensions: base },
    ]);
    expect(find(values, METRIC.recipients)[0]?.value).toBe(2);
    expect(find(values, METRIC.durationMs)[0]).toMatchObject({ unit: 'Milliseconds', dimensions: base });
    expect(find(values, METRIC.decisions).map((v) => [v.dimensions.Action, v.value])).toEqual([
      ['DROP', 1],
      ['BOUNCE', 1],
    ]);
    expect(find(values, METRIC.ruleHits).map((v) => [v.dimensions.Rule, v.value])).toEqual([
      ['drop-first', 1],
      ['bounce-second', 1],
    ]);
    expect(find(values, METRIC.auditHits).map((v) => [v.dimensions.Rule, v.value])).toEqual([['watch-all', 2]]);
    expect(find(values, METRIC.fallbacks)).toEqual([]);
    // One value per dimension name per document: two actions and three rule values need three.
    expect(m.lines).toHaveLength(3);
    for (const v of values) expect(v.unit).toBe(METRIC_UNIT[v.name as keyof typeof METRIC_UNIT]);
    const text = m.lines.join('\n');
    for (const secret of [R1, R2, EVENT.subject, EVENT.sender.address]) expect(text).not.toContain(secret);
  });

  test('recipients decided alike fit one document', async () => {
    const m = captured();
    const same = defineRules({ direction: 'INBOUND', rules: [{ name: 'junk-all', when: from('*'), then: junk() }] });
    await syncHandler({ rules: same, logger: silent, metrics: { sink: m.sink } })(structuredClone(EVENT), contextWith());
    expect(m.lines).toHaveLength(1);
    const [doc] = m.docs();
    expect(doc).toMatchObject({ Function: 'WorkMailRules-inbound', Direction: 'INBOUND', Action: 'MOVE_TO_JUNK', Rule: 'junk-all' });
    expect(doc.Decisions).toBe(2);
    expect(doc.RuleHits).toBe(2);
    expect(doc._aws.CloudWatchMetrics.map((d: { Dimensions: string[][] }) => d.Dimensions)).toEqual([
      [['Function', 'Direction']],
      [['Function', 'Direction', 'Action']],
      [['Function', 'Direction', 'Rule']],
    ]);
  });

  test('per-rule metrics off: no RuleHits or AuditHits; namespace from the option', async () => {
    const m = captured();
    await syncHandler({ rules, logger: silent, metrics: { sink: m.sink, perRule: false, namespace: 'Mail/Rules' } })(
      structuredClone(EVENT),
      contextWith(),
    );
    const values = m.values();
    expect(find(values, METRIC.ruleHits)).toEqual([]);
    expect(find(values, METRIC.auditHits)).toEqual([]);
    expect(find(values, METRIC.decisions)).toHaveLength(2);
    expect(new Set(values.map((v) => v.namespace))).toEqual(new Set(['Mail/Rules']));
  });

  const fallbacks: [string, unknown, Parameters<typeof syncHandler>[0], string][] = [
    ['an invalid event', { ...structuredClone(EVENT), envelope: 'nope' }, { rules }, FALLBACK_REASON.eventValidation],
    [
      'the deadline',
      structuredClone(EVENT),
      { decide: () => new Promise((r) => setTimeout(() => r({ recipients: [] }), 200)), deadlineMs: 14_950 },
      FALLBACK_REASON.deadline,
    ],
    [
      'an invalid plan',
      structuredClone(EVENT),
      { decide: () => ({ recipients: [{ address: R1, action: { type: 'NOT_AN_ACTION' } as never }] }) },
      FALLBACK_REASON.invalidPlan,
    ],
    [
      'an error in decide',
      structuredClone(EVENT),
      {
        decide: () => {
          throw new Error('boom');
        },
      },
      FALLBACK_REASON.error,
    ],
  ];
  test.each(fallbacks)('a fallback after %s counts Fallbacks by Reason and the fallback action', async (_n, event, opts, reason) => {
    const m = captured();
    await syncHandler({ ...opts, logger: silent, metrics: { sink: m.sink } })(event, contextWith());
    const values = m.values();
    expect(find(values, METRIC.fallbacks)).toEqual([
      expect.objectContaining({ value: 1, dimensions: expect.objectContaining({ Reason: reason, Direction: 'INBOUND' }) }),
    ]);
    expect(find(values, METRIC.invocations)[0]?.value).toBe(1);
    expect(find(values, METRIC.decisions, { Action: 'DEFAULT' })[0]?.value).toBeGreaterThan(0);
    expect(find(values, METRIC.ruleHits)).toEqual([]);
  });

  test('the deployed environment wins over the options; WORKMAIL_RULES_METRICS=off writes nothing', async () => {
    expect(
      metricsSettings(
        { namespace: 'A', perRule: true },
        { WORKMAIL_RULES_METRICS_NAMESPACE: 'B', WORKMAIL_RULES_METRICS_PER_RULE: 'false' },
      ),
    ).toEqual({
      namespace: 'B',
      perRule: false,
      enabled: true,
    });
    process.env.WORKMAIL_RULES_METRICS = 'off';
    try {
      const m = captured();
      await syncHandler({ rules, logger: silent, metrics: { sink: m.sink } })(structuredClone(EVENT), contextWith());
      expect(m.lines).toEqual([]);
    } finally {
      delete process.env.WORKMAIL_RULES_METRICS;
    }
  });

  test('a throwing sink does not change the answer', async () => {
    const handler = syncHandler({
      rules,
      logger: silent,
      metrics: {
        sink: () => {
          throw new Error('disk full');
        },
      },
    });
    const res = await handler(structuredClone(EVENT), contextWith());
    expect(res.actions.map((a) => a.action.type).sort()).toEqual(['BOUNCE', 'DROP']);
  });
});

describe('async handler metrics', () => {
  test('a completed invocation: Invocations, DurationMs, Recipients; no AsyncErrors', async () => {
    const m = captured();
    await asyncHandler(() => undefined, { logger: silent, metrics: { sink: m.sink } })(
      structuredClone(EVENT),
      contextWith(60_000, 'audit'),
    );
    const values = m.values();
    expect(values.map((v) => [v.name, v.value]).filter(([n]) => n !== METRIC.durationMs)).toEqual([
      ['Invocations', 1],
      ['Recipients', 2],
    ]);
    expect(values[0]!.dimensions).toEqual({ Function: 'audit', Direction: 'INBOUND' });
  });

  test('a function that throws: AsyncErrors by Reason Error, and the error still propagates', async () => {
    const m = captured();
    const h = asyncHandler(() => Promise.reject(new Error('down')), { logger: silent, metrics: { sink: m.sink } });
    await expect(h(structuredClone(EVENT), contextWith(60_000, 'audit'))).rejects.toThrow('down');
    expect(find(m.values(), METRIC.asyncErrors)).toEqual([
      expect.objectContaining({ value: 1, dimensions: expect.objectContaining({ Reason: 'Error' }) }),
    ]);
  });

  test('an invalid event: AsyncErrors by Reason EventValidation', async () => {
    const m = captured();
    await asyncHandler(() => undefined, { logger: silent, metrics: { sink: m.sink } })(
      { flowDirection: 'OUTBOUND' },
      contextWith(60_000, 'audit'),
    );
    expect(find(m.values(), METRIC.asyncErrors)).toEqual([
      expect.objectContaining({ dimensions: { Function: 'audit', Direction: 'OUTBOUND', Reason: 'EventValidation' } }),
    ]);
  });
});

describe('availability handler metrics', () => {
  const hours = workingHours({ timeZone: 'Europe/Berlin', year: 2021 });
  const request = {
    requester: {
      email: 'a@corp.example',
      userName: 'a',
      organization: 'm-0123456789abcdef0123456789abcdef',
      userId: 'S-1',
      origin: '127.0.0.1',
    },
    mailboxes: ['one@corp.example', 'two@corp.example', 'three@corp.example'],
    window: { startDate: '2021-05-04T00:00:00Z', endDate: '2021-05-05T00:00:00Z' },
  };

  test('AvailabilityErrors by error value, Recipients as the mailbox count, Function only', async () => {
    const m = captured();
    const h = availabilityHandler(
      (_req, { mailbox }) => (mailbox.startsWith('one') ? { events: [], workingHours: hours } : { error: 'MailboxNotFound' }),
      { logger: silent, metrics: { sink: m.sink } },
    );
    const res = await h(structuredClone(request), contextWith(25_000, 'cap'));
    expect(res.mailboxes).toHaveLength(3);
    const values = m.values();
    expect(find(values, METRIC.availabilityErrors)).toEqual([
      expect.objectContaining({ value: 2, dimensions: { Function: 'cap', Error: 'MailboxNotFound' } }),
    ]);
    expect(find(values, METRIC.recipients)[0]?.value).toBe(3);
    expect(find(values, METRIC.invocations)[0]?.dimensions).toEqual({ Function: 'cap' });
  });

  test('an invalid request: every listed mailbox counted as ErrorFreeBusyGenerationFailed', async () => {
    const m = captured();
    await availabilityHandler(() => ({ events: [], workingHours: hours }), { logger: silent, metrics: { sink: m.sink } })(
      { mailboxes: ['x@corp.example'] },
      contextWith(25_000, 'cap'),
    );
    expect(find(m.values(), METRIC.availabilityErrors)[0]).toMatchObject({
      value: 1,
      dimensions: { Error: 'ErrorFreeBusyGenerationFailed' },
    });
  });
});
