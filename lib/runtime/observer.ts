/**
 * A hook for local replay: an object attached to the Lambda context under a global symbol receives
 * the decision, the response, the rewrite outcome and the log lines of one invocation. A global
 * symbol works across module copies (a bundled handler sees the same key).
 */
import type { Decision } from '../engine/decision';
import type { SyncResponse } from '../workmail/types';
import type { LogFields } from './log';
import type { EmfDocument } from './metrics';

export const OBSERVER = Symbol.for('workmail-rules.invocation-observer');

export interface RewriteReport {
  /** `unknown`: PutRawMessageContent was sent and not answered by the deadline; WorkMail may still apply it. */
  status: 'rewritten' | 'unchanged' | 'skipped' | 'failed' | 'unknown';
  reason?: string;
  /** For a failed rewrite WorkMail refused: MessageFrozen (`frozen`) or MessageRejected (`rejected`). */
  outcome?: 'frozen' | 'rejected';
  key?: string;
  notes?: string[];
  bytesBefore?: number;
  bytesAfter?: number;
}

export interface InvocationObserver {
  /** Ask the rules for a per-recipient trace (Decision.trace). */
  explain?: boolean;
  log(line: LogFields): void;
  decision?(decision: Decision): void;
  response?(response: SyncResponse, fallbackReason?: string): void;
  rewrite?(report: RewriteReport): void;
  /** The invocation's EMF documents (instead of stdout). */
  metrics?(docs: EmfDocument[]): void;
}

/** The observer on a context, if any; a context that throws when read (a Proxy) has none. */
export function observerOf(context: unknown): InvocationObserver | undefined {
  try {
    if (context && typeof context === 'object' && OBSERVER in context) {
      return (context as Record<symbol, InvocationObserver>)[OBSERVER];
    }
  } catch {
    // read as no observer
  }
  return undefined;
}
