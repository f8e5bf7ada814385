/** `all(...)`: every condition holds (Kleene conjunction; see ./combine.ts). */
import { needsMessage } from './analyze';
import { ordered, visit } from './combine';
import { defineConditionKind, FALSE, UNKNOWN, type Outcome } from './kind';
import type { Condition } from './types';

export interface AllCondition { kind: 'all'; conditions: Condition[] }
declare module './types' {
  interface ConditionKinds { all: AllCondition }
}

/** Every condition holds. */
export const all = (...conditions: Condition[]): AllCondition => ({ kind: 'all', conditions });

defineConditionKind<AllCondition>({
  kind: 'all',
  children: (c) => c.conditions,
  rank: (c, rankOf) => Math.max(0, ...c.conditions.map(rankOf)),
  describe: (c, describeOf) => `all(${c.conditions.map(describeOf).join(', ')})`,
  evaluate(c, ev, goal) {
    let unknown = false;
    let rank = 0;
    let settled: Outcome | undefined;
    // Once some child is unknown, the result can only be false or unknown: a caller asking
    // "is it true?" has its answer; envelope children are still all evaluated (they are free).
    const pending = visit(ordered(c.conditions), ev, goal, (child) => unknown && goal === 'isTrue' && needsMessage(child), (o) => {
      if (o.value === false) settled = FALSE;
      else if (o.value === undefined) unknown = true;
      else rank = Math.max(rank, o.rank);
      return settled !== undefined;
    });
    const result = (): Outcome => settled ?? (unknown ? UNKNOWN : { value: true, rank });
    return pending === undefined ? result() : pending.then(result);
  },
});
