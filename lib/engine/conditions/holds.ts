/**
 * Three-valued evaluation of a condition tree.
 *
 * `goal` says what the caller needs to tell apart, so evaluation can stop early (and spare the
 * message) without changing any answer the caller acts on:
 * - 'exact':   true, false and unknown are all exact;
 * - 'isTrue':  true and false are exact; unknown may stand for false (used where only "holds?" matters);
 * - 'isFalse': true and false are exact; unknown may stand for true (under a `not` of 'isTrue').
 */
import { conditionProblems, cost, dependsOnRecipient, describe, needsMessage } from './analyze';
import { evalContent } from './content';
import { evalAddress, evalSubject } from './envelope';
import { ConditionError, type Condition, type ConditionContext, type Truth } from './types';

export type Goal = 'exact' | 'isTrue' | 'isFalse';

/** A condition's value and, when true, the rank of the most specific address pattern it matched. */
export interface Outcome { value: Truth; rank: number }

/** Per-invocation state: notes for the decision and shared results of recipient-independent subtrees. */
export interface EvalState {
  notes: Set<string>;
  cache: Map<Condition, Outcome>;
}

export const newState = (): EvalState => ({ notes: new Set(), cache: new Map() });

const FALSE: Outcome = { value: false, rank: 0 };
const UNKNOWN: Outcome = { value: undefined, rank: 0 };

function errorText(e: unknown): string {
  if (e instanceof Error) return `${(e as { name?: string }).name ?? 'Error'}: ${e.message}`;
  return String(e);
}

const orderCache = new WeakMap<Condition[], Condition[]>();

/** Children in evaluation order: those needing no message first, then cheapest content first. */
function ordered(children: Condition[]): Condition[] {
  let o = orderCache.get(children);
  if (o === undefined) {
    o = children.map((c, i) => ({ c, i, k: cost(c) })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.c);
    orderCache.set(children, o);
  }
  return o;
}

const flip = (g: Goal): Goal => (g === 'isTrue' ? 'isFalse' : g === 'isFalse' ? 'isTrue' : 'exact');

async function evalAll(children: Condition[], ctx: ConditionContext, state: EvalState, goal: Goal): Promise<Outcome> {
  let unknown = false;
  let rank = 0;
  for (const child of ordered(children)) {
    // Once some child is unknown, the result can only be false or unknown: a caller asking
    // "is it true?" has its answer; envelope children are still all evaluated (they are free).
    if (unknown && goal === 'isTrue' && needsMessage(child)) break;
    const o = await evalCondition(child, ctx, state, goal);
    if (o.value === false) return FALSE;
    if (o.value === undefined) unknown = true;
    else rank = Math.max(rank, o.rank);
  }
  return unknown ? UNKNOWN : { value: true, rank };
}

async function evalAny(children: Condition[], ctx: ConditionContext, state: EvalState, goal: Goal): Promise<Outcome> {
  let unknown = false;
  let found = false;
  let rank = 0;
  for (const child of ordered(children)) {
    // Envelope children are all evaluated so the best matched rank is known; content children
    // only while the answer is still open.
    if ((found || (unknown && goal === 'isFalse')) && needsMessage(child)) break;
    const o = await evalCondition(child, ctx, state, goal);
    if (o.value === true) {
      found = true;
      rank = Math.max(rank, o.rank);
    } else if (o.value === undefined) unknown = true;
  }
  return found ? { value: true, rank } : unknown ? UNKNOWN : FALSE;
}

async function evalCustom(c: Extract<Condition, { kind: 'custom' }>, ctx: ConditionContext, state: EvalState): Promise<Outcome> {
  if (c.needs === 'message' && ctx.message === undefined) return UNKNOWN;
  // An envelope predicate gets no message: it cannot trigger a load behind the engine's back.
  const { message, ...envelopeOnly } = ctx;
  try {
    const v = await c.fn(c.needs === 'message' ? { ...envelopeOnly, message: message! } : envelopeOnly);
    if (v === true || v === false || v === undefined) return { value: v, rank: 0 };
    state.notes.add(`custom condition "${c.name}" returned ${typeof v} instead of a boolean: treated as unknown`);
  } catch (e) {
    state.notes.add(`custom condition "${c.name}" threw (${errorText(e)}): treated as unknown`);
  }
  return UNKNOWN;
}

async function compute(c: Condition, ctx: ConditionContext, state: EvalState, goal: Goal): Promise<Outcome> {
  switch (c.kind) {
    case 'from':
    case 'mailFrom':
    case 'sender':
    case 'recipient':
      return evalAddress(c, ctx);
    case 'subject':
      return { value: evalSubject(c, ctx), rank: 0 };
    case 'header':
    case 'body':
    case 'attachment':
    case 'sizeOver': {
      if (ctx.message === undefined) {
        state.notes.add('no message content available: content conditions are unknown');
        return UNKNOWN;
      }
      try {
        return { value: await evalContent(c, ctx.message), rank: 0 };
      } catch (e) {
        state.notes.add(`message content could not be read (${errorText(e)}): content conditions are unknown`);
        return UNKNOWN;
      }
    }
    case 'all':
      return evalAll(c.conditions, ctx, state, goal);
    case 'any':
      return evalAny(c.conditions, ctx, state, goal);
    case 'not': {
      const o = await evalCondition(c.condition, ctx, state, flip(goal));
      return o.value === undefined ? UNKNOWN : { value: !o.value, rank: 0 };
    }
    case 'custom':
      return evalCustom(c, ctx, state);
  }
}

/** Evaluate with caching of recipient-independent subtrees (definite results, or exact unknowns). */
export async function evalCondition(c: Condition, ctx: ConditionContext, state: EvalState, goal: Goal): Promise<Outcome> {
  const shareable = !dependsOnRecipient(c);
  if (shareable) {
    const hit = state.cache.get(c);
    if (hit !== undefined) return hit;
  }
  const o = await compute(c, ctx, state, goal);
  if (shareable && (o.value !== undefined || goal === 'exact')) state.cache.set(c, o);
  return o;
}

/**
 * Does the condition hold? `true`, `false`, or `undefined` for unknown (a recipient condition without
 * a recipient, a content condition without a readable message). Throws `ConditionError` when the
 * condition was built wrong.
 */
export async function holds(condition: Condition, ctx: ConditionContext): Promise<Truth> {
  const problems = conditionProblems(condition);
  if (problems.length > 0) throw new ConditionError(problems.map((p) => `${p} (in ${safeDescribe(condition)})`));
  return (await evalCondition(condition, ctx, newState(), 'exact')).value;
}

function safeDescribe(c: Condition): string {
  try {
    return describe(c);
  } catch {
    return 'condition';
  }
}

const syncCache = new WeakMap<Condition, boolean>();

/** Can the condition be evaluated without awaiting anything (no content, no custom predicate)? */
export function isSynchronous(c: Condition): boolean {
  let v = syncCache.get(c);
  if (v === undefined) {
    switch (c.kind) {
      case 'all':
      case 'any': v = c.conditions.every(isSynchronous); break;
      case 'not': v = isSynchronous(c.condition); break;
      case 'from': case 'mailFrom': case 'sender': case 'recipient': case 'subject': v = true; break;
      default: v = false;
    }
    syncCache.set(c, v);
  }
  return v;
}

/**
 * The same evaluation as `evalCondition`, without promises, for conditions where
 * `isSynchronous(c)` holds: envelope conditions are pure and cheap, and a rule set of hundreds of
 * them should not pay for a microtask per node. Shares the per-invocation cache.
 */
export function evalSync(c: Condition, ctx: ConditionContext, state: EvalState, goal: Goal): Outcome {
  // Leaves cost about what a cache look-up costs: compute them directly.
  if (c.kind === 'subject') return { value: evalSubject(c, ctx), rank: 0 };
  if (c.kind === 'from' || c.kind === 'mailFrom' || c.kind === 'sender' || c.kind === 'recipient') return evalAddress(c, ctx);
  const shareable = !dependsOnRecipient(c);
  if (shareable) {
    const hit = state.cache.get(c);
    if (hit !== undefined) return hit;
  }
  let o: Outcome;
  switch (c.kind) {
    case 'all': {
      let unknown = false;
      let rank = 0;
      o = UNKNOWN;
      let settled = false;
      for (const child of c.conditions) {
        const x = evalSync(child, ctx, state, goal);
        if (x.value === false) { o = FALSE; settled = true; break; }
        if (x.value === undefined) unknown = true;
        else rank = Math.max(rank, x.rank);
      }
      if (!settled) o = unknown ? UNKNOWN : { value: true, rank };
      break;
    }
    case 'any': {
      let unknown = false;
      let found = false;
      let rank = 0;
      for (const child of c.conditions) {
        const x = evalSync(child, ctx, state, goal);
        if (x.value === true) { found = true; rank = Math.max(rank, x.rank); } else if (x.value === undefined) unknown = true;
      }
      o = found ? { value: true, rank } : unknown ? UNKNOWN : FALSE;
      break;
    }
    case 'not': {
      const x = evalSync(c.condition, ctx, state, flip(goal));
      o = x.value === undefined ? UNKNOWN : { value: !x.value, rank: 0 };
      break;
    }
    default:
      throw new ConditionError([`${c.kind} cannot be evaluated synchronously`]);
  }
  if (shareable && (o.value !== undefined || goal === 'exact')) state.cache.set(c, o);
  return o;
}
