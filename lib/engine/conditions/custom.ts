/**
 * The escape hatch: a named user predicate, given the message only with `needs: 'message'` (then
 * unknown without one). `undefined` is "cannot tell"; a throw (of any value) or a non-boolean is
 * unknown, with a note naming the thrown value's type, never its text. It sees the recipient, so a rule set with one shares no decisions.
 */
import { thrownLabel } from '../runaway-thrown';
import { defineConditionKind, outcome, UNKNOWN, type Outcome } from './kind';
import type { ConditionContext, Truth } from './types';

/** A user predicate. Return `undefined` for "cannot tell". */
export type CustomPredicate = (ctx: ConditionContext) => Truth | Promise<Truth>;
export interface CustomCondition {
  kind: 'custom';
  name: string;
  fn: CustomPredicate;
  /** 'message': needs the raw message; without one the condition is unknown and `fn` is not called. */
  needs: 'envelope' | 'message';
}
declare module './types' {
  interface ConditionKinds {
    custom: CustomCondition;
  }
}

export function custom(
  name: string,
  fn: CustomPredicate,
  options: { needs: 'envelope' | 'message' } = { needs: 'envelope' },
): CustomCondition {
  return { kind: 'custom', name, fn, needs: options.needs };
}

/** Reading `then` runs user code (a getter, a Proxy trap): a throw there is the predicate's failure. */
const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';

defineConditionKind<CustomCondition>({
  kind: 'custom',
  problems(c) {
    const out: string[] = [];
    if (typeof c.name !== 'string' || c.name.trim() === '') out.push('custom(): give the condition a name');
    if (typeof c.fn !== 'function') out.push(`custom(${JSON.stringify(c.name)}): expects a function`);
    if (c.needs !== 'envelope' && c.needs !== 'message')
      out.push(`custom(${JSON.stringify(c.name)}): needs must be 'envelope' or 'message'`);
    return out;
  },
  cost: (c) => (c.needs === 'message' ? 4 : 0),
  dependsOnRecipient: () => true,
  describe: (c) => `custom(${JSON.stringify(c.name)})`,
  evaluate(c, ev) {
    const { message, ...envelopeOnly } = ev.ctx;
    if (c.needs === 'message' && message === undefined) return UNKNOWN;
    // An envelope predicate gets no message: it cannot trigger a load behind the engine's back.
    const accept = (v: unknown): Outcome => {
      if (v === true || v === false || v === undefined) return outcome(v);
      ev.note(`custom condition "${c.name}" returned ${typeof v} instead of a boolean: treated as unknown`);
      return UNKNOWN;
    };
    const reject = (e: unknown): Outcome => {
      // The type only: an error's text can quote the message the predicate was reading.
      ev.note(`custom condition "${c.name}" threw ${thrownLabel(e)}: treated as unknown`);
      return UNKNOWN;
    };
    try {
      const v = c.fn(c.needs === 'message' ? { ...envelopeOnly, message: message! } : envelopeOnly);
      // new Promise, not Promise.resolve: a thenable's `then` is read once, inside the guard of the executor.
      return isThenable(v) ? new Promise<unknown>((ok, ko) => (v as PromiseLike<unknown>).then(ok, ko)).then(accept, reject) : accept(v);
    } catch (e) {
      return reject(e);
    }
  },
});
