import * as path from 'node:path';
import { EVENTS_PEER_DIR } from '../fixtures/corpus';
import * as fs from 'node:fs';
import {
  AvailabilityValidationError,
  parseAvailabilityRequest,
  validateAvailabilityResponse,
  validateMailboxAnswer,
} from '../../lib/availability';
import { AVAILABILITY_ERRORS } from '../../lib/constants';

const sample = JSON.parse(fs.readFileSync(path.join(EVENTS_PEER_DIR, 'cap', 'lambda_query_availability.json'), 'utf8'));

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseAvailabilityRequest(input);
  } catch (err) {
    expect(err).toBeInstanceOf(AvailabilityValidationError);
    expect((err as AvailabilityValidationError).code).toBe('AVAILABILITY_VALIDATION');
    return (err as AvailabilityValidationError).issues;
  }
  throw new Error('expected the request to be rejected');
}

const berlin = {
  name: 'Europe/Berlin',
  bias: -60,
  standardTime: { offset: 0, time: '03:00:00', month: 'OCT', week: 'LAST', dayOfWeek: 'SUN' },
  daylightTime: { offset: -60, time: '02:00:00', month: 'MAR', week: 'LAST', dayOfWeek: 'SUN' },
};
const ok = {
  mailbox: 'user2@external.example.com',
  events: [
    {
      startTime: '2021-05-03T23:00:00.000Z',
      endTime: '2021-05-04T03:00:00.000Z',
      busyType: 'BUSY',
      details: {
        subject: 'Late meeting',
        location: 'Chime',
        instanceType: 'SINGLE_INSTANCE',
        isMeeting: true,
        isReminderSet: true,
        isPrivate: false,
      },
    },
  ],
  workingHours: { timezone: berlin, workingPeriods: [{ startMinutes: 480, endMinutes: 1040, days: ['MON'] }] },
};

describe('parseAvailabilityRequest', () => {
  test('the AWS sample test event (+00:00 offsets) parses', () => {
    const r = parseAvailabilityRequest(sample);
    expect(r.requester).toEqual(sample.requester);
    expect(r.mailboxes).toEqual(['user2@external.example.com', 'unknown@internal.example.com']);
    expect(r.window.start.toISOString()).toBe('2021-05-04T00:00:00.000Z');
    expect(r.window.end.toISOString()).toBe('2021-05-06T00:00:00.000Z');
    expect(r.window.startDate).toBe('2021-05-04T00:00:00+00:00');
  });

  test('Z, fractions and other offsets are the same instants', () => {
    const r = parseAvailabilityRequest({
      ...sample,
      window: { startDate: '2021-05-04T02:00:00.000+02:00', endDate: '2021-05-05T00:00:00Z' },
    });
    expect(r.window.start.toISOString()).toBe('2021-05-04T00:00:00.000Z');
  });

  test.each(['email', 'userName', 'organization', 'userId'])('requester.%s is required', (key) => {
    const input = structuredClone(sample);
    delete input.requester[key];
    expect(issuesOf(input)).toEqual([{ path: `requester.${key}`, message: 'is required' }]);
  });

  test.each(['requester', 'mailboxes', 'window'])('%s is required', (key) => {
    const input = structuredClone(sample);
    delete input[key];
    expect(issuesOf(input)).toEqual([{ path: key, message: 'is required' }]);
  });

  test('wrong types and dates are all reported with their paths', () => {
    const issues = issuesOf({
      requester: { email: 5, userName: 'u', organization: 'org-1', userId: 'x', origin: 7 },
      mailboxes: ['a@x.example', 3, ' '],
      window: { startDate: '2021-05-04', endDate: '2021-02-30T00:00:00Z' },
    });
    expect(issues.map((i) => i.path)).toEqual([
      'requester.email',
      'requester.origin',
      'requester.organization',
      'mailboxes[1]',
      'mailboxes[2]',
      'window.startDate',
      'window.endDate',
    ]);
    expect(issues[0]!.message).toBe('expected a string, got number');
  });

  test('an end before (or at) the start is rejected', () => {
    const input = { ...sample, window: { startDate: '2021-05-06T00:00:00Z', endDate: '2021-05-05T23:59:59+00:00' } };
    expect(issuesOf(input)).toEqual([{ path: 'window.endDate', message: 'must be after window.startDate (2021-05-06T00:00:00Z)' }]);
    expect(issuesOf({ ...sample, window: { startDate: '2021-05-06T00:00:00Z', endDate: '2021-05-06T02:00:00+02:00' } })[0]!.path).toBe(
      'window.endDate',
    );
  });

  test('a non-object and the error message point to the AWS documentation', () => {
    expect(issuesOf(null)).toEqual([{ path: '', message: 'expected an object, got null' }]);
    expect(() => parseAvailabilityRequest([])).toThrow('https://docs.aws.amazon.com/workmail/latest/adminguide/building_cap.html');
  });
});

describe('validateAvailabilityResponse', () => {
  const request = parseAvailabilityRequest(sample);
  const valid = { mailboxes: [ok, { mailbox: 'unknown@internal.example.com', error: 'MailboxNotFound' }] };

  test('the documented response shape is valid, also against its request', () => {
    expect(validateAvailabilityResponse(valid)).toEqual([]);
    expect(validateAvailabilityResponse(valid, request)).toEqual([]);
  });

  test('details are all or nothing; enums are checked', () => {
    const bad = structuredClone(ok) as any;
    delete bad.events[0].details.isPrivate;
    bad.events[0].busyType = 'Busy';
    bad.events[0].details.instanceType = 'Single_Instance';
    expect(validateMailboxAnswer(bad).map((i) => i.path)).toEqual([
      'mailboxes[0].events[0].busyType',
      'mailboxes[0].events[0].details.instanceType',
      'mailboxes[0].events[0].details.isPrivate',
    ]);
    delete bad.events[0].details;
    bad.events[0].busyType = 'TENTATIVE';
    expect(validateMailboxAnswer(bad)).toEqual([]);
  });

  test('standardTime and daylightTime come together; MAY is a month; weeks and days are checked', () => {
    const only = structuredClone(ok) as any;
    delete only.workingHours.timezone.daylightTime;
    expect(validateMailboxAnswer(only, 'm')).toEqual([
      { path: 'm.workingHours.timezone', message: 'give both standardTime and daylightTime, or neither' },
    ]);
    const may = structuredClone(ok) as any;
    may.workingHours.timezone.standardTime.month = 'MAY';
    expect(validateMailboxAnswer(may)).toEqual([]);
    may.workingHours.timezone.standardTime.week = 'FIFTH';
    may.workingHours.timezone.daylightTime.dayOfWeek = 'SUNDAY';
    may.workingHours.timezone.daylightTime.time = '2:00';
    expect(validateMailboxAnswer(may, 'm').map((i) => i.path)).toEqual([
      'm.workingHours.timezone.standardTime.week',
      'm.workingHours.timezone.daylightTime.time',
      'm.workingHours.timezone.daylightTime.dayOfWeek',
    ]);
    const none = structuredClone(ok) as any;
    delete none.workingHours.timezone.daylightTime;
    delete none.workingHours.timezone.standardTime;
    expect(validateMailboxAnswer(none)).toEqual([]);
  });

  test('working periods: minutes 0..1440, start before end, known days', () => {
    const p = structuredClone(ok) as any;
    p.workingHours.workingPeriods = [
      { startMinutes: 0, endMinutes: 1440, days: ['SUN', 'SAT'] },
      { startMinutes: 600, endMinutes: 600, days: ['MON'] },
      { startMinutes: -1, endMinutes: 1441, days: [] },
    ];
    expect(validateMailboxAnswer(p, 'm').map((i) => `${i.path}: ${i.message}`)).toEqual([
      'm.workingHours.workingPeriods[1].endMinutes: must be greater than startMinutes',
      'm.workingHours.workingPeriods[2].startMinutes: expected an integer from 0 to 1440, got -1',
      'm.workingHours.workingPeriods[2].endMinutes: expected an integer from 0 to 1440, got 1441',
      'm.workingHours.workingPeriods[2].days: expected a non-empty array of SUN, MON, TUE, WED, THU, FRI, SAT',
    ]);
  });

  test('an entry is either a success or an error, never both, and workingHours is required with events', () => {
    expect(validateMailboxAnswer({ ...ok, error: 'MailboxNotFound' }, 'm')).toEqual([
      { path: 'm', message: 'an entry holds either error, or events and workingHours, not both' },
    ]);
    expect(validateMailboxAnswer({ mailbox: 'a@x.example', events: [] }, 'm')).toEqual([
      { path: 'm.workingHours', message: 'is required' },
    ]);
    expect(validateMailboxAnswer({ mailbox: 'a@x.example' }, 'm').map((i) => i.path)).toEqual(['m.events', 'm.workingHours']);
  });

  test('against the request: one entry per requested mailbox, named exactly as requested', () => {
    expect(validateAvailabilityResponse({ mailboxes: [{ ...ok, mailbox: 'USER2@external.example.com' }] }, request)).toEqual([
      {
        path: 'mailboxes[0].mailbox',
        message: '"USER2@external.example.com" was not requested (exactly so), or is answered more often than requested',
      },
      { path: 'mailboxes', message: 'no entry for requested mailbox "user2@external.example.com"' },
      { path: 'mailboxes', message: 'no entry for requested mailbox "unknown@internal.example.com"' },
    ]);
    expect(
      validateAvailabilityResponse({ mailboxes: [...valid.mailboxes, { mailbox: 'other@x.example', error: 'MailboxNotFound' }] }, request),
    ).toEqual([
      {
        path: 'mailboxes[2].mailbox',
        message: '"other@x.example" was not requested (exactly so), or is answered more often than requested',
      },
    ]);
    expect(validateAvailabilityResponse('nope')).toEqual([{ path: '', message: 'expected an object with mailboxes, got string' }]);
  });

  test('a request with a padded or capitalised mailbox is kept as sent, and its answer must name it so', () => {
    const raw = { ...structuredClone(sample), mailboxes: [' User2@External.example.com ', 'unknown@internal.example.com'] };
    const parsed = parseAvailabilityRequest(raw);
    expect(parsed.mailboxes).toEqual([' User2@External.example.com ', 'unknown@internal.example.com']);
    const trimmed = { mailboxes: [{ ...ok, mailbox: 'User2@External.example.com' }, valid.mailboxes[1]] };
    expect(validateAvailabilityResponse(trimmed, parsed).map((i) => i.path)).toEqual(['mailboxes[0].mailbox', 'mailboxes']);
    expect(
      validateAvailabilityResponse({ mailboxes: [{ ...ok, mailbox: ' User2@External.example.com ' }, valid.mailboxes[1]] }, parsed),
    ).toEqual([]);
  });

  test('many missing mailboxes are listed ten at a time, the rest counted', () => {
    const many = { mailboxes: Array.from({ length: 500 }, (_, i) => `u${i}@x.example`) };
    const issues = validateAvailabilityResponse({ mailboxes: [] }, many);
    expect(issues).toHaveLength(11);
    expect(issues[10]).toEqual({ path: 'mailboxes', message: 'and 490 more requested mailboxes without an entry' });
  });

  test('an error is one of the documented codes; another text is a problem, shown redacted and bounded', () => {
    for (const code of AVAILABILITY_ERRORS) expect(validateMailboxAnswer({ mailbox: 'a@x.example', error: code })).toEqual([]);
    const secret = `db password=hunter2 at 10.0.0.5 for bob@corp.example via [2001:db8::1]:5432 ${'x'.repeat(5_000)}`;
    const issues = validateMailboxAnswer({ mailbox: 'a@x.example', error: secret }, 'm');
    expect(issues.map((i) => i.path)).toEqual(['m.error']);
    const message = issues[0]!.message;
    expect(message).toContain('expected one of MailboxNotFound, ErrorAvailabilityConfigNotFound');
    expect(message).toContain('password=hunter2 at <ip> for <address> via [<ip>]');
    for (const leak of ['10.0.0.5', 'bob@corp.example', '2001:db8', 'x'.repeat(100)]) expect(message).not.toContain(leak);
    expect(validateMailboxAnswer({ mailbox: 'a@x.example', error: 'mailboxnotfound' })).toHaveLength(1);
    expect(validateMailboxAnswer({ mailbox: 'a@x.example', error: '' })).toHaveLength(1);
  });

  test('values quoted in problems are bounded: a huge busyType does not make a huge message', () => {
    const huge = structuredClone(ok) as any;
    huge.events[0].busyType = 'B'.repeat(1_000_000);
    const [issue] = validateMailboxAnswer(huge);
    expect(issue!.path).toBe('mailboxes[0].events[0].busyType');
    expect(issue!.message.length).toBeLessThan(300);
  });
});
