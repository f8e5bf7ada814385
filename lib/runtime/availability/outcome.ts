/** Per-mailbox outcomes of a CAP invocation: matching a whole-request answer to the request, and the log summary. */
import type { ValidationIssue } from '../../workmail/errors';
import { isObject } from '../../workmail/availability/request';
import type { MailboxAnswer } from '../../workmail/availability/types';
import type { LogFields } from '../log';

/** One requested mailbox's entry, and why it is an error entry when the framework made it one. */
export interface Outcome {
  answer: MailboxAnswer;
  reason?: 'timeout' | 'threw' | 'invalid' | 'missing' | 'invalid-request' | 'error';
  issues?: ValidationIssue[];
  error?: LogFields;
}

/**
 * Matches a whole-request answer (`{ mailboxes: [...] }` or the array itself) to the requested
 * mailboxes: each requested mailbox takes the first unused entry naming it (case-insensitively);
 * a mailbox without one gets ErrorFreeBusyGenerationFailed; entries for mailboxes not requested are dropped.
 */
export function collectAnswers(
  requested: readonly string[],
  result: unknown,
  check: (mailbox: string, entry: unknown) => Outcome,
): Outcome[] {
  const list = Array.isArray(result) ? result : isObject(result) && Array.isArray(result.mailboxes) ? result.mailboxes : undefined;
  if (!list) {
    const issues = [{ path: '', message: 'expected { mailboxes: [...] } or an array of mailbox entries' }];
    return requested.map((mailbox) => ({ answer: { mailbox, error: 'ErrorResponseSchemaValidation' }, reason: 'invalid', issues }));
  }
  const byKey = new Map<string, unknown[]>();
  for (const entry of list) {
    const key = isObject(entry) && typeof entry.mailbox === 'string' ? entry.mailbox.trim().toLowerCase() : '';
    byKey.set(key, [...(byKey.get(key) ?? []), entry]);
  }
  const firstFor = new Map<string, unknown>();
  return requested.map((mailbox) => {
    const key = mailbox.toLowerCase();
    const queue = byKey.get(key);
    const entry = queue?.length ? queue.shift() : firstFor.get(key);
    if (entry === undefined) return { answer: { mailbox, error: 'ErrorFreeBusyGenerationFailed' }, reason: 'missing' };
    if (!firstFor.has(key)) firstFor.set(key, entry);
    return check(mailbox, entry);
  });
}

/** The log fields for the outcomes: counts, error counts by code, and each problem by mailbox index. */
export function summarize(outcomes: readonly Outcome[], subjects: boolean): LogFields {
  const errors: Record<string, number> = {};
  const problems: LogFields[] = [];
  let events = 0;
  const subjectList: string[] = [];
  outcomes.forEach((o, index) => {
    if ('error' in o.answer) errors[o.answer.error] = (errors[o.answer.error] ?? 0) + 1;
    else {
      events += o.answer.events.length;
      if (subjects) for (const e of o.answer.events) if (e.details) subjectList.push(e.details.subject);
    }
    if (o.reason && problems.length < 20) {
      problems.push({ index, reason: o.reason, ...(o.issues ? { issues: o.issues.slice(0, 5) } : {}), ...(o.error ?? {}) });
    }
  });
  const distinct = new Set(outcomes.map((o) => o.answer.mailbox.toLowerCase())).size;
  return {
    mailboxCount: outcomes.length,
    ...(distinct < outcomes.length ? { duplicateMailboxes: outcomes.length - distinct } : {}),
    answeredCount: outcomes.filter((o) => !('error' in o.answer)).length,
    eventCount: events,
    errorCounts: errors,
    ...(problems.length ? { problems } : {}),
    ...(subjects ? { subjects: subjectList.slice(0, 100) } : {}),
  };
}
