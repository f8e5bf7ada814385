/**
 * Operating the rule functions: per function the metrics settings (environment), the alarms and,
 * for asynchronous functions, the on-failure queue with bounded retries; per stack the dashboard and
 * the optional alarm topic. Driven by `workmail.monitoring` (workmail-rules docs/operations.md, "Metrics, alarms and dashboard").
 */
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { Annotations, Aspects, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { METRICS_ENV } from '../workmail/metric-names';
import { AlarmTopic } from './alarm-topic';
import { functionAlarms, type MonitoredFunction } from './alarms';
import { RulesDashboard } from './dashboard';
import { FailureDestination } from './failure-destination';
import { ALARMS_WITHOUT_ACTION, alarmsWithoutActionMessage, type MonitoringConfig } from './config/monitoring';
import type { WorkMailRuleFunction } from './rule-function';

export interface RulesMonitoringProps {
  /** The rule functions by configuration name. */
  readonly functions: Record<string, WorkMailRuleFunction>;
  readonly monitoring: MonitoringConfig;
  /** @default the stack name */
  readonly dashboardName?: string;
}

export class RulesMonitoring extends Construct {
  readonly alarms: Record<string, cw.Alarm[]> = {};
  readonly failureDestinations: Record<string, FailureDestination> = {};
  readonly topic?: sns.ITopic;
  readonly alarmTopic?: AlarmTopic;
  readonly dashboard?: RulesDashboard;

  constructor(scope: Construct, id: string, props: RulesMonitoringProps) {
    super(scope, id);
    const { monitoring } = props;
    if (monitoring.alarmTopic) {
      this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', { topic: monitoring.alarmTopic });
      this.topic = this.alarmTopic.topic;
    }
    const monitored: MonitoredFunction[] = [];
    for (const [name, construct] of Object.entries(props.functions)) {
      const fn = construct.function;
      fn.addEnvironment(METRICS_ENV.namespace, monitoring.namespace);
      fn.addEnvironment(METRICS_ENV.perRule, String(monitoring.perRuleMetrics));
      let failureQueue: MonitoredFunction['failureQueue'];
      if (construct.config.rule === 'async') {
        const destination = new FailureDestination(construct, 'OnFailure', {
          function: fn,
          retryAttempts: monitoring.asyncRetryAttempts,
          retentionDays: monitoring.failureQueueRetentionDays,
        });
        this.failureDestinations[name] = destination;
        failureQueue = destination.queue;
      }
      const m: MonitoredFunction = { name, function: fn, config: construct.config, ...(failureQueue ? { failureQueue } : {}) };
      monitored.push(m);
      this.alarms[name] = functionAlarms(construct, m, monitoring, this.topic);
    }
    // At synth, after the app had its chance to add actions of its own: alarms that notify nobody are a warning.
    Aspects.of(this).add({ visit: (node) => node === this && this.warnAboutSilentAlarms() });
    if (monitoring.dashboard) {
      this.dashboard = new RulesDashboard(this, 'Dashboard', {
        dashboardName: props.dashboardName ?? Stack.of(this).stackName,
        functions: monitored,
        monitoring,
      });
    }
  }

  private warnAboutSilentAlarms(): void {
    const stack = Stack.of(this);
    const silent = Object.values(this.alarms)
      .flat()
      .filter((a) => {
        const actions: unknown = stack.resolve((a.node.defaultChild as cw.CfnAlarm).alarmActions);
        return !Array.isArray(actions) || actions.length === 0;
      });
    if (silent.length > 0) Annotations.of(this).addWarningV2(ALARMS_WITHOUT_ACTION, alarmsWithoutActionMessage(silent.length));
  }
}
