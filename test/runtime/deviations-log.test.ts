/** The invocation log line names the event fields that deviated from what WorkMail sends (the rules still ran). */
import type { Context } from 'aws-lambda';
import { asyncHandler, defineRules, drop, subject, syncHandler } from '../../lib';
import type { LogFields } from '../../lib/runtime/log';
import { documentedEvent } from '../fixtures/workmail/malformed';

const context = { getRemainingTimeInMillis: () => 15_000, awsRequestId: 'r' } as unknown as Context;
const rules = defineRules({ direction: 'INBOUND', rules: [{ name: 'long', when: subject('x'), then: drop() }] });
const longSubject = () => ({ ...structuredClone(documentedEvent), flowDirection: 'INBOUND', subject: 'x'.repeat(300) });

describe('deviated fields in the log line', () => {
  test('a synchronous handler decides an over-long subject by the rules and logs the deviation', async () => {
    const lines: LogFields[] = [];
    const response = await syncHandler({ rules, logger: { sink: (l) => lines.push(l) } })(longSubject(), context);
    expect(response.actions[0]!.action.type).toBe('DROP');
    const line = lines.find((l) => l.eventName === 'RUN_LAMBDA_DECISION')!;
    expect(line.deviatedFields).toEqual(['subject']);
    expect(line.fallbackUsed).toBe(false);
  });

  test('an event as WorkMail sends it has no deviatedFields', async () => {
    const lines: LogFields[] = [];
    await syncHandler({ rules, logger: { sink: (l) => lines.push(l) } })(
      { ...structuredClone(documentedEvent), flowDirection: 'INBOUND' },
      context,
    );
    expect(lines.find((l) => l.eventName === 'RUN_LAMBDA_DECISION')).not.toHaveProperty('deviatedFields');
  });

  test('an asynchronous handler logs them too', async () => {
    const lines: LogFields[] = [];
    await asyncHandler(async () => undefined, { logger: { sink: (l) => lines.push(l) } })(longSubject(), context);
    expect(lines.find((l) => l.eventName === 'RUN_LAMBDA_ASYNC')!.deviatedFields).toEqual(['subject']);
  });
});
