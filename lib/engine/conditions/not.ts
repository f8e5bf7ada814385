/** `not(c)`: the condition does not hold; unknown stays unknown. A negation matches no pattern (rank 0). */
import { defineConditionKind, outcome, type Goal, type Outcome } from './kind';
import type { Condition } from './types';

export interface NotCondition {
  kind: 'not';
  condition: Condition;
}
declare module './types' {
  interface ConditionKinds {
    not: NotCondition;
  }
}

/** The condition does not hold (unknown stays unknown). */
export const not = (condition: Condition): NotCondition => ({ kind: 'not', condition });

const flip = (g: Goal): Goal => (g === 'isTrue' ? 'isFalse' : g === 'isFalse' ? 'isTrue' : 'exact');
const negate = (o: Outcome): Outcome => outcome(o.value === undefined ? undefined : !o.value);

defineConditionKind<NotCondition>({
  kind: 'not',
  children: (c) => [c.condition],
  describe: (c, describeOf) => `not(${describeOf(c.condition)})`,
  evaluate(c, ev, goal) {
    const o = ev.evaluate(c.condition, flip(goal));
    return o instanceof Promise ? o.then(negate) : negate(o);
  },
});
