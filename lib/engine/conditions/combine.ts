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

/** How a combinator folds its children's outcomes: plain functions over a small state object. */
export interface Fold<S> {
  start(): S;
  /** The remaining children need not be evaluated. */
  stop(s: S, child: Condition, goal: Goal): boolean;
  /** Take one child's outcome; true when the result is settled. */
  take(s: S, o: Outcome): boolean;
  result(s: S): Outcome;
}

/**
 * Fold `children` (already in evaluation order). Synchronous until some child answers with a
 * promise; from there on it awaits.
 */
export function fold<S>(f: Fold<S>, children: readonly Condition[], ev: Evaluation, goal: Goal): Outcome | Promise<Outcome> {
  const s = f.start();
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (f.stop(s, child, goal)) break;
    const o = ev.evaluate(child, goal);
    if (o instanceof Promise) return foldRest(f, s, children, i, o, ev, goal);
    if (f.take(s, o)) break;
  }
  return f.result(s);
}

async function foldRest<S>(
  f: Fold<S>,
  s: S,
  children: readonly Condition[],
  at: number,
  pending: Promise<Outcome>,
  ev: Evaluation,
  goal: Goal,
): Promise<Outcome> {
  if (!f.take(s, await pending)) {
    for (let i = at + 1; i < children.length; i++) {
      const child = children[i]!;
      if (f.stop(s, child, goal) || f.take(s, await ev.evaluate(child, goal))) break;
    }
  }
  return f.result(s);
}
