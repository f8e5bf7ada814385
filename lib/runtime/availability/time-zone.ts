/**
 * Time zones as the CAP response spells them: a bias and, for zones with daylight saving, the two
 * yearly transitions as "the n-th weekday of a month at a local time" (EWS SerializableTimeZone).
 * They are computed from the runtime's own time-zone data through `Intl`, never from a hand table.
 */
import { DAYS, MONTHS, WEEKS, type AvailabilityTimeZone, type TimeZoneTransition } from '../../workmail/availability/types';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      throw new TypeError(
        `unknown time zone ${JSON.stringify(zone)}: give an IANA name such as "Europe/Berlin" (https://www.iana.org/time-zones)`,
      );
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset at an instant, in minutes east of UTC (Berlin in winter: 60), from Intl. */
export function intlOffsetMinutes(zone: string, at: Date | number): number {
  const name =
    formatterFor(zone)
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(name);
  if (!m?.[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The first minute at or after `from` (exclusive of `to`) whose offset differs from the offset at `from`. */
function changeBetween(zone: string, from: number, to: number): number {
  const before = intlOffsetMinutes(zone, from);
  let lo = from;
  let hi = to;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (intlOffsetMinutes(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Negation without -0 (which JSON prints as 0 but deep equality tells apart). */
const neg = (n: number) => (n === 0 ? 0 : -n);

/** A transition at `instant`, described in the local wall-clock time in effect just before it. */
function describe(instant: number, offsetBefore: number, offset: number): TimeZoneTransition {
  const local = new Date(instant + offsetBefore * MINUTE);
  const date = local.getUTCDate();
  const daysInMonth = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  const week = date + 7 > daysInMonth ? 'LAST' : WEEKS[Math.ceil(date / 7) - 1]!;
  return {
    offset,
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`,
    month: MONTHS[local.getUTCMonth()]!,
    week,
    dayOfWeek: DAYS[local.getUTCDay()]!,
  };
}

/**
 * The CAP description of an IANA time zone in a year (default: the current one). Zones without
 * daylight saving get only `bias`; the others get `standardTime` and `daylightTime`. The bias follows
 * EWS: UTC = local time + bias, so Berlin is -60 and New York 300. A zone whose rules change within
 * the year (more than two transitions) is described by its first two.
 */
export function availabilityTimeZone(zone: string, options: { year?: number; name?: string } = {}): AvailabilityTimeZone {
  const year = options.year ?? new Date().getUTCFullYear();
  const name = options.name ?? zone;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const changes: { at: number; before: number; after: number }[] = [];
  let previous = intlOffsetMinutes(zone, start);
  for (let t = start + DAY; t <= end && changes.length < 2; t += DAY) {
    const now = intlOffsetMinutes(zone, t);
    if (now !== previous) {
      const at = changeBetween(zone, t - DAY, t);
      changes.push({ at, before: previous, after: intlOffsetMinutes(zone, at) });
      previous = intlOffsetMinutes(zone, t);
    }
  }
  if (changes.length < 2) return { name, bias: neg(intlOffsetMinutes(zone, end - DAY)) };
  const standard = Math.min(changes[0]!.before, changes[0]!.after);
  const daylight = Math.max(changes[0]!.before, changes[0]!.after);
  const toDaylight = changes.find((c) => c.after === daylight) ?? changes[0]!;
  const toStandard = changes.find((c) => c.after === standard) ?? changes[1]!;
  return {
    name,
    bias: neg(standard),
    standardTime: describe(toStandard.at, daylight, 0),
    daylightTime: describe(toDaylight.at, standard, -(daylight - standard)),
  };
}

/** The instant of a transition in a year, given the UTC offset (minutes east) in effect before it. */
function transitionInstant(t: TimeZoneTransition, year: number, offsetBefore: number): number {
  const month = MONTHS.indexOf(t.month);
  const weekday = DAYS.indexOf(t.dayOfWeek);
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  let date = 1 + ((weekday - first + 7) % 7);
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (t.week === 'LAST') while (date + 7 <= daysInMonth) date += 7;
  else date = Math.min(date + 7 * WEEKS.indexOf(t.week), date + 7 * Math.floor((daysInMonth - date) / 7));
  const [h, m, s] = t.time.split(':').map(Number) as [number, number, number];
  return Date.UTC(year, month, date, h, m, s) - offsetBefore * MINUTE;
}

/**
 * The UTC offset (minutes east of UTC) that a CAP time-zone description gives for an instant: what
 * WorkMail's clients compute from it. The inverse check of availabilityTimeZone.
 */
export function utcOffsetAt(zone: AvailabilityTimeZone, at: Date | number): number {
  const instant = typeof at === 'number' ? at : at.getTime();
  const standard = -(zone.bias + (zone.standardTime?.offset ?? 0));
  if (!zone.standardTime || !zone.daylightTime) return neg(zone.bias);
  const daylight = -(zone.bias + zone.daylightTime.offset);
  const year = new Date(instant).getUTCFullYear();
  const toDaylight = transitionInstant(zone.daylightTime, year, standard);
  const toStandard = transitionInstant(zone.standardTime, year, daylight);
  const inDaylight =
    toDaylight < toStandard ? instant >= toDaylight && instant < toStandard : !(instant >= toStandard && instant < toDaylight);
  return inDaylight ? daylight : standard;
}
