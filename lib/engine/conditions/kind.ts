/**
 * What a condition kind says about itself (as cdk-nag keeps one rule per file), registered with `defineConditionKind`.
 * The evaluator and the analysis iterate over these descriptions; nothing switches on kinds.
 */
import type { MessageContent } from '../../workmail/message-content';
import type { CompiledPattern, Prepared } from '../patterns';
import type { Condition, ConditionContext, Truth } from './types';

/**
 * What the caller tells apart, so evaluation can stop early without changing its answer: 'exact'
 * all three values; 'isTrue' (a rule: "holds?") unknown may stand for false; 'isFalse' (under a
 * `not`) unknown may stand for true.
 */
export type Goal = 'exact' | 'isTrue' | 'isFalse';

/** A condition's value and, when true, the rank of the most specific address pattern it matched. */
export interface Outcome {
  readonly value: Truth;
  readonly rank: number;
}

export const TRUE: Outcome = { value: true, rank: 0 };
export const FALSE: Outcome = { value: false, rank: 0 };
export const UNKNOWN: Outcome = { value: undefined, rank: 0 };
export const outcome = (v: Truth): Outcome => (v === true ? TRUE : v === false ? FALSE : UNKNOWN);

/** What a kind's `evaluate` is handed: the context, the way to evaluate children, notes. */
export interface Evaluation {
  readonly ctx: ConditionContext;
  /** Evaluate a sub-condition; synchronous unless it has to wait for the message or a predicate. */
  evaluate(c: Condition, goal: Goal): Outcome | Promise<Outcome>;
  /** An address of the event (or the recipient being decided), prepared once for matching. */
  address(field: 'mailFrom' | 'sender' | 'recipient'): Prepared | undefined;
  /** Add a note to the decision (deduplicated). */
  note(text: string): void;
}

export interface ConditionKind<C extends { kind: string } = Condition> {
  readonly kind: C['kind'];
  /** Sub-conditions (combinators). Default: none. */
  children?(c: C): readonly Condition[];
  /** What is wrong with this node alone (its children are checked on their own). Default: nothing. */
  problems?(c: C): string[];
  /** What is allowed but probably not meant (a string shaped like a RegExp). Default: nothing. */
  warnings?(c: C): string[];
  /** The regular expressions it tests, for the runaway-pattern check. Default: none. */
  regexps?(c: C): readonly RegExp[];
  /** Whether its outcome can differ between recipients. Default: some child's can. */
  dependsOnRecipient?(c: C): boolean;
  /** The recipient patterns it tests, for the recipient index (needed when it depends on the recipient through patterns only). */
  recipientPatterns?(c: C): readonly CompiledPattern[];
  /** Highest specificity rank it can produce when it holds. Default: 0. */
  rank?(c: C, rankOf: (c: Condition) => number): number;
  /** Orders siblings, cheapest first; above 0 it may read the message (1 size, 2 headers, 3 parse, 4 predicates); default: costliest child, or 0. */
  cost?(c: C): number;
  /** A short label for traces and errors, e.g. `from("*.bad.example")`. */
  describe(c: C, describeOf: (c: Condition) => string): string;
  evaluate(c: C, ev: Evaluation, goal: Goal): Outcome | Promise<Outcome>;
}

const kinds: Record<string, ConditionKind> = Object.create(null);

/** Make a kind known to the engine. Each kind's file calls this once, when it is loaded. */
export function defineConditionKind<C extends { kind: string }>(kind: ConditionKind<C>): ConditionKind<C> {
  if (kinds[kind.kind] !== undefined) throw new TypeError(`condition kind "${kind.kind}" is defined twice`);
  kinds[kind.kind] = kind as unknown as ConditionKind;
  return kind;
}

/** The description of a condition's kind, or undefined when the value is no condition. */
export function kindOf(c: unknown): ConditionKind | undefined {
  const k = c !== null && typeof c === 'object' ? (c as { kind?: unknown }).kind : undefined;
  return typeof k === 'string' ? kinds[k] : undefined;
}

/** How a thrown value reads in a note: `Name: message`. */
export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** A content condition's evaluation: unknown, with a note, when there is no message or it cannot be read. */
export function readMessage(ev: Evaluation, read: (m: MessageContent) => Promise<boolean>): Outcome | Promise<Outcome> {
  const { message } = ev.ctx;
  if (message === undefined) {
    ev.note('no message content available: content conditions are unknown');
    return UNKNOWN;
  }
  return read(message).then(outcome, (e: unknown) => {
    ev.note(`message content could not be read (${errorText(e)}): content conditions are unknown`);
    return UNKNOWN;
  });
}
