/**
 * Alarms that notify nobody: without `workmail.monitoring.alarmTopic` synth warns
 * (workmail-rules:alarms-without-action) with the count and the cdk.json key, and the checklist says
 * the same; with a topic, or actions the app adds itself, no warning.
 */
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { parseConfig, type WorkMailConfigInput } from '../../lib/cdk';
import { buildChecklist, formatChecklist } from '../../lib/cdk/checklist/checklist';
import { buildStack, sampleConfig } from './stack-fixture';

const ID = 'workmail-rules:alarms-without-action';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:mail-ops';
const withMonitoring = (monitoring: unknown): WorkMailConfigInput => ({ ...sampleConfig(), monitoring }) as WorkMailConfigInput;

function synth(config: WorkMailConfigInput, more?: (stack: ReturnType<typeof buildStack>['stack']) => void) {
  const { stack } = buildStack(config);
  more?.(stack);
  const template = Template.fromStack(stack);
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('no alarm action'));
  return { template, warnings: warnings.map((w) => String(w.entry.data)) };
}

describe('alarms without an action', () => {
  test('the defaults (no topic): one warning with the number of alarms synthesized and the cdk.json key', () => {
    const { template, warnings } = synth(sampleConfig());
    const count = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).length;
    expect(count).toBe(7); // inbound: 3 (with rewrite), outbound: 2, audit-log: 2
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${count} alarms have no alarm action, so nobody is notified`);
    expect(warnings[0]).toContain('workmail.monitoring.alarmTopic');
    expect(warnings[0]).toContain(`[ack: ${ID}]`);
  });

  test('the count follows the alarms that are on', () => {
    const { template, warnings } = synth(withMonitoring({ alarms: { lateAnswers: false, failedEvents: false, rewriteFailures: false } }));
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(3);
    expect(warnings[0]).toMatch(/^3 alarms have no alarm action/);
  });

  test.each([
    ['"new"', 'new'],
    ['an ARN', TOPIC_ARN],
  ])('alarmTopic %s: no warning, every alarm has an action', (_l, alarmTopic) => {
    const { template, warnings } = synth(withMonitoring({ alarmTopic }));
    expect(warnings).toEqual([]);
    for (const a of Object.values(template.findResources('AWS::CloudWatch::Alarm')))
      expect((a as { Properties: { AlarmActions?: unknown[] } }).Properties.AlarmActions).toHaveLength(1);
  });

  test('actions the app adds after the stack is built count: only the alarms still without one are reported', () => {
    const { warnings } = synth(sampleConfig(), (stack) => {
      const topic = sns.Topic.fromTopicArn(stack, 'Own', TOPIC_ARN);
      const all = Object.values(stack.monitoring.alarms).flat();
      for (const a of all.slice(1)) a.addAlarmAction(new actions.SnsAction(topic));
    });
    expect(warnings).toEqual([expect.stringMatching(/^1 alarm has no alarm action, so nobody is notified when it fires/)]);
  });

  test('all alarms off: nothing to warn about', () => {
    const off = { fallbacks: false, lateAnswers: false, asyncErrors: false, failedEvents: false, rewriteFailures: false };
    expect(synth(withMonitoring({ alarms: off })).warnings).toEqual([]);
  });
});

describe('the checklist says it too', () => {
  test('without a topic: the count synth gives and the fix, on a line of its own', () => {
    const checklist = buildChecklist(parseConfig(sampleConfig()), 'WorkMailRules');
    expect(checklist.alarmsWithoutAction?.count).toBe(7);
    expect(formatChecklist(checklist)).toMatch(/\nAlarms: 7 alarms have no alarm action, .*workmail\.monitoring\.alarmTopic.*\n$/);
  });

  test('a function with its own alarms, and a topic', () => {
    const config = sampleConfig();
    config.functions.outbound!.alarms = { lateAnswers: false };
    expect(buildChecklist(parseConfig(config), 'S').alarmsWithoutAction?.count).toBe(6);
    const withTopic = buildChecklist(parseConfig(withMonitoring({ alarmTopic: 'new' })), 'S');
    expect(withTopic.alarmsWithoutAction).toBeUndefined();
    expect(formatChecklist(withTopic)).not.toContain('Alarms:');
  });
});
