/**
 * Alarms, alarm topic and failure destinations on the synthesized template: each alarm's metric,
 * threshold, period and actions; the failure queue is encrypted; cdk-nag stays clean with a topic;
 * the `workmail.monitoring` overrides and their errors.
 */
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ConfigError, configFromContext, parseConfig, type WorkMailConfigInput } from '../../lib/cdk';
import {
  DEFAULT_METRICS_NAMESPACE,
  DIMENSION,
  FALLBACK_REASON,
  METRIC,
  METRICS_ENV,
  REWRITE_OUTCOME,
} from '../../lib/workmail/metric-names';
import { appWithoutBundling, buildStack, sampleConfig } from './stack-fixture';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:mail-ops';
const withMonitoring = (monitoring: unknown): WorkMailConfigInput => ({ ...sampleConfig(), monitoring }) as WorkMailConfigInput;

function alarmsOf(t: Template): Record<string, any> {
  return Object.fromEntries(
    Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((r: any) => [r.Properties.AlarmName, r.Properties]),
  );
}

/** [metric name, dimension name → value] of every metric an alarm reads. */
function alarmMetrics(p: any): [string, string, Record<string, unknown>][] {
  const stats = p.Metrics
    ? p.Metrics.filter((m: any) => m.MetricStat).map((m: any) => ({ ...m.MetricStat.Metric, Period: m.MetricStat.Period }))
    : [p];
  return stats.map((s: any) => [s.Namespace, s.MetricName, Object.fromEntries((s.Dimensions ?? []).map((d: any) => [d.Name, d.Value]))]);
}

const fnRef = (t: Template, id: string) => ({
  Ref: Object.keys(t.findResources('AWS::Lambda::Function')).find((k) => k.startsWith(`${id}Function`)),
});

describe('alarms with the defaults', () => {
  const { stack } = buildStack(sampleConfig());
  const t = Template.fromStack(stack);
  const alarms = alarmsOf(t);

  test('per function: sync get Fallbacks and LateAnswers, the rewriter RewriteFailures, async AsyncErrors and FailedEvents', () => {
    expect(Object.keys(alarms).sort()).toEqual(
      [
        'WorkMailRules-audit-log-AsyncErrors',
        'WorkMailRules-audit-log-FailedEvents',
        'WorkMailRules-inbound-Fallbacks',
        'WorkMailRules-inbound-LateAnswers',
        'WorkMailRules-inbound-RewriteFailures',
        'WorkMailRules-outbound-Fallbacks',
        'WorkMailRules-outbound-LateAnswers',
      ].sort(),
    );
    for (const a of Object.values(alarms)) {
      expect(a.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
      expect(a.TreatMissingData).toBe('notBreaching');
      expect(a.AlarmActions).toBeUndefined();
    }
  });

  test('Fallbacks: the sum of Fallbacks with Reason Error, Deadline and InvalidPlan, >= 1 in 5 min', () => {
    const a = alarms['WorkMailRules-inbound-Fallbacks'];
    expect(a.Threshold).toBe(1);
    expect(a.EvaluationPeriods).toBe(1);
    expect(a.Metrics[0].Expression).toBe('FILL(m0, 0) + FILL(m1, 0) + FILL(m2, 0)');
    expect(a.Metrics.slice(1).map((m: any) => [m.MetricStat.Period, m.MetricStat.Stat])).toEqual([
      [300, 'Sum'],
      [300, 'Sum'],
      [300, 'Sum'],
    ]);
    expect(alarmMetrics(a)).toEqual(
      [FALLBACK_REASON.error, FALLBACK_REASON.deadline, FALLBACK_REASON.invalidPlan].map((r) => [
        DEFAULT_METRICS_NAMESPACE,
        METRIC.fallbacks,
        { [DIMENSION.direction]: 'INBOUND', [DIMENSION.function]: fnRef(t, 'Inbound'), [DIMENSION.reason]: r },
      ]),
    );
  });

  test('LateAnswers: p99 of DurationMs within 2 s of the 12 s timeout, 3 periods of 5 min', () => {
    const a = alarms['WorkMailRules-outbound-LateAnswers'];
    expect(a).toMatchObject({ MetricName: METRIC.durationMs, Namespace: DEFAULT_METRICS_NAMESPACE, ExtendedStatistic: 'p99', Period: 300 });
    expect(a.Threshold).toBe(10_000);
    expect(a.EvaluationPeriods).toBe(3);
    expect(alarmMetrics(a)[0]![2]).toEqual({ Direction: 'OUTBOUND', Function: fnRef(t, 'Outbound') });
  });

  test('RewriteFailures: failed + rejected; frozen is not counted', () => {
    const a = alarms['WorkMailRules-inbound-RewriteFailures'];
    expect(alarmMetrics(a).map(([, n, d]) => [n, d[DIMENSION.outcome]])).toEqual([
      [METRIC.rewrites, REWRITE_OUTCOME.failed],
      [METRIC.rewrites, REWRITE_OUTCOME.rejected],
    ]);
  });

  test('async: Lambda Errors of the function, and the failure queue depth', () => {
    const e = alarms['WorkMailRules-audit-log-AsyncErrors'];
    expect(e).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Statistic: 'Sum', Period: 300, Threshold: 1 });
    expect(alarmMetrics(e)[0]![2]).toEqual({ FunctionName: fnRef(t, 'AuditLog') });
    const q = alarms['WorkMailRules-audit-log-FailedEvents'];
    expect(q).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum' });
  });

  test('every function is told the namespace and the per-rule switch', () => {
    for (const fn of Object.values(t.findResources('AWS::Lambda::Function')) as any[]) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        [METRICS_ENV.namespace]: DEFAULT_METRICS_NAMESPACE,
        [METRICS_ENV.perRule]: 'true',
      });
    }
  });

  test('the async function: an SQS-encrypted, TLS-only queue with 14 days retention, 2 retries, on-failure destination', () => {
    t.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    const queueId = Object.keys(t.findResources('AWS::SQS::Queue'))[0]!;
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: fnRef(t, 'AuditLog'),
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    t.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
  });
});

describe('overrides from workmail.monitoring', () => {
  test('thresholds, periods, margins, reasons, a disabled alarm, namespace, per-rule off, retries, retention', () => {
    const { stack } = buildStack(
      withMonitoring({
        namespace: 'Corp/Mail',
        perRuleMetrics: false,
        asyncRetryAttempts: 0,
        failureQueueRetentionDays: 4,
        alarms: {
          fallbacks: { threshold: 5, periodMinutes: 15, evaluationPeriods: 2, reasons: ['Deadline'] },
          lateAnswers: { marginSeconds: 3 },
          rewriteFailures: false,
        },
      }),
    );
    const t = Template.fromStack(stack);
    const alarms = alarmsOf(t);
    const f = alarms['WorkMailRules-outbound-Fallbacks'];
    expect(f).toMatchObject({ Threshold: 5, EvaluationPeriods: 2 });
    expect(f.Metrics[1].MetricStat.Period).toBe(900);
    expect(alarmMetrics(f)).toEqual([['Corp/Mail', 'Fallbacks', expect.objectContaining({ Reason: 'Deadline' })]]);
    expect(alarms['WorkMailRules-inbound-LateAnswers'].Threshold).toBe(9_000);
    expect(alarms['WorkMailRules-inbound-RewriteFailures']).toBeUndefined();
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [METRICS_ENV.perRule]: 'false', [METRICS_ENV.namespace]: 'Corp/Mail' }) },
    });
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
    t.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 4 * 86_400 });
  });

  test("a function's own alarms override the stack's key by key, for that function only", () => {
    const config = withMonitoring({ alarms: { fallbacks: { threshold: 4, periodMinutes: 10 } } });
    config.functions['outbound'] = { ...config.functions['outbound']!, alarms: { fallbacks: { threshold: 20 }, lateAnswers: false } };
    const alarms = alarmsOf(Template.fromStack(buildStack(config).stack));
    const outbound = alarms['WorkMailRules-outbound-Fallbacks'];
    expect(outbound.Threshold).toBe(20);
    expect(outbound.Metrics[1].MetricStat.Period).toBe(600); // the stack's period, kept
    expect(alarms['WorkMailRules-outbound-LateAnswers']).toBeUndefined();
    expect(alarms['WorkMailRules-inbound-Fallbacks'].Threshold).toBe(4);
    expect(alarms['WorkMailRules-inbound-LateAnswers']).toBeDefined();
  });

  test("a bad value in a function's own alarms is a ConfigError naming that function's key", () => {
    const config = sampleConfig();
    config.functions['inbound'] = { ...config.functions['inbound']!, alarms: { fallbacks: { periodMinutes: 7 } } };
    expect(() => parseConfig(config)).toThrow(
      expect.objectContaining({ key: 'workmail.functions.inbound.alarms.fallbacks.periodMinutes' }) as unknown as Error,
    );
    expect(() => parseConfig(config)).toThrow(ConfigError);
  });

  test('an existing topic by ARN: every alarm notifies it on ALARM and OK', () => {
    const t = Template.fromStack(buildStack(withMonitoring({ alarmTopic: TOPIC_ARN })).stack);
    for (const a of Object.values(alarmsOf(t))) {
      expect(a.AlarmActions).toEqual([TOPIC_ARN]);
      expect(a.OKActions).toEqual([TOPIC_ARN]);
    }
    t.resourceCountIs('AWS::SNS::Topic', 0);
  });

  test('a new topic: KMS-encrypted with a rotated key CloudWatch may use, and the alarms point at it', () => {
    const t = Template.fromStack(buildStack(withMonitoring({ alarmTopic: 'new' })).stack);
    const topicId = Object.keys(t.findResources('AWS::SNS::Topic'))[0]!;
    const keyId = Object.keys(t.findResources('AWS::KMS::Key'))[0]!;
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
    for (const a of Object.values(alarmsOf(t))) expect(a.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  test('with a new topic cdk-nag reports nothing unacknowledged', () => {
    const app = appWithoutBundling();
    const { stack } = buildStack(withMonitoring({ alarmTopic: 'new' }), { nag: true, app });
    expect(() => app.synth()).not.toThrow();
    const acks = stack.node
      .findAll()
      .flatMap((n) =>
        n.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => Object.keys(m.data as object)),
      )
      .flat();
    expect(acks.filter((a) => /SNS|KMS/.test(a))).toEqual([]);
  });

  test('-c workmail.monitoring=<JSON> and -c workmail.monitoring.alarmTopic=<ARN> override cdk.json', () => {
    const config = configFromContext({
      workmail: sampleConfig(),
      'workmail.monitoring': '{"perRuleMetrics":false,"alarms":{"lateAnswers":false}}',
      'workmail.monitoring.alarmTopic': TOPIC_ARN,
    });
    expect(config.monitoring).toMatchObject({ perRuleMetrics: false, alarmTopic: TOPIC_ARN, alarms: { lateAnswers: { enabled: false } } });
  });

  const bad: [string, unknown, string, RegExp][] = [
    ['an unknown key', { alarm: {} }, 'workmail.monitoring.alarm', /allowed keys: namespace, perRuleMetrics/],
    ['an AWS/ namespace', { namespace: 'AWS/Lambda' }, 'workmail.monitoring.namespace', /not starting with "AWS\/"/],
    [
      'a period CloudWatch does not take',
      { alarms: { fallbacks: { periodMinutes: 7 } } },
      'workmail.monitoring.alarms.fallbacks.periodMinutes',
      /1, 5, 10, 15/,
    ],
    [
      'an unknown reason',
      { alarms: { fallbacks: { reasons: ['Oops'] } } },
      'workmail.monitoring.alarms.fallbacks.reasons',
      /"EventValidation", "Deadline"/,
    ],
    ['a topic that is no ARN', { alarmTopic: 'ops' }, 'workmail.monitoring.alarmTopic', /"new" .* or an SNS topic ARN/],
    ['too many retries', { asyncRetryAttempts: 3 }, 'workmail.monitoring.asyncRetryAttempts', /integer from 0 to 2/],
    ['retention beyond SQS', { failureQueueRetentionDays: 15 }, 'workmail.monitoring.failureQueueRetentionDays', /from 1 to 14/],
    ['an unknown alarm', { alarms: { slow: true } }, 'workmail.monitoring.alarms.slow', /allowed keys: fallbacks, lateAnswers/],
  ];
  test.each(bad)('%s is a ConfigError naming the key and the allowed values', (_n, monitoring, key, message) => {
    let err: unknown;
    try {
      parseConfig(withMonitoring(monitoring));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).key).toBe(key);
    expect((err as Error).message).toMatch(message);
  });
});
