/**
 * One CloudWatch dashboard per stack, on the metrics the handlers write (names from
 * lib/workmail/metric-names.ts): invocations, fallbacks by reason, decisions by action, the top
 * rules (and audit rules), duration percentiles against each function's deadline, rewrites by
 * outcome, and the asynchronous functions' errors and failed events. docs/operations.md "Dashboard" shows it.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { DIMENSION, FALLBACK_REASON, METRIC, REWRITE_OUTCOME, type MetricName } from '../workmail/metric-names';
import { actionTypesFor } from '../workmail/types';
import { ruleMetric, type MonitoredFunction } from './alarms';
import type { MonitoringConfig } from './config/monitoring';

const HEIGHT = 6;

/** A Metrics Insights query for the ten values of `Rule` with the most `metric` over the dashboard's range. */
function topRules(namespace: string, metric: MetricName, title: string): cloudwatch.GraphWidget {
  const schema = `SCHEMA("${namespace}", ${DIMENSION.direction}, ${DIMENSION.function}, ${DIMENSION.rule})`;
  return new cloudwatch.GraphWidget({
    title,
    width: 8,
    height: HEIGHT,
    left: [
      new cloudwatch.MathExpression({
        expression: `SELECT SUM(${metric}) FROM ${schema} GROUP BY ${DIMENSION.rule} ORDER BY SUM() DESC LIMIT 10`,
        label: '',
        period: Duration.hours(1),
      }),
    ],
  });
}

export interface RulesDashboardProps {
  readonly dashboardName: string;
  readonly functions: MonitoredFunction[];
  readonly monitoring: MonitoringConfig;
}

export class RulesDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: RulesDashboardProps) {
    super(scope, id);
    const ns = props.monitoring.namespace;
    const all = props.functions;
    const sync = all.filter((f) => f.config.rule === 'sync');
    const rewriting = all.filter((f) => f.config.rewrite);
    const async = all.filter((f) => f.config.rule === 'async');
    const m = (fn: MonitoredFunction, name: MetricName, extra?: Record<string, string>, label?: string) =>
      ruleMetric(ns, fn, name, { ...(extra ? { extra } : {}), label: label ?? fn.name });
    const graph = (title: string, width: number, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}) =>
      new cloudwatch.GraphWidget({ title, width, height: HEIGHT, left, ...extra });

    const rows: cloudwatch.IWidget[][] = [
      [
        graph(
          'Invocations',
          12,
          all.map((f) => m(f, METRIC.invocations)),
        ),
        graph(
          'Fallbacks by reason',
          12,
          sync.flatMap((f) =>
            Object.values(FALLBACK_REASON).map((r) => m(f, METRIC.fallbacks, { [DIMENSION.reason]: r }, `${f.name} ${r}`)),
          ),
          { stacked: true },
        ),
      ],
      [
        graph(
          'Decisions by action',
          8,
          sync.flatMap((f) =>
            actionTypesFor(f.config.direction).map((a) => m(f, METRIC.decisions, { [DIMENSION.action]: a }, `${f.name} ${a}`)),
          ),
          { stacked: true },
        ),
        ...(props.monitoring.perRuleMetrics
          ? [topRules(ns, METRIC.ruleHits, 'Top rules (RuleHits)'), topRules(ns, METRIC.auditHits, 'Top audit rules (AuditHits)')]
          : []),
      ],
      sync.map((f) =>
        graph(
          `Duration vs deadline: ${f.name}`,
          sync.length === 1 ? 24 : 12,
          ['p50', 'p90', 'p99'].map((p) => ruleMetric(ns, f, METRIC.durationMs, { statistic: p, label: p })),
          {
            leftYAxis: { min: 0, max: f.config.timeoutSeconds * 1000 + 1000, label: 'ms', showUnits: false },
            leftAnnotations: [
              { value: f.config.timeoutSeconds * 1000, label: `timeout ${f.config.timeoutSeconds} s`, color: '#d62728' },
              {
                value: (f.config.timeoutSeconds - props.monitoring.alarms.lateAnswers.marginSeconds) * 1000,
                label: 'late-answer alarm',
                color: '#ff7f0e',
              },
            ],
          },
        ),
      ),
      [
        ...(rewriting.length
          ? [
              graph(
                'Rewrites by outcome',
                async.length ? 12 : 24,
                rewriting.flatMap((f) =>
                  Object.values(REWRITE_OUTCOME).map((o) => m(f, METRIC.rewrites, { [DIMENSION.outcome]: o }, `${f.name} ${o}`)),
                ),
                { stacked: true },
              ),
            ]
          : []),
        ...(async.length
          ? [
              graph(
                'Async functions: errors, failed events',
                rewriting.length ? 12 : 24,
                async.flatMap((f) => [
                  f.function.metricErrors({ label: `${f.name} Lambda Errors`, statistic: 'Sum' }),
                  m(f, METRIC.asyncErrors, { [DIMENSION.reason]: 'Error' }, `${f.name} AsyncErrors`),
                  ...(f.failureQueue
                    ? [f.failureQueue.metricApproximateNumberOfMessagesVisible({ label: `${f.name} failed events`, statistic: 'Maximum' })]
                    : []),
                ]),
              ),
            ]
          : []),
      ],
    ].filter((row) => row.length > 0);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
      widgets: rows,
    });
  }
}
