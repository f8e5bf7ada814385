/**
 * The outbound rules, replayed through the real handler against the local WorkMail.
 * `workmail-rules init` gives a new project this file as test/outbound.test.ts.
 */
import '../../lib/local/jest-setup';
import { replay, useLocalWorkMail } from '../../lib/local';

const handler = 'handlers/outbound.ts';
const event = (name: string) => `events/outbound/${name}.json`;

describe('outbound rules', () => {
  useLocalWorkMail();

  test('mail to a blocked domain bounces for that recipient only', async () => {
    const result = await replay(handler, event('blocked-domain'));
    expect(result).toBounce('buyer@rival.competitor.example');
    expect(result).toDeliver('partner@partner.example');
    expect(result).toDeliver('bob@corp.example');
  });
});
