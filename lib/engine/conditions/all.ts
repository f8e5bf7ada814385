/** `all(...)`: every condition holds (Kleene conjunction; see ./combine.ts). */
import { needsMessage } from './analyze';
import { fold, ordered, type Fold } from './combine';
import { defineConditionKind, FALSE, TRUE, UNKNOWN } from './kind';
import type { Condition } from './types';

export interface AllCondition {
  kind: 'all';
  conditions: Condition[];
}
declare module './types' {
  interface ConditionKinds {
    all: AllCondition;
  }
}

/** Every condition holds. */
export const all = (...conditions: Condition[]): AllCondition => ({ kind: 'all', conditions });

const ALL: Fold<{ unknown: boolean; falsified: boolean; rank: number }> = {
  start: () => ({ unknown: false, falsified: false, rank: 0 }),
  // Once some child is unknown, the result can only be false or unknown: a caller asking
  // "is it true?" has its answer; envelope children are still all evaluated (they are free).
  stop: (s, child, goal) => s.unknown && goal === 'isTrue' && needsMessage(child),
  take(s, o) {
    if (o.value === false) s.falsified = true;
    else if (o.value === undefined) s.unknown = true;
    else if (o.rank > s.rank) s.rank = o.rank;
    return s.falsified;
  },
  result: (s) => (s.falsified ? FALSE : s.unknown ? UNKNOWN : s.rank === 0 ? TRUE : { value: true, rank: s.rank }),
};

defineConditionKind<AllCondition>({
  kind: 'all',
  children: (c) => c.conditions,
  rank: (c, rankOf) => Math.max(0, ...c.conditions.map(rankOf)),
  describe: (c, describeOf) => `all(${c.conditions.map(describeOf).join(', ')})`,
  evaluate: (c, ev, goal) => fold(ALL, ordered(c.conditions), ev, goal),
});
