/**
 * Combinators over three-valued (Kleene) logic, where `undefined` is unknown:
 *
 * | a       | b       | all(a,b) | any(a,b) | not(a)  |
 * |---------|---------|----------|----------|---------|
 * | true    | unknown | unknown  | true     | false   |
 * | false   | unknown | false    | unknown  | true    |
 * | unknown | unknown | unknown  | unknown  | unknown |
 *
 * `all()` of nothing is true, `any()` of nothing is false. Children that need no message are
 * evaluated first, so a false envelope test spares loading the message.
 */
import type { AllCondition, AnyCondition, Condition, NotCondition } from './types';

/** Every condition holds. */
export const all = (...conditions: Condition[]): AllCondition => ({ kind: 'all', conditions });
/** At least one condition holds. */
export const any = (...conditions: Condition[]): AnyCondition => ({ kind: 'any', conditions });
/** The condition does not hold (unknown stays unknown). */
export const not = (condition: Condition): NotCondition => ({ kind: 'not', condition });
