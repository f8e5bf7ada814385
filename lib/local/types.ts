/** Shapes shared by the local emulators and replay: request records, fault specifications, observed decisions. */
import type { InvocationObserver } from '../runtime/observer';

export type LocalService = 'messageflow' | 's3';

/** One request an emulator received, in arrival order. */
export interface RequestRecord {
  service: LocalService;
  method: string;
  path: string;
  /** The API operation, e.g. GetRawMessageContent, PutObject. */
  operation: string;
  /** The HTTP status sent back (0 while the request is still open). */
  status: number;
  /** True when an injected fault answered or stalled this request. */
  fault?: boolean;
}

/**
 * Make the next matching calls fail (status + error code in the service's own wire format) and/or
 * stall first. `times` defaults to 1; `Infinity` keeps the fault until `faults.clear()`.
 * Without `status` a fault only delays the call, which then proceeds normally.
 */
export interface FaultSpec {
  service: LocalService;
  operation?: string;
  status?: number;
  code?: string;
  message?: string;
  times?: number;
  delayMs?: number;
}

/**
 * The Decision and trace shapes, as the runtime's observer hands them over (lib/local may not import
 * lib/engine directly; these are the same types).
 */
export type ObservedDecision = Parameters<NonNullable<InvocationObserver['decision']>>[0];
export type ObservedTraceEntry = NonNullable<ObservedDecision['trace']>[string][number];
