import { errorFields, type Logger } from './log';

/**
 * Wrap a raw-message loader so one invocation fetches at most once, whoever asks (rules, rewrite).
 * A failure is logged once and remembered; callers see the same rejection.
 */
export function memoizedLoader(
  load: () => Promise<Buffer>,
  log: Logger,
): { load: () => Promise<Buffer>; readonly error: unknown; readonly calls: number } {
  let pending: Promise<Buffer> | undefined;
  let error: unknown;
  let calls = 0;
  return {
    load: () => {
      pending ??= (calls++, load()).catch((err: unknown) => {
        error = err;
        log.warn({ eventName: 'MESSAGE_UNREADABLE', note: 'content conditions are unknown for this invocation', ...errorFields(err) });
        throw err;
      });
      return pending;
    },
    get error() {
      return error;
    },
    get calls() {
      return calls;
    },
  };
}
