/** The example Custom Availability Provider (handlers/availability.ts), replayed locally. */
import { loadEvent, replayAvailability } from '../../lib/local';
import '../../lib/local/jest-setup';

const HANDLER = 'handlers/availability.ts';

describe('availability provider example', () => {
  test('the AWS sample request: busy from the calendar, unknown mailboxes not found, private details hidden', async () => {
    const result = await replayAvailability(HANDLER, 'events/availability/aws-sample-query.json');
    expect(result).toBeValidAvailability();
    expect(result).toBeBusyAt('user2@external.example.com', '2021-05-04T01:00:00Z');
    expect(result).toBeBusyAt('USER2@external.example.com', '2021-05-04T12:30:00Z');
    expect(result).toBeFreeAt('user2@external.example.com', '2021-05-04T10:00:00Z');
    expect(result).not.toBeBusyAt('user2@external.example.com', '2021-05-04T13:00:00Z');
    expect(result).toHaveAvailabilityError('unknown@internal.example.com', 'MailboxNotFound');
    const user2 = result.response.mailboxes[0]!;
    if ('error' in user2) throw new Error('expected events');
    expect(user2.events.find((e) => e.busyType === 'TENTATIVE')!.details).toBeUndefined();
    expect(result.logs).toHaveLength(1);
    expect(result.logs[0]).toMatchObject({ eventName: 'AVAILABILITY_RESPONSE', mailboxCount: 2, errorCounts: { MailboxNotFound: 1 } });
  });

  test('a window outside the calendar answers no events, with working hours', async () => {
    const request = loadEvent('events/availability/two-mailboxes.json', {
      window: { startDate: '2030-01-01T00:00:00Z', endDate: '2030-01-02T00:00:00Z' },
    });
    const result = await replayAvailability(HANDLER, request);
    expect(result).toBeValidAvailability();
    expect(result).toBeFreeAt('carol@external.example.com', '2030-01-01T15:00:00Z');
    expect(result).not.toHaveAvailabilityError('carol@external.example.com');
  });
});
