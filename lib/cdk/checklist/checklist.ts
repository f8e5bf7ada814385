/**
 * The console checklist: per function and organization, the steps to create the email flow rule by
 * hand (WorkMail has no API or CloudFormation resource for flow rules, https://docs.aws.amazon.com/workmail/latest/adminguide/email-flows.html; settings https://docs.aws.amazon.com/workmail/latest/adminguide/email-flows.html).
 * Pure: takes the configuration and, optionally, the parsed `cdk deploy --outputs-file` JSON.
 * Imports nothing of aws-cdk-lib.
 */
import { functionArnPattern } from '../arns';
import { SAMPLE_ORGANIZATION_ID, deployedFunctionName, type WorkMailConfig } from '../config/config';
import { flowRuleSettings, type FlowRuleSettings } from '../flow-rule';
import { outputNames } from '../output-names';
import { availabilityChecklist, formatAvailabilityChecklist, type AvailabilityChecklist } from '../availability/checklist';
import { WorkMailRulesError } from '../../workmail/errors';
import { DEFAULT_MONITORING, alarmsWithoutActionMessage, functionAlarmIds } from '../config/monitoring';

/** A `cdk deploy --outputs-file` output whose content does not fit the configuration. */
export class ChecklistError extends WorkMailRulesError {
  readonly code = 'CHECKLIST_OUTPUTS' as const;
  override readonly name = 'ChecklistError';
}

/** Placeholder for the account in ARN patterns shown before a deploy. */
export const ACCOUNT_PLACEHOLDER = '<ACCOUNT_ID>';

export interface ChecklistRule extends FlowRuleSettings {
  function: string;
  organization: string;
  sampleOrganization: boolean;
  ruleName: string;
  lambdaArn: string;
  /** `outputs` when read from a deploy's outputs file, `pattern` when derived from the stack name. */
  lambdaArnSource: 'outputs' | 'pattern';
  steps: string[];
}

export interface Checklist {
  region: string;
  stackName: string;
  rules: ChecklistRule[];
  /** The Custom Availability Provider checks, when the configuration has `availability`. */
  availability?: AvailabilityChecklist;
  /** The alarms that notify nobody (no `workmail.monitoring.alarmTopic`): how many, and the fix. */
  alarmsWithoutAction?: { count: number; message: string };
}

function arnFromOutputs(outputs: unknown, stackName: string, functionName: string): string {
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) {
    throw new ChecklistError('the outputs file is not a JSON object; pass the file written by cdk deploy --outputs-file');
  }
  const stacks = outputs as Record<string, unknown>;
  const key = outputNames(functionName).arn;
  const candidates = stacks[stackName] !== undefined ? [stackName] : Object.keys(stacks);
  for (const name of candidates) {
    const stack = stacks[name];
    const value = typeof stack === 'object' && stack !== null ? (stack as Record<string, unknown>)[key] : undefined;
    if (typeof value === 'string' && value.startsWith('arn:')) return value;
  }
  throw new ChecklistError(
    `the outputs file has no ${key} for function "${functionName}" (looked in ${candidates.map((c) => `"${c}"`).join(', ') || 'no stack'}); deploy the stack with the current configuration and pass its --outputs-file`,
  );
}

function stepsFor(rule: Omit<ChecklistRule, 'steps'>, region: string): string[] {
  const steps = [
    `Open the Amazon WorkMail console (https://console.aws.amazon.com/workmail/) in Region ${region} and choose organization ${rule.organization}${rule.sampleOrganization ? ' (SAMPLE id from cdk.json: replace it with your organization id first)' : ''}.`,
    `In the navigation pane choose Organization settings, then ${rule.ruleList}, then Create rule.`,
    `Rule name: ${rule.ruleName}`,
    `Sender patterns: ${rule.senderPatterns.join(', ')}   Destination patterns: ${rule.destinationPatterns.join(', ')}   (${rule.patternsReason})`,
    `Action: ${rule.action}`,
    `Lambda ARN: ${rule.lambdaArn}${rule.lambdaArnSource === 'pattern' ? `   (pattern: replace ${ACCOUNT_PLACEHOLDER}, or run cdk deploy --outputs-file cdk-outputs.json and pass --outputs cdk-outputs.json)` : ''}`,
    `Run synchronously: ${rule.runSynchronously ? 'checked' : 'not checked (asynchronous: the function cannot change delivery)'}`,
  ];
  if (rule.fallbackAction) steps.push(`Fallback action: ${rule.fallbackAction.value}   (${rule.fallbackAction.reason})`);
  if (rule.ruleTimeoutMinutes) steps.push(`Rule timeout (minutes): ${rule.ruleTimeoutMinutes.value}   (${rule.ruleTimeoutMinutes.reason})`);
  steps.push('Choose Create rule. The rule applies immediately; check it with Test configuration on the same page.');
  return steps;
}

/** Builds the checklist. `outputs` is the parsed `cdk deploy --outputs-file` JSON, when there is one. */
export function buildChecklist(config: WorkMailConfig, stackName: string, outputs?: unknown): Checklist {
  const rules: ChecklistRule[] = [];
  for (const [name, fn] of Object.entries(config.functions)) {
    const settings = flowRuleSettings(fn);
    const lambdaArn =
      outputs === undefined
        ? functionArnPattern(config.region, ACCOUNT_PLACEHOLDER, deployedFunctionName(stackName, name))
        : arnFromOutputs(outputs, stackName, name);
    for (const organization of config.organizations) {
      const rule: Omit<ChecklistRule, 'steps'> = {
        function: name,
        organization,
        sampleOrganization: organization === SAMPLE_ORGANIZATION_ID,
        ruleName: deployedFunctionName(stackName, name),
        lambdaArn,
        lambdaArnSource: outputs === undefined ? 'pattern' : 'outputs',
        ...settings,
      };
      rules.push({ ...rule, steps: stepsFor(rule, config.region) });
    }
  }
  const availability = availabilityChecklist(config, stackName);
  const monitoring = config.monitoring ?? DEFAULT_MONITORING;
  const silent = monitoring.alarmTopic ? 0 : Object.values(config.functions).flatMap((fn) => functionAlarmIds(fn, monitoring)).length;
  return {
    region: config.region,
    stackName,
    rules,
    ...(availability ? { availability } : {}),
    ...(silent > 0 ? { alarmsWithoutAction: { count: silent, message: alarmsWithoutActionMessage(silent) } } : {}),
  };
}

/** The checklist as plain text, one numbered block per function and organization. */
export function formatChecklist(checklist: Checklist): string {
  const lines = [
    'WorkMail email flow rules to create by hand (WorkMail has no API or CloudFormation resource for them).',
    `Region ${checklist.region}, stack ${checklist.stackName}, ${checklist.rules.length} rule(s).`,
  ];
  checklist.rules.forEach((rule, i) => {
    lines.push(
      '',
      `[${i + 1}] ${rule.function}: ${rule.direction.toLowerCase()} ${rule.runSynchronously ? 'synchronous' : 'asynchronous'} rule in organization ${rule.organization}`,
    );
    for (const [j, step] of rule.steps.entries()) lines.push(`  ${j + 1}. ${step}`);
  });
  if (checklist.availability) lines.push(...formatAvailabilityChecklist(checklist.availability));
  if (checklist.alarmsWithoutAction) lines.push('', `Alarms: ${checklist.alarmsWithoutAction.message}.`);
  return `${lines.join('\n')}\n`;
}
