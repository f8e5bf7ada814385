/**
 * The order both targets run rules in, with each rule's condition: first-match keeps rule order;
 * specificity (WorkMail's console precedence) becomes first-match over *variants*: a condition is
 * split by the rank of the address patterns it can match with, and the variants are sorted the way
 * the engine's `beats` compares candidates (rank, then restrictiveness, then rule order). The first
 * variant that holds is then the engine's winner. Audit rules take no place in the order.
 */
import { maxRank, type Condition } from '../engine/conditions/index';
import type { CompiledRule, RuleSet } from '../engine/rules';

export interface Step {
  rule: CompiledRule;
  when?: Condition;
  rank: number;
  /** What differs in this rule's ordering, if anything. */
  differences: string[];
}

const RESTRICTIVENESS: Record<string, number> = { DROP: 5, BOUNCE: 4, MOVE_TO_JUNK: 3, DEFAULT: 2, BYPASS_SPAM_CHECK: 1 };
const ADDRESS_KINDS = new Set(['from', 'mailFrom', 'sender', 'recipient', 'anyRecipient']);
/** More variants than this per rule and the rule is ordered by its best rank only (reported). */
const MAX_VARIANTS = 16;

type Variant = { when: Condition; rank: number };
type Node = { kind: string; patterns?: { rank: number }[]; conditions?: Condition[] };

/** Alternatives whose disjunction is `c`; `c` holds with rank r iff the best holding alternative has rank r. */
function variants(c: Condition, cut: { hit: boolean }): Variant[] {
  const n = c as unknown as Node;
  if (ADDRESS_KINDS.has(n.kind) && n.patterns) {
    const ranks = [...new Set(n.patterns.map((p) => p.rank))].sort((a, b) => b - a);
    return ranks.map((rank) => ({ when: { ...c, patterns: n.patterns!.filter((p) => p.rank === rank) } as Condition, rank }));
  }
  if (n.kind === 'any' && n.conditions) return n.conditions.flatMap((child) => variants(child, cut));
  if (n.kind === 'all' && n.conditions) {
    let acc: { parts: Condition[]; rank: number }[] = [{ parts: [], rank: 0 }];
    for (const child of n.conditions) {
      const vs = variants(child, cut);
      acc = acc.flatMap((a) => vs.map((v) => ({ parts: [...a.parts, v.when], rank: Math.max(a.rank, v.rank) })));
      if (acc.length > MAX_VARIANTS) {
        cut.hit = true;
        return [{ when: c, rank: maxRank(c) }];
      }
    }
    return acc.map((a) => ({ when: { kind: 'all', conditions: a.parts } as Condition, rank: a.rank }));
  }
  return [{ when: c, rank: 0 }];
}

/** `from()` patterns of several ranks: the Sender is matched first, so its rank can hide a better MAIL FROM one. */
function fromCaveat(c: Condition | undefined): boolean {
  const n = c as unknown as Node | undefined;
  if (n === undefined) return false;
  if (n.kind === 'from') return new Set(n.patterns?.map((p) => p.rank)).size > 1;
  return (n.conditions ?? []).some(fromCaveat) || fromCaveat((c as unknown as { condition?: Condition }).condition);
}

/** The enforce rules in the order the export runs them, each with the condition to test. */
export function exportOrder(ruleSet: RuleSet): Step[] {
  const enforce = ruleSet.rules.filter((r) => r.mode === 'enforce');
  if (ruleSet.precedence === 'first-match')
    return enforce.map((rule) => ({ rule, ...(rule.when ? { when: rule.when } : {}), rank: 0, differences: [] }));
  const steps: Step[] = [];
  for (const rule of enforce) {
    const cut = { hit: false };
    const vs = rule.when === undefined ? [{ when: undefined, rank: 0 }] : variants(rule.when, cut);
    const differences: string[] = [];
    if (cut.hit)
      differences.push(
        `specificity: the condition has more than ${MAX_VARIANTS} pattern combinations, so the rule is ordered by its most specific pattern only`,
      );
    if (fromCaveat(rule.when))
      differences.push(
        'specificity: from() with patterns of different specificity is ordered by the best pattern either address matches; WorkMail ranks by the Sender address first',
      );
    for (const v of vs) steps.push({ rule, ...(v.when ? { when: v.when } : {}), rank: v.rank, differences });
  }
  const restrictive = (s: Step) => RESTRICTIVENESS[s.rule.then.type] ?? 0;
  return steps.sort((a, b) => b.rank - a.rank || restrictive(b) - restrictive(a) || a.rule.index - b.rule.index);
}
