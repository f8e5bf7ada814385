/**
 * The settings to enter in the WorkMail console for each function's email flow rule (https://docs.aws.amazon.com/workmail/latest/adminguide/email-flows.html,
 * https://docs.aws.amazon.com/workmail/latest/adminguide/email-flows.html: flow rules have no API or CloudFormation resource, so they are created by hand).
 * Pure data; imports nothing of aws-cdk-lib, so the checklist command stays light.
 */
import type { FunctionConfig, RuleDirection } from './config/config';

/** Suggested rule timeout for synchronous rules, in minutes (the console accepts 0–240, https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html). */
export const SUGGESTED_RULE_TIMEOUT_MINUTES = 10;

export interface FlowRuleSettings {
  /** `Inbound rules` or `Outbound rules`: the console list to create the rule in. */
  ruleList: 'Inbound rules' | 'Outbound rules';
  direction: RuleDirection;
  action: 'Run Lambda';
  runSynchronously: boolean;
  /** Synchronous rules only: the console label of the suggested fallback action, and why. */
  fallbackAction?: { value: string; reason: string };
  /** Synchronous rules only: suggested Rule timeout (minutes), and why. */
  ruleTimeoutMinutes?: { value: number; reason: string };
  senderPatterns: string[];
  destinationPatterns: string[];
  patternsReason: string;
}

/** The flow-rule settings that fit a function's configuration. */
export function flowRuleSettings(fn: FunctionConfig): FlowRuleSettings {
  const sync = fn.rule === 'sync';
  const settings: FlowRuleSettings = {
    ruleList: fn.direction === 'INBOUND' ? 'Inbound rules' : 'Outbound rules',
    direction: fn.direction,
    action: 'Run Lambda',
    runSynchronously: sync,
    senderPatterns: ['*'],
    destinationPatterns: ['*'],
    patternsReason: sync
      ? 'Synchronous Run Lambda rules accept only the * destination condition; the rules in the function decide per sender and recipient.'
      : 'The function sees every message and decides itself what to act on; narrow the sender patterns only if it should see fewer messages.',
  };
  if (sync) {
    settings.fallbackAction = {
      value: 'Default',
      reason: fn.rewrite
        ? 'If the function keeps failing, the message is delivered unchanged rather than lost. Choose a blocking action (Send bounce response, Drop email) only if an unmodified message must never pass.'
        : 'If the function keeps failing, mail keeps flowing as if the rule did not exist. Choose Send bounce response or Drop email instead only when the rule enforces a policy that must fail closed.',
    };
    settings.ruleTimeoutMinutes = {
      value: SUGGESTED_RULE_TIMEOUT_MINUTES,
      reason: `WorkMail retries a failed or timed-out invocation with backoff until the rule timeout ends, then applies the fallback to all recipients. ${SUGGESTED_RULE_TIMEOUT_MINUTES} minutes rides out throttling and deployments without holding mail for long; 0 would apply the fallback on the first error, 240 would hold mail for up to 4 hours.`,
    };
  }
  return settings;
}
