/**
 * Custom Availability Provider: answers free/busy for the mailboxes of external.example.com from a
 * static JSON calendar (handlers/availability-calendar.json). Swap the lookup for a call to your
 * calendar system; the handler keeps every answer valid and in time. Private events carry no details.
 * It imports the availability entry: no AWS SDK and no MIME library in the bundle.
 */
import { availabilityHandler, clipEvents, workingHours, type AvailabilityEvent, type Day } from '../lib/availability';
import calendar from './availability-calendar.json';

interface CalendarMailbox {
  timeZone: string;
  days?: Day[];
  start?: string;
  end?: string;
  events: AvailabilityEvent[];
}
const mailboxes = new Map(Object.entries(calendar.mailboxes as Record<string, CalendarMailbox>).map(([m, c]) => [m.toLowerCase(), c]));

export const handler = availabilityHandler((request, { mailbox }) => {
  const entry = mailboxes.get(mailbox.toLowerCase());
  if (!entry) return { error: 'MailboxNotFound' };
  const events = clipEvents(entry.events, request.window).map(({ details, ...event }) =>
    details && !details.isPrivate ? { ...event, details } : event,
  );
  const { timeZone, days, start, end } = entry;
  return { events, workingHours: workingHours({ timeZone, days, start, end, year: request.window.start.getUTCFullYear() }) };
});
