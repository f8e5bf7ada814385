/** A Custom Availability Provider (docs/availability.md); handlers/availability.ts serves a JSON calendar. */
import type { AvailabilityEvent } from '../lib/availability';

/** Your calendar system (a stand-in: any lookup that honours the signal). */
declare const myCalendar: {
  lookup(
    mailbox: string,
    window: { start: Date; end: Date },
    options: { signal: AbortSignal },
  ): Promise<{ events: AvailabilityEvent[] } | undefined>;
};

// #region availability
import { availabilityHandler, clipEvents, workingHours } from '../lib/availability';

export const handler = availabilityHandler(async (request, { mailbox, signal }) => {
  const calendar = await myCalendar.lookup(mailbox, request.window, { signal }); // your calendar system
  if (!calendar) return { error: 'MailboxNotFound' };
  return {
    events: clipEvents(calendar.events, request.window), // [{ startTime, endTime, busyType, details? }]
    workingHours: workingHours({ timeZone: 'Europe/Berlin', start: '08:00', end: '17:00' }),
  };
});
// #endregion availability
