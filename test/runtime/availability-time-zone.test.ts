import { availabilityTimeZone, clipEvents, utcOffsetAt, validateMailboxAnswer, workingHours } from '../../lib/availability';
import { intlOffsetMinutes } from '../../lib/runtime/availability/time-zone';

const HOUR = 3_600_000;

/** Every hour of the year, the description gives the same UTC offset as Intl. */
function mismatches(zone: string, year: number): string[] {
  const tz = availabilityTimeZone(zone, { year });
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1, 0, 30); t < Date.UTC(year + 1, 0, 1); t += HOUR) {
    const want = intlOffsetMinutes(zone, t);
    const got = utcOffsetAt(tz, t);
    if (want !== got) out.push(`${new Date(t).toISOString()}: Intl ${want}, description ${got}`);
  }
  return out;
}

describe('availabilityTimeZone from Intl', () => {
  test.each([
    ['Europe/Berlin', 2024],
    ['Europe/Berlin', 2026],
    ['America/New_York', 2024],
    ['America/New_York', 2027],
    ['Asia/Tokyo', 2025],
    ['Australia/Sydney', 2024],
    ['Australia/Sydney', 2026],
  ])('%s in %i matches Intl at every hour of the year', (zone, year) => {
    expect(mismatches(zone, year)).toEqual([]);
  });

  test('the offsets and transitions read as the zones are known (EWS sign: UTC = local + bias)', () => {
    const berlin = availabilityTimeZone('Europe/Berlin', { year: 2025 });
    expect(berlin.bias).toBe(-intlOffsetMinutes('Europe/Berlin', Date.UTC(2025, 0, 15)));
    expect(berlin.daylightTime).toMatchObject({ month: 'MAR', week: 'LAST', dayOfWeek: 'SUN', time: '02:00:00', offset: -60 });
    expect(berlin.standardTime).toMatchObject({ month: 'OCT', week: 'LAST', dayOfWeek: 'SUN', time: '03:00:00', offset: 0 });
    const ny = availabilityTimeZone('America/New_York', { year: 2025 });
    expect(ny.bias).toBe(300);
    expect(ny.daylightTime).toMatchObject({ month: 'MAR', week: 'SECOND', dayOfWeek: 'SUN', time: '02:00:00' });
    expect(ny.standardTime).toMatchObject({ month: 'NOV', week: 'FIRST', dayOfWeek: 'SUN', time: '02:00:00' });
    const sydney = availabilityTimeZone('Australia/Sydney', { year: 2025 });
    expect(sydney.bias).toBe(-600);
    expect(sydney.daylightTime).toMatchObject({ month: 'OCT', week: 'FIRST', dayOfWeek: 'SUN', offset: -60 });
    expect(sydney.standardTime).toMatchObject({ month: 'APR', week: 'FIRST', dayOfWeek: 'SUN' });
  });

  test('a zone without daylight saving has only a bias', () => {
    expect(availabilityTimeZone('Asia/Tokyo', { year: 2025 })).toEqual({ name: 'Asia/Tokyo', bias: -intlOffsetMinutes('Asia/Tokyo', 0) });
    expect(availabilityTimeZone('UTC', { year: 2025 })).toEqual({ name: 'UTC', bias: 0 });
  });

  test('an unknown zone is a clear TypeError', () => {
    expect(() => availabilityTimeZone('Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus": give an IANA name/);
  });
});

describe('workingHours and clipEvents', () => {
  test('working hours validate as a CAP entry and carry the zone', () => {
    const wh = workingHours({ timeZone: 'America/New_York', start: '08:30', end: '24:00', days: ['MON', 'TUE', 'MON'], year: 2025 });
    expect(wh.workingPeriods).toEqual([{ startMinutes: 510, endMinutes: 1440, days: ['MON', 'TUE'] }]);
    expect(validateMailboxAnswer({ mailbox: 'a@x.example', events: [], workingHours: wh })).toEqual([]);
    expect(() => workingHours({ timeZone: 'UTC', start: '18:00', end: '09:00' })).toThrow('must be before end');
    expect(() => workingHours({ timeZone: 'UTC', start: '9:00' })).toThrow('is not a local time HH:MM');
    expect(() => workingHours({ timeZone: 'UTC', days: ['MONDAY' as never] })).toThrow('got MONDAY');
  });

  test('events overlapping the window are kept whole and sorted; truncate cuts them', () => {
    const events = [
      { startTime: '2021-05-06T09:00:00Z', endTime: '2021-05-06T10:00:00Z', busyType: 'BUSY' as const },
      { startTime: '2021-05-05T09:00:00+02:00', endTime: '2021-05-05T10:00:00+02:00', busyType: 'FREE' as const },
      { startTime: '2021-05-03T22:00:00Z', endTime: '2021-05-04T01:00:00Z', busyType: 'TENTATIVE' as const },
      { startTime: '2021-05-03T10:00:00Z', endTime: '2021-05-04T00:00:00Z', busyType: 'BUSY' as const },
    ];
    const window = { startDate: '2021-05-04T00:00:00Z', endDate: '2021-05-06T00:00:00Z' };
    expect(clipEvents(events, window).map((e) => [e.startTime, e.endTime, e.busyType])).toEqual([
      ['2021-05-03T22:00:00.000Z', '2021-05-04T01:00:00.000Z', 'TENTATIVE'],
      ['2021-05-05T07:00:00.000Z', '2021-05-05T08:00:00.000Z', 'FREE'],
    ]);
    expect(clipEvents(events, { start: new Date(window.startDate), end: new Date(window.endDate) }, { truncate: true })[0]!.startTime).toBe(
      '2021-05-04T00:00:00.000Z',
    );
    expect(() => clipEvents([{ ...events[0]!, startTime: 'soon' }], window)).toThrow('clipEvents: startTime "soon"');
  });
});
