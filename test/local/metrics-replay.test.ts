/**
 * The metrics a replay collects: the example handlers against the local WorkMail with the real SDK
 * clients, read back with metricsOf and the metric matchers; every Rewrites outcome; the CLI's
 * --json line; and nothing of it on stdout.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { metricsOf, metricTotal, replay, replayAvailability, ruleHitsOf, useLocalWorkMail } from '../../lib/local';
import { runReplayCommand } from '../../lib/local/cli/run';
import { metricMatchers } from '../../lib/local/metric-matchers';
import { emfProblems } from '../runtime/emf-structure';
import { fakeIO } from './replay-io';

expect.extend(metricMatchers);

const root = path.resolve(__dirname, '..', '..');
const inbound = path.join(root, 'handlers', 'inbound.ts');
const event = (name: string) => path.join(root, 'events', 'inbound', `${name}.json`);
const wm = useLocalWorkMail();

beforeEach(() => wm().faults.clear());

describe('replay collects the EMF documents instead of writing them', () => {
  test('the deciding rule and the rewrite are in the metrics; the documents are valid EMF; stdout stays clean', async () => {
    const write = jest.spyOn(process.stdout, 'write');
    try {
      const r = await replay(inbound, event('ceo-newsletter'), { functionName: 'WorkMailRules-inbound' });
      expect(r.metrics.length).toBeGreaterThan(0);
      for (const doc of r.metrics) expect(emfProblems(doc)).toEqual([]);
      expect(ruleHitsOf(r)).toEqual({ 'ceo-bulk-to-junk': 1 });
      expect(r).toHaveRuleHit('ceo-bulk-to-junk', 1);
      expect(r).not.toHaveRuleHit('block-bad-domain');
      expect(r).toEmitMetric('Rewrites', { Outcome: 'rewritten' }, 1);
      expect(r).toEmitMetric('Decisions', { Action: 'MOVE_TO_JUNK', Function: 'WorkMailRules-inbound' }, 1);
      expect(metricTotal(r, 'Invocations')).toBe(1);
      expect(write.mock.calls.some(([chunk]) => String(chunk).includes('"_aws"'))).toBe(false);
    } finally {
      write.mockRestore();
    }
  });

  test('a failing matcher names what was emitted', async () => {
    const r = await replay(inbound, event('ceo-newsletter'));
    const result = metricMatchers.toHaveRuleHit.call({}, r, 'no-such-rule');
    expect(result.pass).toBe(false);
    expect(result.message()).toMatch(
      /RuleHits for rule "no-such-rule"; got 0\nmetrics emitted:\n.*RuleHits 1 Count \(Function=.*Rule=ceo-bulk-to-junk\)/s,
    );
  });

  test('Rewrites by outcome: skipped when `when` does not hold', async () => {
    const r = await replay(inbound, event('contractor-internal'));
    expect(r).toEmitMetric('Rewrites', { Outcome: 'skipped' }, 1);
  });

  test('Rewrites by outcome: frozen', async () => {
    const r = await replay(inbound, event('ceo-newsletter'), { frozen: true });
    expect(r.rewrite?.outcome).toBe('frozen');
    expect(r).toEmitMetric('Rewrites', { Outcome: 'frozen' }, 1);
    expect(r).not.toEmitMetric('Rewrites', { Outcome: 'failed' });
  });

  test('Rewrites by outcome: rejected', async () => {
    wm().faults.inject({ service: 'messageflow', operation: 'PutRawMessageContent', status: 400, code: 'MessageRejected', message: 'bad' });
    const r = await replay(inbound, event('ceo-newsletter'));
    expect(r).toEmitMetric('Rewrites', { Outcome: 'rejected' }, 1);
  });

  test('Rewrites by outcome: failed (S3 down after the retries)', async () => {
    wm().faults.inject({ service: 's3', operation: 'PutObject', status: 500, times: Infinity });
    const r = await replay(inbound, event('ceo-newsletter'));
    expect(r.rewrite?.status).toBe('failed');
    expect(r).toEmitMetric('Rewrites', { Outcome: 'failed' }, 1);
  });

  test('metricsOf reads EMF lines captured from stdout as well', async () => {
    const r = await replay(inbound, event('ceo-newsletter'));
    const lines = r.metrics.map((d) => JSON.stringify(d)).join('\n');
    expect(metricsOf(`START\n${lines}\nEND`)).toEqual(metricsOf(r));
  });

  test('replayAvailability collects AvailabilityErrors by error value', async () => {
    const file = path.join(root, 'events', 'availability', 'two-mailboxes.json');
    const request = JSON.parse(fs.readFileSync(file, 'utf8'));
    request.mailboxes.push('nobody@external.example.com');
    const r = await replayAvailability(path.join(root, 'handlers', 'availability.ts'), request);
    expect(metricTotal(r, 'Invocations', { Function: 'workmail-rules-availability' })).toBe(1);
    expect(metricTotal(r, 'Recipients')).toBe(3);
    expect(r).toEmitMetric('AvailabilityErrors', { Error: 'MailboxNotFound' }, 1);
  });
});

describe('replay --json', () => {
  test('each line carries the metrics; the table output has none', async () => {
    const json = fakeIO(false, root);
    await runReplayCommand([event('ceo-newsletter'), '--handler', inbound, '--json'], json.io);
    const line = JSON.parse(json.out().trim().split('\n')[0]!);
    expect(metricsOf(line.metrics).find((m) => m.name === 'RuleHits')?.dimensions.Rule).toBe('ceo-bulk-to-junk');
    const table = fakeIO(false, root);
    await runReplayCommand([event('ceo-newsletter'), '--handler', inbound], table.io);
    expect(table.out()).not.toContain('_aws');
    expect(table.out()).not.toContain('RuleHits');
  });
});
