/** `any(...)`: at least one condition holds (Kleene disjunction; see ./combine.ts). */
import { needsMessage } from './analyze';
import { ordered, visit } from './combine';
import { defineConditionKind, FALSE, UNKNOWN, type Outcome } from './kind';
import type { Condition } from './types';

export interface AnyCondition { kind: 'any'; conditions: Condition[] }
declare module './types' {
  interface ConditionKinds { any: AnyCondition }
}

/** At least one condition holds. */
export const any = (...conditions: Condition[]): AnyCondition => ({ kind: 'any', conditions });

defineConditionKind<AnyCondition>({
  kind: 'any',
  children: (c) => c.conditions,
  rank: (c, rankOf) => Math.max(0, ...c.conditions.map(rankOf)),
  describe: (c, describeOf) => `any(${c.conditions.map(describeOf).join(', ')})`,
  evaluate(c, ev, goal) {
    let unknown = false;
    let found = false;
    let rank = 0;
    // Envelope children are all evaluated so the best matched rank is known; content children
    // only while the answer is still open.
    const stop = (child: Condition) => (found || (unknown && goal === 'isFalse')) && needsMessage(child);
    const pending = visit(ordered(c.conditions), ev, goal, stop, (o) => {
      if (o.value === true) {
        found = true;
        rank = Math.max(rank, o.rank);
      } else if (o.value === undefined) unknown = true;
      return false;
    });
    const result = (): Outcome => (found ? { value: true, rank } : unknown ? UNKNOWN : FALSE);
    return pending === undefined ? result() : pending.then(result);
  },
});
