/**
 * The messages between the handler's thread (the supervisor) and the worker that runs the rule set's
 * code. Only data crosses: the event, a plain copy of the context, the raw message bytes once (on the
 * worker's first request), decisions and results. A thrown value crosses as its facts.
 */
import type { ThrownFacts } from '../../engine/runaway-thrown';
import type { LogFields } from '../log';

/** Set on the worker's global before the module is imported: definitions register instead of supervising. */
export const WORKER_FLAG = Symbol.for('workmail-rules.supervisor-worker');

export const inSupervisorWorker = (): boolean => (globalThis as Record<symbol, unknown>)[WORKER_FLAG] === true;

/** The Lambda context as the worker sees it: its fields, and the time left measured from the supervisor's deadline. */
export interface ContextCopy {
  functionName?: string;
  awsRequestId?: string;
  invokedFunctionArn?: string;
  memoryLimitInMB?: string;
  /** performance.timeOrigin + deadline: the supervisor's deadline in epoch milliseconds. */
  deadlineEpochMs: number;
}

/** Supervisor → worker. */
export type ToWorker =
  | {
      type: 'call';
      id: number;
      key: string;
      op: string;
      input: unknown;
      context: ContextCopy;
      /** The slot of the shared progress log this call writes to; the buffer itself only the first time a slot is used. */
      progressSlot?: number;
      progressLog?: SharedArrayBuffer;
    }
  | { type: 'bytes'; id: number; bytes: Uint8Array }
  | { type: 'unreadable'; id: number; error: ThrownFacts };

/** Worker → supervisor. */
export type FromWorker =
  | { type: 'loaded'; definitions: number }
  | { type: 'load-failed'; error: string }
  | { type: 'done'; id: number; output: unknown }
  | { type: 'failed'; id: number; error: ThrownFacts }
  | { type: 'read'; id: number }
  | { type: 'progress'; id: number; value: unknown }
  | { type: 'log'; id: number; level: 'info' | 'warn' | 'error'; fields: LogFields };
