import type { ContextCopy } from './protocol';

const FIELDS = ['functionName', 'awsRequestId', 'invokedFunctionArn', 'memoryLimitInMB'] as const;

/** The context's string fields, read so that a context whose getters throw (a Proxy) gives what it can, never a throw. */
export function contextCopy(context: unknown): Omit<ContextCopy, 'deadlineEpochMs'> {
  const out: Record<string, string> = {};
  for (const f of FIELDS) {
    try {
      const v = (context as Record<string, unknown> | undefined)?.[f];
      if (typeof v === 'string') out[f] = v.slice(0, 256);
    } catch {
      // left out
    }
  }
  return out;
}
