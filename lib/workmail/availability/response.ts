/** Validation of CAP responses: every problem with its JSON path; an empty list means valid. */
import type { ValidationIssue } from '../errors';
import { shownValue } from './redact';
import { isObject, issueList, parseRfc3339, typeName } from './request';
import { AVAILABILITY_ERRORS, BUSY_TYPES, DAYS, INSTANCE_TYPES, MONTHS, WEEKS, type AvailabilityRequest } from './types';

type Add = (path: string, message: string) => void;

const oneOf = (allowed: readonly string[]) => (v: unknown, at: string, add: Add) => {
  if (typeof v !== 'string' || !allowed.includes(v)) add(at, `expected one of ${allowed.join(', ')}, got ${shownValue(v)}`);
};
const busyType = oneOf(BUSY_TYPES);
const instanceType = oneOf(INSTANCE_TYPES);
const month = oneOf(MONTHS);
const week = oneOf(WEEKS);
const day = oneOf(DAYS);

function integer(v: unknown, at: string, add: Add, min: number, max: number): v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    add(at, `expected an integer from ${min} to ${max}, got ${shownValue(v)}`);
    return false;
  }
  return true;
}

function expectType(v: unknown, type: 'string' | 'boolean', at: string, add: Add): void {
  if (typeof v !== type) add(at, `expected a ${type}, got ${typeName(v)}`);
}

function event(e: unknown, at: string, add: Add): void {
  if (!isObject(e)) {
    add(at, `expected an object, got ${typeName(e)}`);
    return;
  }
  const times: (Date | undefined)[] = (['startTime', 'endTime'] as const).map((k) => {
    const v = e[k];
    const d = typeof v === 'string' ? parseRfc3339(v) : undefined;
    if (!d) add(`${at}.${k}`, `expected an RFC 3339 date-time, got ${shownValue(v)}`);
    return d;
  });
  if (times[0] && times[1] && times[1].getTime() < times[0].getTime()) add(`${at}.endTime`, 'must not be before startTime');
  busyType(e.busyType, `${at}.busyType`, add);
  const d = e.details;
  if (d === undefined) return;
  if (!isObject(d)) {
    add(
      `${at}.details`,
      `expected an object with all of subject, location, instanceType, isMeeting, isReminderSet, isPrivate, or no details; got ${typeName(d)}`,
    );
    return;
  }
  expectType(d.subject, 'string', `${at}.details.subject`, add);
  expectType(d.location, 'string', `${at}.details.location`, add);
  instanceType(d.instanceType, `${at}.details.instanceType`, add);
  for (const k of ['isMeeting', 'isReminderSet', 'isPrivate'] as const) expectType(d[k], 'boolean', `${at}.details.${k}`, add);
}

function transition(t: unknown, at: string, add: Add): void {
  if (!isObject(t)) {
    add(at, `expected an object, got ${typeName(t)}`);
    return;
  }
  integer(t.offset, `${at}.offset`, add, -1440, 1440);
  if (typeof t.time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(t.time))
    add(`${at}.time`, `expected hh:mm:ss, got ${shownValue(t.time)}`);
  month(t.month, `${at}.month`, add);
  week(t.week, `${at}.week`, add);
  day(t.dayOfWeek, `${at}.dayOfWeek`, add);
}

function workingHours(w: unknown, at: string, add: Add): void {
  if (!isObject(w)) {
    add(at, w === undefined ? 'is required' : `expected an object, got ${typeName(w)}`);
    return;
  }
  const tz = w.timezone;
  if (!isObject(tz)) add(`${at}.timezone`, tz === undefined ? 'is required' : `expected an object, got ${typeName(tz)}`);
  else {
    if (typeof tz.name !== 'string' || tz.name === '')
      add(`${at}.timezone.name`, `expected a non-empty string, got ${shownValue(tz.name)}`);
    integer(tz.bias, `${at}.timezone.bias`, add, -1440, 1440);
    if ((tz.standardTime === undefined) !== (tz.daylightTime === undefined)) {
      add(`${at}.timezone`, 'give both standardTime and daylightTime, or neither');
    }
    if (tz.standardTime !== undefined) transition(tz.standardTime, `${at}.timezone.standardTime`, add);
    if (tz.daylightTime !== undefined) transition(tz.daylightTime, `${at}.timezone.daylightTime`, add);
  }
  const periods = w.workingPeriods;
  if (!Array.isArray(periods)) {
    add(`${at}.workingPeriods`, periods === undefined ? 'is required' : `expected an array, got ${typeName(periods)}`);
    return;
  }
  for (const [i, p] of periods.entries()) {
    const pat = `${at}.workingPeriods[${i}]`;
    if (!isObject(p)) {
      add(pat, `expected an object, got ${typeName(p)}`);
      continue;
    }
    const s = integer(p.startMinutes, `${pat}.startMinutes`, add, 0, 1440);
    const e = integer(p.endMinutes, `${pat}.endMinutes`, add, 0, 1440);
    if (s && e && (p.startMinutes as number) >= (p.endMinutes as number)) add(`${pat}.endMinutes`, 'must be greater than startMinutes');
    if (!Array.isArray(p.days) || p.days.length === 0) add(`${pat}.days`, `expected a non-empty array of ${DAYS.join(', ')}`);
    else for (const [j, d] of p.days.entries()) day(d, `${pat}.days[${j}]`, add);
  }
}

/** Problems of one `mailboxes[]` entry: either `{ mailbox, events, workingHours }` or `{ mailbox, error }`. */
export function validateMailboxAnswer(entry: unknown, at = 'mailboxes[0]'): ValidationIssue[] {
  const { issues, add } = issueList();
  if (!isObject(entry)) {
    add(at, `expected an object, got ${typeName(entry)}`);
    return issues;
  }
  if (typeof entry.mailbox !== 'string' || entry.mailbox.trim() === '')
    add(`${at}.mailbox`, `expected a non-empty string, got ${shownValue(entry.mailbox)}`);
  if (entry.error !== undefined) {
    if (!(AVAILABILITY_ERRORS as readonly unknown[]).includes(entry.error))
      add(
        `${at}.error`,
        `expected one of ${AVAILABILITY_ERRORS.join(', ')} (the codes WorkMail maps to EWS errors; an error text belongs in your log), got ${shownValue(entry.error)}`,
      );
    if (entry.events !== undefined || entry.workingHours !== undefined)
      add(at, 'an entry holds either error, or events and workingHours, not both');
    return issues;
  }
  const events = entry.events;
  if (!Array.isArray(events))
    add(`${at}.events`, events === undefined ? 'is required (or give error)' : `expected an array, got ${typeName(events)}`);
  else for (const [i, e] of events.entries()) event(e, `${at}.events[${i}]`, add);
  workingHours(entry.workingHours, `${at}.workingHours`, add);
  return issues;
}

/**
 * Every reason WorkMail could reject a CAP response, with JSON paths; empty when valid. With the
 * request, it also checks that the response answers exactly the requested mailboxes: one entry per
 * requested mailbox, each naming it as the request spelled it (same case, no added or removed
 * spaces). At most 50 problems are listed one by one; the rest are counted. Never throws.
 */
export function validateAvailabilityResponse(response: unknown, request?: Pick<AvailabilityRequest, 'mailboxes'>): ValidationIssue[] {
  if (!isObject(response)) return [{ path: '', message: `expected an object with mailboxes, got ${typeName(response)}` }];
  const list = response.mailboxes;
  if (!Array.isArray(list)) return [{ path: 'mailboxes', message: `expected an array, got ${typeName(list)}` }];
  const { issues, add } = issueList();
  for (const [i, entry] of list.entries())
    for (const issue of validateMailboxAnswer(entry, `mailboxes[${i}]`)) add(issue.path, issue.message);
  if (request) matchRequest(list, request.mailboxes, add);
  return issues;
}

/** A mailbox as the request spelled it (bounded), for a message. */
const quoted = (m: string) => JSON.stringify(m.length > 80 ? `${m.slice(0, 80)}…` : m);

/** Each entry names a requested mailbox, exactly, no more often than requested; every requested mailbox has its entries. */
function matchRequest(list: unknown[], requested: readonly string[], add: Add): void {
  const wanted = new Map<string, number>();
  for (const m of requested) wanted.set(m, (wanted.get(m) ?? 0) + 1);
  for (const [i, entry] of list.entries()) {
    const m = isObject(entry) && typeof entry.mailbox === 'string' ? entry.mailbox : undefined;
    if (m === undefined) continue;
    const left = wanted.get(m) ?? 0;
    if (left === 0) add(`mailboxes[${i}].mailbox`, `${quoted(m)} was not requested (exactly so), or is answered more often than requested`);
    else wanted.set(m, left - 1);
  }
  const missing = [...wanted].filter(([, n]) => n > 0);
  for (const [m] of missing.slice(0, 10)) add('mailboxes', `no entry for requested mailbox ${quoted(m)}`);
  if (missing.length > 10) add('mailboxes', `and ${missing.length - 10} more requested mailboxes without an entry`);
}
