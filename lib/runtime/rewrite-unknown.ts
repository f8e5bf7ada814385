/**
 * The rewrite's outcome when the deadline came while PutRawMessageContent was in flight: the request
 * may have reached WorkMail, so neither "rewritten" nor "original delivered" is true. Small on
 * purpose: the handler core reports it without loading the rewriter.
 */
import type { Logger } from './log';
import type { RewriteReport } from './observer';

/** The report for a PutRawMessageContent sent and not answered by the deadline: WorkMail may still apply it. */
export function unknownOutcome(log: Logger, ids: Record<string, string>, base: Partial<RewriteReport> = {}): RewriteReport {
  log.warn({ eventName: 'REWRITE_OUTCOME_UNKNOWN', ...ids, call: 'PutRawMessageContent', deadline: true });
  return {
    ...base,
    status: 'unknown',
    reason:
      'deadline reached while PutRawMessageContent was in flight: WorkMail may or may not have replaced the message (workmail-rules docs/handlers.md, "Always in time")',
  };
}
