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
 * evaluated first, so a false envelope test spares loading the message. This file holds what
 * `all`, `any` and `not` share: the order children are visited in and the visit itself.
 */
import { cost } from './analyze';
import type { Evaluation, Goal, Outcome } from './kind';
import type { Condition } from './types';

const orderCache = new WeakMap<readonly Condition[], readonly Condition[]>();

/** Children in evaluation order: those needing no message first, then cheapest content first. */
export function ordered(children: readonly Condition[]): readonly Condition[] {
  let o = orderCache.get(children);
  if (o === undefined) {
    o = children
      .map((c, i) => ({ c, i, k: cost(c) }))
      .sort((a, b) => a.k - b.k || a.i - b.i)
      .map((x) => x.c);
    orderCache.set(children, o);
  }
  return o;
}

export const flip = (g: Goal): Goal => (g === 'isTrue' ? 'isFalse' : g === 'isFalse' ? 'isTrue' : 'exact');

/**
 * Evaluate `children` in order, handing each outcome to `take` until it returns true (settled),
 * or until `stop(child)` says the rest need not be evaluated. Synchronous until some child answers
 * with a promise; from there on it awaits.
 */
export function visit(
  children: readonly Condition[],
  ev: Evaluation,
  goal: Goal,
  stop: (child: Condition) => boolean,
  take: (o: Outcome) => boolean,
): undefined | Promise<void> {
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (stop(child)) return undefined;
    const o = ev.evaluate(child, goal);
    if (o instanceof Promise) return o.then((v) => (take(v) ? undefined : rest(i + 1)));
    if (take(o)) return undefined;
  }
  return undefined;

  async function rest(from: number): Promise<void> {
    for (let i = from; i < children.length; i++) {
      const child = children[i]!;
      if (stop(child) || take(await ev.evaluate(child, goal))) return;
    }
  }
}
