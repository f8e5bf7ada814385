import { LIMITS } from '../workmail/limits';
import { WorkMailRulesError } from '../workmail/errors';

/** The part of a Lambda context the runtime reads. */
export interface ContextLike {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
  functionName?: string;
}

export const DEFAULT_MARGIN_MS = 1000;

/** Lambda's default function timeout: the time assumed left when the context cannot tell. */
export const UNKNOWN_REMAINING_MS = 3000;

/**
 * Milliseconds the handler may work: min(Lambda's remaining time, the cap: WorkMail's 15 s) minus a
 * margin. A context whose getRemainingTimeInMillis throws or returns no finite, non-negative number
 * is read as UNKNOWN_REMAINING_MS left (Lambda's default timeout): never a throw, never more than the cap.
 */
export function budgetMs(context: ContextLike | undefined, marginMs = DEFAULT_MARGIN_MS, capMs: number = LIMITS.responseTimeoutMs): number {
  return Math.max(0, Math.min(remainingMs(context, capMs), capMs) - marginMs);
}

function remainingMs(context: ContextLike | undefined, capMs: number): number {
  try {
    const read = context?.getRemainingTimeInMillis;
    if (typeof read !== 'function') return capMs;
    const v: unknown = read.call(context);
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : Math.min(UNKNOWN_REMAINING_MS, capMs);
  } catch {
    return Math.min(UNKNOWN_REMAINING_MS, capMs);
  }
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

export function startDeadline(ms: number): Deadline {
  const controller = new AbortController();
  const error = new DeadlineError(ms);
  let onAbort: (() => void) | undefined;
  const expired = new Promise<never>((_, reject) => {
    onAbort = () => reject(error);
  });
  expired.catch(() => undefined);
  const timer = setTimeout(() => {
    controller.abort(error);
    onAbort?.();
  }, ms);
  return {
    at: performance.now() + ms,
    signal: controller.signal,
    race: <T>(p: Promise<T>) => Promise.race([p, expired]),
    clear: () => clearTimeout(timer),
  };
}
