/**
 * Per-mailbox outcomes of a CAP invocation and what of them reaches WorkMail: matching a
 * whole-request answer to the request, forwarding only the documented fields, keeping the answer
 * under Lambda's response limit, and the log summary (where a lookup's own text goes, redacted).
 */
import type { ValidationIssue } from '../../workmail/errors';
import { redactedText } from '../../workmail/availability/redact';
import { isObject } from '../../workmail/availability/request';
import {
  AVAILABILITY_RESPONSE_MAX_BYTES,
  type AvailabilityErrorCode,
  type AvailabilityEvent,
  type MailboxAnswer,
  type MailboxError,
  type TimeZoneTransition,
  type WorkingHours,
} from '../../workmail/availability/types';
import type { LogFields } from '../log';

/** One requested mailbox's entry, and why it is an error entry when the framework made it one. */
export interface Outcome {
  answer: MailboxAnswer;
  reason?: 'timeout' | 'threw' | 'invalid' | 'missing' | 'invalid-request' | 'error' | 'too-large';
  issues?: ValidationIssue[];
  error?: LogFields;
}

export const isErrorAnswer = (a: MailboxAnswer): a is MailboxError => (a as Partial<MailboxError>).error !== undefined;

/**
 * Matches a whole-request answer (`{ mailboxes: [...] }` or the array itself) to the requested
 * mailboxes: each requested mailbox takes the first unused entry naming it (case-insensitively,
 * spaces around ignored), answered under the mailbox as requested; a mailbox without one gets
 * ErrorFreeBusyGenerationFailed; entries for mailboxes not requested are dropped. The answers carry
 * only documented fields and fit the response limit (fitResponseSize).
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
  const key = (m: string) => m.trim().toLowerCase();
  const byKey = new Map<string, unknown[]>();
  for (const entry of list) {
    const k = isObject(entry) && typeof entry.mailbox === 'string' ? key(entry.mailbox) : '';
    const queue = byKey.get(k);
    if (queue) queue.push(entry);
    else byKey.set(k, [entry]);
  }
  const firstFor = new Map<string, unknown>();
  const outcomes = requested.map((mailbox): Outcome => {
    const k = key(mailbox);
    const queue = byKey.get(k);
    const entry = queue?.length ? queue.shift() : firstFor.get(k);
    if (entry === undefined) return { answer: { mailbox, error: 'ErrorFreeBusyGenerationFailed' }, reason: 'missing' };
    if (!firstFor.has(k)) firstFor.set(k, entry);
    const o = check(mailbox, entry);
    return { ...o, answer: forwardedAnswer({ ...o.answer, mailbox }) };
  });
  return fitResponseSize(outcomes);
}

const transition = (t: TimeZoneTransition): TimeZoneTransition => ({
  offset: t.offset,
  time: t.time,
  month: t.month,
  week: t.week,
  dayOfWeek: t.dayOfWeek,
});

function forwardedHours(w: WorkingHours): WorkingHours {
  const tz = w.timezone;
  return {
    timezone: {
      name: tz.name,
      bias: tz.bias,
      ...(tz.standardTime && tz.daylightTime
        ? { standardTime: transition(tz.standardTime), daylightTime: transition(tz.daylightTime) }
        : {}),
    },
    workingPeriods: w.workingPeriods.map((p) => ({ startMinutes: p.startMinutes, endMinutes: p.endMinutes, days: [...p.days] })),
  };
}

/** An event's documented fields; a private event (details.isPrivate) keeps no details, as the CAP contract's sample does. */
function forwardedEvent(e: AvailabilityEvent): AvailabilityEvent {
  const out: AvailabilityEvent = { startTime: e.startTime, endTime: e.endTime, busyType: e.busyType };
  const d = e.details;
  if (d && d.isPrivate !== true)
    out.details = {
      subject: d.subject,
      location: d.location,
      instanceType: d.instanceType,
      isMeeting: d.isMeeting,
      isReminderSet: d.isReminderSet,
      isPrivate: d.isPrivate,
    };
  return out;
}

/**
 * A valid mailbox answer (one validateMailboxAnswer accepts) with only the fields the CAP contract
 * documents: anything else a lookup put in (ids, attendees, bodies, notes) is left out, and private
 * events lose their details.
 */
export function forwardedAnswer(answer: MailboxAnswer): MailboxAnswer {
  if (isErrorAnswer(answer)) return { mailbox: answer.mailbox, error: answer.error };
  return { mailbox: answer.mailbox, events: answer.events.map(forwardedEvent), workingHours: forwardedHours(answer.workingHours) };
}

/** The error a mailbox gets when its answer does not fit the response limit. */
export const TOO_LARGE_ERROR: AvailabilityErrorCode = 'ErrorFreeBusyGenerationFailed';
const FRAME = Buffer.byteLength('{"mailboxes":[]}');
const bytes = (a: MailboxAnswer) => Buffer.byteLength(JSON.stringify(a)) + 1; // + its comma

/**
 * The outcomes cut so that `{ mailboxes: [...answers] }` serialises to at most `max` bytes, in one
 * pass over the sizes: when every answer fits, they are unchanged; else answers with events are
 * replaced, in request order, by `{ mailbox, error: ErrorFreeBusyGenerationFailed }` (reason
 * `too-large`) wherever they no longer fit beside an error entry for every mailbox after them; if
 * even an error entry per mailbox is too large, the error entries of the first mailboxes that fit
 * are answered and the remaining mailboxes are left out.
 */
export function fitResponseSize(outcomes: readonly Outcome[], max: number = AVAILABILITY_RESPONSE_MAX_BYTES): Outcome[] {
  const full = outcomes.map((o) => bytes(o.answer));
  if (full.reduce((a, b) => a + b, FRAME - 1) <= max) return [...outcomes];
  const cut = outcomes.map(
    (o): Outcome => (isErrorAnswer(o.answer) ? o : { answer: { mailbox: o.answer.mailbox, error: TOO_LARGE_ERROR }, reason: 'too-large' }),
  );
  const small = cut.map((o, i) => (o === outcomes[i] ? full[i]! : bytes(o.answer)));
  const floor = small.reduce((a, b) => a + b, FRAME - 1);
  if (floor <= max) {
    let spare = max - floor;
    return outcomes.map((o, i) => {
      const extra = full[i]! - small[i]!;
      if (extra > spare) return cut[i]!;
      spare -= extra;
      return o;
    });
  }
  const kept: Outcome[] = [];
  let used = FRAME - 1;
  for (const [i, o] of cut.entries()) {
    if (used + small[i]! > max) break;
    used += small[i]!;
    kept.push(o);
  }
  return kept;
}

/** A thrown error's log fields with its texts redacted and bounded (a lookup's message can hold secrets and addresses). */
function loggedError(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') out[k] = redactedText(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** The log fields for the outcomes: counts, error counts by code, and each problem by mailbox index. */
export function summarize(outcomes: readonly Outcome[], subjects: boolean): LogFields {
  const errors: Record<string, number> = {};
  const problems: LogFields[] = [];
  let events = 0;
  const subjectList: string[] = [];
  outcomes.forEach((o, index) => {
    if (isErrorAnswer(o.answer)) errors[o.answer.error] = (errors[o.answer.error] ?? 0) + 1;
    else {
      events += o.answer.events.length;
      if (subjects) for (const e of o.answer.events) if (e.details) subjectList.push(e.details.subject);
    }
    if (o.reason && problems.length < 20) {
      problems.push({
        index,
        reason: o.reason,
        ...(o.issues ? { issues: o.issues.slice(0, 5) } : {}),
        ...(o.error ? loggedError(o.error) : {}),
      });
    }
  });
  const distinct = new Set(outcomes.map((o) => o.answer.mailbox.toLowerCase())).size;
  return {
    mailboxCount: outcomes.length,
    ...(distinct < outcomes.length ? { duplicateMailboxes: outcomes.length - distinct } : {}),
    answeredCount: outcomes.filter((o) => !isErrorAnswer(o.answer)).length,
    eventCount: events,
    errorCounts: errors,
    ...(problems.length ? { problems } : {}),
    ...(subjects ? { subjects: subjectList.slice(0, 100) } : {}),
  };
}
