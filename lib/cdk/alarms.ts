/**
 * The alarms of one rule function, on the metrics its handler writes (names from
 * lib/workmail/metric-names.ts) and on Lambda's own: fallbacks caused by errors or the deadline,
 * answers close to the deadline, asynchronous invocation errors and failed events, and rewrite
 * failures other than MessageFrozen. Thresholds and periods come from `workmail.monitoring.alarms`.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DIMENSION, METRIC, REWRITE_OUTCOME, type MetricName } from '../workmail/metric-names';
import type { FunctionConfig } from './config/config';
import type { AlarmSettings, MonitoringConfig } from './config/monitoring';

/** One function as the alarms and the dashboard see it. */
export interface MonitoredFunction {
  /** The configuration name (`workmail.functions.<name>`). */
  name: string;
  function: lambda.IFunction;
  config: FunctionConfig;
  /** The on-failure queue of an asynchronous function. */
  failureQueue?: sqs.IQueue;
}

const README = 'workmail-rules docs/operations.md, "Alarms"';

/** A metric the handler writes, with the function's base dimensions and `extra`. */
export function ruleMetric(
  namespace: string,
  fn: MonitoredFunction,
  name: MetricName,
  options: { extra?: Record<string, string>; statistic?: string; period?: Duration; label?: string } = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace,
    metricName: name,
    dimensionsMap: { [DIMENSION.function]: fn.function.functionName, [DIMENSION.direction]: fn.config.direction, ...options.extra },
    statistic: options.statistic ?? 'Sum',
    period: options.period ?? Duration.minutes(5),
    ...(options.label ? { label: options.label } : {}),
  });
}

/** The sum of one metric over several values of a dimension, missing data as 0. */
function sumOver(namespace: string, fn: MonitoredFunction, name: MetricName, dimension: string, values: string[], period: Duration) {
  const usingMetrics = Object.fromEntries(
    values.map((v, i) => [`m${i}`, ruleMetric(namespace, fn, name, { extra: { [dimension]: v }, period })]),
  );
  return new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + '),
    usingMetrics,
    period,
    label: `${name} (${values.join(', ')})`,
  });
}

export function functionAlarms(
  scope: Construct,
  fn: MonitoredFunction,
  monitoring: MonitoringConfig,
  topic?: sns.ITopic,
): cloudwatch.Alarm[] {
  const { namespace } = monitoring;
  const settings = fn.config.alarms ?? monitoring.alarms;
  const stackName = Stack.of(scope).stackName;
  const out: cloudwatch.Alarm[] = [];
  const add = (
    id: string,
    s: Pick<AlarmSettings, 'enabled' | 'periodMinutes' | 'evaluationPeriods'>,
    metric: cloudwatch.IMetric,
    threshold: number,
    description: string,
  ) => {
    if (!s.enabled) return;
    const alarm = new cloudwatch.Alarm(scope, `${id}Alarm`, {
      alarmName: `${stackName}-${fn.name}-${id}`,
      alarmDescription: `${fn.name}: ${description} (thresholds: workmail.monitoring.alarms, or this function's own alarms, in cdk.json; ${README})`,
      metric,
      threshold,
      evaluationPeriods: s.evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (topic) {
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }
    out.push(alarm);
  };
  const minutes = (n: number) => Duration.minutes(n);

  if (fn.config.rule === 'sync') {
    const f = settings.fallbacks;
    add(
      'Fallbacks',
      f,
      sumOver(namespace, fn, METRIC.fallbacks, DIMENSION.reason, f.reasons, minutes(f.periodMinutes)),
      f.threshold,
      `answered with the fallback action (${f.reasons.join(', ')}) at least ${f.threshold} time(s) in ${f.periodMinutes} min`,
    );
    const late = settings.lateAnswers;
    const threshold = Math.max(1, Math.round((fn.config.timeoutSeconds - late.marginSeconds) * 1000));
    add(
      'LateAnswers',
      late,
      ruleMetric(namespace, fn, METRIC.durationMs, { statistic: 'p99', period: minutes(late.periodMinutes) }),
      threshold,
      `p99 of DurationMs within ${late.marginSeconds} s of the ${fn.config.timeoutSeconds} s timeout (>= ${threshold} ms)`,
    );
  }
  if (fn.config.rule === 'async') {
    const e = settings.asyncErrors;
    add(
      'AsyncErrors',
      e,
      fn.function.metricErrors({ period: minutes(e.periodMinutes), statistic: 'Sum' }),
      e.threshold,
      `the asynchronous invocation failed (Lambda Errors) at least ${e.threshold} time(s) in ${e.periodMinutes} min`,
    );
    const q = settings.failedEvents;
    if (fn.failureQueue) {
      add(
        'FailedEvents',
        q,
        fn.failureQueue.metricApproximateNumberOfMessagesVisible({ period: minutes(q.periodMinutes), statistic: 'Maximum' }),
        q.threshold,
        `events failed after Lambda's retries are waiting in the failure queue (at least ${q.threshold})`,
      );
    }
  }
  if (fn.config.rewrite) {
    const r = settings.rewriteFailures;
    add(
      'RewriteFailures',
      r,
      sumOver(
        namespace,
        fn,
        METRIC.rewrites,
        DIMENSION.outcome,
        [REWRITE_OUTCOME.failed, REWRITE_OUTCOME.rejected],
        minutes(r.periodMinutes),
      ),
      r.threshold,
      `rewrites failed or were rejected (MessageFrozen excepted) at least ${r.threshold} time(s) in ${r.periodMinutes} min`,
    );
  }
  return out;
}
