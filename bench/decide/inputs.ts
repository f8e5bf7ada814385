/**
 * Deterministic inputs for the decide benchmark: envelope-only rule sets (address patterns, subject,
 * combinators) and events with many recipients. Most recipients match no rule, so each one walks the
 * whole rule set (the expensive case); a few match recipient rules, so the response has several entries.
 */
import {
  all,
  any,
  bounce,
  bypassSpam,
  defineRules,
  drop,
  from,
  junk,
  not,
  recipient,
  subject,
  type Rule,
  type RuleSet,
} from '../../lib/engine';
import type { LambdaEventData } from '../../lib/workmail';

export const RECIPIENT_COUNTS = [1, 50, 500] as const;
export const RULE_COUNTS = [10, 50, 200] as const;

/** Rule `i` of a generated set: one of four shapes, cycling. */
function ruleAt(i: number): Rule<'INBOUND'> {
  switch (i % 4) {
    case 0:
      return { name: `block-${i}`, when: from(`*.blocked${i}.example`, `spam${i}@outside.example`), then: bounce(`Blocked by rule ${i}.`) };
    case 1:
      return { name: `team-${i}-internal`, when: all(recipient(`team${i}@corp.example`), not(from('*.corp.example'))), then: drop() };
    case 2:
      return {
        name: `project-${i}-junk`,
        when: all(subject(new RegExp(`\\bproject-${i}\\b`, 'i')), not(from('corp.example'))),
        then: junk(),
      };
    default:
      return { name: `partner-${i}`, when: any(from(`partner${i}.example`), recipient(`sub${i}.corp.example`)), then: bypassSpam() };
  }
}

export function makeRuleSet(count: number): RuleSet<'INBOUND'> {
  return defineRules({
    direction: 'INBOUND',
    organizationDomains: ['corp.example'],
    rules: Array.from({ length: count }, (_, i) => ruleAt(i)),
  });
}

/** Recipient `k`: mostly plain users; every 7th a team mailbox, every 11th on a subdomain. */
function recipientAt(k: number): string {
  if (k % 7 === 3) return `team${(k * 4 + 1) % 200}@corp.example`;
  if (k % 11 === 5) return `user${k}@sub${(k * 4 + 3) % 200}.corp.example`;
  return `user${k}@corp.example`;
}

export function makeEvent(recipients: number): LambdaEventData {
  return {
    summaryVersion: '2019-07-28',
    envelope: {
      mailFrom: { address: 'newsletter@mail.outside.example' },
      recipients: Array.from({ length: recipients }, (_, k) => ({ address: recipientAt(k) })),
    },
    subject: 'Weekly report: project-9999 status and next steps',
    messageId: '00000000-0000-4000-8000-00000000beef',
    invocationId: '0000000000000000000000000000beef',
    flowDirection: 'INBOUND',
    truncated: false,
  };
}
