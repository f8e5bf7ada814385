/**
 * The inbound handler's rewrite: external mail is tagged and footed, through S3 and
 * PutRawMessageContent. `workmail-rules init` gives a new project this file as test/rewrite.test.ts
 * (unless it is created with --no-rewrite).
 */
import '../../lib/local/jest-setup';
import { replay, useLocalWorkMail } from '../../lib/local';

describe('inbound rewrite', () => {
  const workmail = useLocalWorkMail();

  test('external mail is delivered and tagged', async () => {
    const result = await replay('handlers/inbound.ts', 'events/inbound/ceo-legal-copy.json');
    expect(result).toDeliver('bob@corp.example');
    expect(result).toBeRewritten();
    expect(result.rewritten!.toString('latin1')).toMatch(/^Subject: \[EXTERNAL\] /m);
  });

  test('an S3 outage does not stop delivery: the original is delivered unchanged', async () => {
    workmail().faults.inject({ service: 's3', operation: 'PutObject', status: 503, times: 10 });
    const result = await replay('handlers/inbound.ts', 'events/inbound/ceo-legal-copy.json');
    workmail().faults.clear();
    expect(result).toDeliver('bob@corp.example');
    expect(result).not.toBeRewritten();
  });
});
