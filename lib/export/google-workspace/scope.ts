/**
 * "Email messages to affect": Inbound and Internal - receiving for an inbound rule set, Outbound and
 * Internal - sending for an outbound one. A top-level `not(recipient('*.<org domain>'))` (outbound)
 * or `not(from('*.<org domain>'))` (inbound) is what Google calls Outbound or Inbound: it becomes
 * the scope instead of an expression.
 */
import type { AddressCondition } from '../../engine/conditions/address';
import { describeCondition, type Condition } from '../../engine/conditions/index';
import type { RuleSet } from '../../engine/rules';
import { PER_MESSAGE } from './conditions';

export interface Scope {
  affect: string[];
  /** The condition left to express, if any. */
  rest?: Condition;
  differences: string[];
}

/** `c` is not(kind(patterns)) whose patterns are exactly the organization's domains (with or without `*.`). */
function isOutside(c: Condition, kinds: readonly string[], org: readonly string[]): boolean {
  if (c.kind !== 'not' || !kinds.includes(c.condition.kind) || org.length === 0) return false;
  const patterns = (c.condition as AddressCondition).patterns;
  const values = patterns.map((p) => (p.kind === 'domain' || p.kind === 'wildcard' ? p.value!.toLowerCase() : undefined));
  const domains = org.map((d) => d.toLowerCase());
  return values.every((v) => v !== undefined && domains.includes(v)) && domains.every((d) => values.includes(d));
}

export function scopeOf(ruleSet: RuleSet, when: Condition | undefined): Scope {
  const inbound = ruleSet.direction === 'INBOUND';
  const all: Scope = { affect: inbound ? ['Inbound', 'Internal - receiving'] : ['Outbound', 'Internal - sending'], differences: [] };
  if (when === undefined) return all;
  const parts = when.kind === 'all' ? when.conditions : [when];
  const kinds = inbound ? ['from', 'mailFrom'] : ['recipient'];
  const outside = parts.filter((p) => isOutside(p, kinds, ruleSet.organizationDomains));
  if (outside.length === 0) return { ...all, rest: when };
  const left = parts.filter((p) => !outside.includes(p));
  const rest: Condition | undefined = left.length === 0 ? undefined : left.length === 1 ? left[0] : { kind: 'all', conditions: left };
  const what = describeCondition(outside[0]!);
  const differences = inbound
    ? [
        `${what} is Google's "Inbound" (from outside the organization): Google tells by where the message comes from, WorkMail by the sender address, so a forged internal address sent from outside is Inbound for Google`,
      ]
    : [`${what} is Google's "Outbound" (to outside the organization); ${PER_MESSAGE}`];
  return { affect: [inbound ? 'Inbound' : 'Outbound'], ...(rest ? { rest } : {}), differences };
}
