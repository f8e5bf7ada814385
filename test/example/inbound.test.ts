/**
 * The inbound rules, replayed through the real handler against the local WorkMail and checked with
 * the WorkMail matchers. `workmail-rules init` gives a new project this file as test/inbound.test.ts.
 */
import '../../lib/local/jest-setup';
import { loadEvent, replay, useLocalWorkMail } from '../../lib/local';

const handler = 'handlers/inbound.ts';
const event = (name: string) => `events/inbound/${name}.json`;

describe('inbound rules', () => {
  useLocalWorkMail();

  test('a virus is dropped and not rewritten', async () => {
    const result = await replay(handler, event('virus'));
    expect(result).toDrop('alice@corp.example');
    expect(result).not.toBeRewritten();
  });

  test('a blocked subdomain bounces every recipient with the policy text', async () => {
    const result = await replay(handler, event('blocked-subdomain'));
    expect(result).toBounce('alice@corp.example', 'Email in breach of company policy.');
    expect(result).toBounce('bob@corp.example');
  });

  test('a spam verdict goes to junk', async () => {
    const result = await replay(handler, event('spam-verdict'));
    expect(result).toJunk('alice@corp.example');
  });

  test('one recipient changed in a copy of an event: the rule follows the recipient', async () => {
    const copy = loadEvent(event('blocked-subdomain'), { envelope: { recipients: [{ address: 'carol@corp.example' }] } });
    const result = await replay(handler, copy);
    expect(result).toBounce('carol@corp.example');
    expect(result).not.toDeliver('carol@corp.example');
  });
});
