import { LIMITS } from '../workmail/limits';
import { WorkMailRulesError } from '../workmail/errors';

/** The part of a Lambda context the runtime reads. */
export interface ContextLike {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
  functionName?: string;
}

export const DEFAULT_MARGIN_MS = 1000;

/** Milliseconds the handler may work: min(Lambda's remaining time, the cap: WorkMail's 15 s) minus a margin. */
export function budgetMs(context: ContextLike | undefined, marginMs = DEFAULT_MARGIN_MS, capMs: number = LIMITS.responseTimeoutMs): number {
  const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : capMs;
  return Math.max(0, Math.min(remaining, capMs) - marginMs);
}

export class DeadlineError extends WorkMailRulesError {
  readonly code = 'DEADLINE' as const;
  override readonly name = 'DeadlineError';
  constructor(ms: number) {
    super(`deadline of ${ms} ms reached before the work finished`);
  }
}

/**
 * A deadline: `signal` aborts when the budget runs out, and `race(p)` settles with p or rejects with
 * DeadlineError at that moment, whichever comes first. Call `clear()` when done.
 */
export interface Deadline {
  /** When it fires, in performance.now() time. */
  at: number;
  signal: AbortSignal;
  race<T>(p: Promise<T>): Promise<T>;
  clear(): void;
}

/**
 * The timer and the AbortController are made when first needed (`signal` read, or a raced promise
 * still pending once the microtasks have run), set to fire at `at`: a decision that never waits for
 * I/O (envelope rules) pays for neither.
 */
export function startDeadline(ms: number): Deadline {
  const at = performance.now() + ms;
  let armed: { signal: AbortSignal; expired: Promise<never> } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cleared = false;
  const arm = () => {
    if (armed) return armed;
    const controller = new AbortController();
    let reject: (err: DeadlineError) => void = () => undefined;
    const expired = new Promise<never>((_, r) => {
      reject = r;
    });
    expired.catch(() => undefined);
    armed = { signal: controller.signal, expired };
    if (!cleared) {
      timer = setTimeout(
        () => {
          const error = new DeadlineError(ms);
          controller.abort(error);
          reject(error);
        },
        Math.max(0, at - performance.now()),
      );
    }
    return armed;
  };
  return {
    at,
    get signal() {
      return arm().signal;
    },
    race: <T>(p: Promise<T>): Promise<T> => {
      if (armed) return Promise.race([p, armed.expired]);
      if (cleared) return p;
      // Work that never waits for I/O (envelope rules) settles within the current job's microtasks,
      // when no timer could have fired anyway; the timer is armed only if p is still pending after them.
      return new Promise<T>((resolve, reject) => {
        let settled = false;
        p.then(
          (v) => {
            settled = true;
            resolve(v);
          },
          (err: unknown) => {
            settled = true;
            reject(err);
          },
        );
        setImmediate(() => {
          if (!settled && !cleared) arm().expired.catch(reject);
        });
      });
    },
    clear: () => {
      cleared = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
