/** Builders for CAP answers: working hours in an IANA zone, and events selected for the request window. */
import { DAYS, type AvailabilityEvent, type Day, type WorkingHours } from '../../workmail/availability/types';
import { parseRfc3339 } from '../../workmail/availability/request';
import { availabilityTimeZone } from './time-zone';

export interface WorkingHoursOptions {
  /** An IANA zone name, e.g. "Europe/Berlin". */
  timeZone: string;
  /** @default MON to FRI */
  days?: Day[];
  /** Local `HH:MM`. @default "09:00" */
  start?: string;
  /** Local `HH:MM` (`24:00` for midnight). @default "17:00" */
  end?: string;
  /** The year whose daylight-saving rules describe the zone. @default the current year */
  year?: number;
}

function minutes(text: string, what: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  const value = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || value > 1440)
    throw new TypeError(`workingHours: ${what} ${JSON.stringify(text)} is not a local time HH:MM from 00:00 to 24:00`);
  return value;
}

/** `workingHours` for a CAP answer: one working period on the given days, with the zone spelled out. */
export function workingHours(options: WorkingHoursOptions): WorkingHours {
  const startMinutes = minutes(options.start ?? '09:00', 'start');
  const endMinutes = minutes(options.end ?? '17:00', 'end');
  if (startMinutes >= endMinutes)
    throw new TypeError(`workingHours: start ${options.start ?? '09:00'} must be before end ${options.end ?? '17:00'}`);
  const days = options.days ?? ['MON', 'TUE', 'WED', 'THU', 'FRI'];
  const unknown = days.filter((d) => !(DAYS as readonly string[]).includes(d));
  if (days.length === 0 || unknown.length > 0)
    throw new TypeError(
      `workingHours: days must be a non-empty list of ${DAYS.join(', ')}${unknown.length ? `; got ${unknown.join(', ')}` : ''}`,
    );
  return {
    timezone: availabilityTimeZone(options.timeZone, options.year !== undefined ? { year: options.year } : {}),
    workingPeriods: [{ startMinutes, endMinutes, days: [...new Set(days)] }],
  };
}

type WindowLike = { start: Date; end: Date } | { startDate: string; endDate: string };

function instant(text: string, what: string): number {
  const d = parseRfc3339(text);
  if (!d) throw new TypeError(`clipEvents: ${what} ${JSON.stringify(text)} is not an RFC 3339 date-time`);
  return d.getTime();
}

/**
 * The events that overlap the request window, sorted by start. WorkMail expects events not to be
 * truncated (an event that starts before the window keeps its start), so times are kept as given
 * unless `truncate: true` cuts them to the window. Times are normalised to UTC (`…Z`).
 */
export function clipEvents(
  events: readonly AvailabilityEvent[],
  window: WindowLike,
  options: { truncate?: boolean } = {},
): AvailabilityEvent[] {
  const from = 'start' in window ? window.start.getTime() : instant(window.startDate, 'window.startDate');
  const to = 'end' in window ? window.end.getTime() : instant(window.endDate, 'window.endDate');
  return events
    .map((e) => ({ e, s: instant(e.startTime, 'startTime'), t: instant(e.endTime, 'endTime') }))
    .filter(({ s, t }) => s < to && (t > from || (s === t && s >= from)))
    .sort((a, b) => a.s - b.s)
    .map(({ e, s, t }) => ({
      ...e,
      startTime: new Date(options.truncate ? Math.max(s, from) : s).toISOString(),
      endTime: new Date(options.truncate ? Math.min(t, to) : t).toISOString(),
    }));
}
