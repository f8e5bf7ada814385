/** `any(...)`: at least one condition holds (Kleene disjunction; see ./combine.ts). */
import { needsMessage } from './analyze';
import { fold, ordered, type Fold } from './combine';
import { defineConditionKind, FALSE, TRUE, UNKNOWN } from './kind';
import type { Condition } from './types';

export interface AnyCondition {
  kind: 'any';
  conditions: Condition[];
}
declare module './types' {
  interface ConditionKinds {
    any: AnyCondition;
  }
}

/** At least one condition holds. */
export const any = (...conditions: Condition[]): AnyCondition => ({ kind: 'any', conditions });

const ANY: Fold<{ unknown: boolean; found: boolean; rank: number }> = {
  start: () => ({ unknown: false, found: false, rank: 0 }),
  // Envelope children are all evaluated so the best matched rank is known; content children
  // only while the answer is still open.
  stop: (s, child, goal) => (s.found || (s.unknown && goal === 'isFalse')) && needsMessage(child),
  take(s, o) {
    if (o.value === true) {
      s.found = true;
      if (o.rank > s.rank) s.rank = o.rank;
    } else if (o.value === undefined) s.unknown = true;
    return false;
  },
  result: (s) => (s.found ? (s.rank === 0 ? TRUE : { value: true, rank: s.rank }) : s.unknown ? UNKNOWN : FALSE),
};

defineConditionKind<AnyCondition>({
  kind: 'any',
  children: (c) => c.conditions,
  rank: (c, rankOf) => Math.max(0, ...c.conditions.map(rankOf)),
  describe: (c, describeOf) => `any(${c.conditions.map(describeOf).join(', ')})`,
  evaluate: (c, ev, goal) => fold(ANY, ordered(c.conditions), ev, goal),
});
