/** Fault injection shared by both emulators: a queue of FaultSpecs consumed by matching requests. */
import type { FaultSpec, LocalService } from './types';

export interface ActiveFault {
  status?: number;
  code: string;
  message: string;
  delayMs: number;
}

const MESSAGE_FLOW_CODES: Record<number, string> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  429: 'ThrottlingException',
  500: 'InternalFailure',
  503: 'ServiceUnavailable',
};

const S3_CODES: Record<number, string> = {
  400: 'InvalidRequest',
  403: 'AccessDenied',
  404: 'NoSuchKey',
  500: 'InternalError',
  503: 'SlowDown',
};

/** The error code a service sends for a status when the fault names none. */
export function defaultErrorCode(service: LocalService, status: number): string {
  const table = service === 's3' ? S3_CODES : MESSAGE_FLOW_CODES;
  return table[status] ?? (status >= 500 ? table[500]! : table[400]!);
}

export class Faults {
  private readonly queue: (FaultSpec & { left: number })[] = [];

  /** Queue a fault; the next `times` matching requests hit it. */
  inject(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new RangeError(`faults.inject: times must be > 0, got ${times}`);
    if (spec.status !== undefined && (spec.status < 400 || spec.status > 599)) {
      throw new RangeError(`faults.inject: status must be an HTTP error status (400-599), got ${spec.status}`);
    }
    if (spec.status === undefined && !spec.delayMs) {
      throw new RangeError('faults.inject: give a status, a delayMs, or both');
    }
    this.queue.push({ ...spec, left: times });
  }

  /** Remove every queued fault. */
  clear(): void {
    this.queue.length = 0;
  }

  /** Faults still queued (for assertions). */
  get pending(): number {
    return this.queue.length;
  }

  /** Consumes one use of the first fault matching the call, if any. */
  take(service: LocalService, operation: string): ActiveFault | undefined {
    const i = this.queue.findIndex((f) => f.service === service && (f.operation === undefined || f.operation === operation));
    if (i === -1) return undefined;
    const f = this.queue[i]!;
    f.left -= 1;
    if (f.left <= 0) this.queue.splice(i, 1);
    const code = f.status === undefined ? '' : (f.code ?? defaultErrorCode(service, f.status));
    return {
      status: f.status,
      code,
      message: f.message ?? `Injected fault: ${code || 'delay'} on ${operation}`,
      delayMs: f.delayMs ?? 0,
    };
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
