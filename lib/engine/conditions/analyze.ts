/**
 * Static facts about a condition tree, read from each kind's description (`./kind.ts`); those the
 * evaluator asks for on every call (cost, recipient dependence) are remembered per node.
 */
import { RANK, type CompiledPattern } from '../patterns';
import { kindOf, type ConditionKind } from './kind';
import type { Condition } from './types';

const kindOrThrow = (c: Condition): ConditionKind => {
  const k = kindOf(c);
  if (k === undefined) throw new TypeError(`not a condition: ${describeValue(c)}`);
  return k;
};

function describeValue(v: unknown): string {
  return v === null ? 'null' : typeof v === 'object' ? `an object of kind ${JSON.stringify((v as { kind?: unknown }).kind)}` : typeof v;
}

const childrenOf = (k: ConditionKind, c: Condition): readonly Condition[] => k.children?.(c) ?? [];

/** What every node of the tree says, children after their parent. */
function gather<T>(c: Condition, say: (k: ConditionKind, c: Condition) => readonly T[] | undefined): T[] {
  const k = kindOrThrow(c);
  return [...(say(k, c) ?? []), ...childrenOf(k, c).flatMap((child) => gather(child, say))];
}

/** Every problem in the tree, each naming the condition (`from("a b"): spaces are not allowed…`). */
export function conditionProblems(c: Condition): string[] {
  const k = kindOf(c);
  if (k === undefined) return [`expected a condition built by from(), subject(), all(), …, got ${describeValue(c)}`];
  return [...(k.problems?.(c) ?? []), ...childrenOf(k, c).flatMap(conditionProblems)];
}

/** Every definition warning in the tree (things allowed but probably not meant). */
export const conditionWarnings = (c: Condition): string[] => gather(c, (k, n) => k.warnings?.(n));

/** Every regular expression the tree tests. */
export const conditionRegExps = (c: Condition): RegExp[] => gather(c, (k, n) => k.regexps?.(n));

function remembered<T>(fact: (k: ConditionKind, c: Condition) => T): (c: Condition) => T {
  const cache = new WeakMap<Condition, T>();
  return (c) => {
    let v = cache.get(c);
    if (v === undefined) cache.set(c, (v = fact(kindOrThrow(c), c)));
    return v;
  };
}

/** Evaluation order cost (see `ConditionKind.cost`): 0 envelope, then size, headers, full parse, user predicates. */
export const cost: (c: Condition) => number = remembered((k, c) => (k.cost ? k.cost(c) : Math.max(0, ...childrenOf(k, c).map(cost))));

/** Children in evaluation order, cheapest first (a stable sort: ties keep their written order). */
export const evaluationOrder: (c: Condition) => readonly Condition[] = remembered((k, c) =>
  [...childrenOf(k, c)].sort((a, b) => cost(a) - cost(b)),
);

/** True when evaluating the condition may read the message (a content condition is reachable). */
export const needsMessage = (c: Condition): boolean => cost(c) > 0;

/** True when the outcome can differ between recipients (so it must not be shared across them). */
export const dependsOnRecipient: (c: Condition) => boolean = remembered((k, c) =>
  k.dependsOnRecipient ? k.dependsOnRecipient(c) : childrenOf(k, c).some(dependsOnRecipient),
);

/** The highest specificity rank the condition can produce when it holds (0: no address pattern). */
export function maxRank(c: Condition | undefined): number {
  if (c === undefined) return RANK.none;
  const k = kindOrThrow(c);
  return k.rank ? k.rank(c, maxRank) : RANK.none;
}

/** A short label for traces and errors, e.g. `all(from("*.bad.example"), not(subject(/x/i)))`. */
export function describe(c: Condition): string {
  return kindOrThrow(c).describe(c, describe);
}

/** Every recipient pattern in the tree, for the recipient index; null when a part sees the recipient otherwise (custom). */
export function recipientPatterns(c: Condition, out: CompiledPattern[] = []): CompiledPattern[] | null {
  const k = kindOrThrow(c);
  if (k.recipientPatterns) {
    out.push(...k.recipientPatterns(c));
    return out;
  }
  const children = childrenOf(k, c);
  if (children.length === 0) return dependsOnRecipient(c) ? null : out;
  for (const child of children) if (recipientPatterns(child, out) === null) return null;
  return out;
}

/**
 * The parts of the tree that test the recipient being decided by pattern (`recipient()`), described;
 * nodes that are no condition are skipped (their problems are reported where the tree is checked).
 */
export function recipientConditions(c: Condition): string[] {
  const k = kindOf(c);
  if (k === undefined) return [];
  return k.recipientPatterns !== undefined ? [describe(c)] : childrenOf(k, c).flatMap(recipientConditions);
}

/**
 * Why a condition cannot be a rewrite's `when`, or undefined: the rewrite runs once per message, with
 * no recipient being decided, so a `recipient()` there is always unknown and the rewrite never happens.
 */
export function rewriteWhenProblem(when: Condition): string | undefined {
  const found = recipientConditions(when);
  if (found.length === 0) return undefined;
  const fix = found.map((d) => d.replace(/^recipient\(/, 'anyRecipient(')).join(', ');
  return (
    `rewrite.when tests the recipient being decided (${found.join(', ')}), which is always unknown there: the rewrite runs once per message, not per recipient, so it would never happen. ` +
    `Test the message's recipients with ${fix} (some envelope recipient matches), or decide per recipient in the rules instead`
  );
}
