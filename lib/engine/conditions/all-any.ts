/**
 * `all(...)` and `any(...)`: Kleene conjunction and disjunction (`undefined` is unknown):
 *
 * | a       | b       | all(a,b) | any(a,b) |
 * |---------|---------|----------|----------|
 * | true    | unknown | unknown  | true     |
 * | false   | unknown | false    | unknown  |
 * | unknown | unknown | unknown  | unknown  |
 *
 * `all()` of nothing is true, `any()` of nothing is false. Both are one fold: `all` is settled by a
 * false child, `any` by a true one. Children that need no message are evaluated first, so a false
 * envelope test spares loading the message.
 */
import { evaluationOrder, needsMessage } from './analyze';
import { defineConditionKind, FALSE, TRUE, UNKNOWN, type Evaluation, type Goal, type Outcome } from './kind';
import type { Condition } from './types';

export interface AllCondition {
  kind: 'all';
  conditions: Condition[];
}
export interface AnyCondition {
  kind: 'any';
  conditions: Condition[];
}
declare module './types' {
  interface ConditionKinds {
    all: AllCondition;
    any: AnyCondition;
  }
}

/** Every condition holds. */
export const all = (...conditions: Condition[]): AllCondition => ({ kind: 'all', conditions });

/** At least one condition holds. */
export const any = (...conditions: Condition[]): AnyCondition => ({ kind: 'any', conditions });

interface Fold {
  isAll: boolean;
  /** `all`: a child is false; `any`: a child is true. */
  settled: boolean;
  unknown: boolean;
  /** The best rank of the true children. */
  rank: number;
}

/** Content children left are not read once settled, or after an unknown child under 'isTrue' (`all`) or 'isFalse' (`any`). */
const stop = (s: Fold, child: Condition, goal: Goal): boolean =>
  (s.settled || (s.unknown && goal === (s.isAll ? 'isTrue' : 'isFalse'))) && needsMessage(child);

/** Take one child's outcome; true when the fold is over (`all` at its first false child). */
function take(s: Fold, o: Outcome): boolean {
  if (o.value === undefined) s.unknown = true;
  else if (o.value !== s.isAll) s.settled = true;
  if (o.value === true && o.rank > s.rank) s.rank = o.rank;
  return s.isAll && s.settled;
}

function result(s: Fold): Outcome {
  const held = s.rank === 0 ? TRUE : { value: true, rank: s.rank };
  if (s.settled) return s.isAll ? FALSE : held;
  return s.unknown ? UNKNOWN : s.isAll ? held : FALSE;
}

/** Synchronous until some child answers with a promise; from there on it awaits. */
function fold(isAll: boolean, children: readonly Condition[], ev: Evaluation, goal: Goal): Outcome | Promise<Outcome> {
  const s: Fold = { isAll, settled: false, unknown: false, rank: 0 };
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (stop(s, child, goal)) break;
    const o = ev.evaluate(child, goal);
    if (o instanceof Promise) return foldRest(s, children, i, o, ev, goal);
    if (take(s, o)) break;
  }
  return result(s);
}

async function foldRest(s: Fold, children: readonly Condition[], at: number, pending: Promise<Outcome>, ev: Evaluation, goal: Goal) {
  if (!take(s, await pending)) {
    for (let i = at + 1; i < children.length; i++) {
      const child = children[i]!;
      if (stop(s, child, goal) || take(s, await ev.evaluate(child, goal))) break;
    }
  }
  return result(s);
}

for (const kind of ['all', 'any'] as const) {
  defineConditionKind<AllCondition | AnyCondition>({
    kind,
    children: (c) => c.conditions,
    rank: (c, rankOf) => Math.max(0, ...c.conditions.map(rankOf)),
    describe: (c, describeOf) => `${kind}(${c.conditions.map(describeOf).join(', ')})`,
    evaluate: (c, ev, goal) => fold(kind === 'all', evaluationOrder(c), ev, goal),
  });
}
