/** Replay in jest tests (docs/testing.md, "Replay in your own tests"; the README's "Replay and test"). */
// #region replay
import { loadEvent, replay, useLocalWorkMail } from '../lib/local';
import '../lib/local/jest-setup'; // or list it in jest.config.js setupFilesAfterEnv

describe('inbound rules', () => {
  const workmail = useLocalWorkMail(); // starts emulators in beforeAll, stops them in afterAll

  test('viruses are dropped', async () => {
    const result = await replay('handlers/inbound.ts', 'events/inbound/virus.json');
    expect(result).toDrop('alice@corp.example');
    expect(result).not.toBeRewritten();
  });

  test('a blocked domain bounces with our text', async () => {
    const event = loadEvent('events/inbound/blocked-subdomain.json', {
      envelope: { recipients: [{ address: 'bob@corp.example' }] },
    }); // a fresh clone each time; objects merge, arrays replace
    const result = await replay('handlers/inbound.ts', event);
    expect(result).toBounce('bob@corp.example', 'Email in breach of company policy.');
  });

  test('external mail is tagged even when S3 is slow', async () => {
    workmail().faults.inject({ service: 's3', operation: 'PutObject', delayMs: 200 });
    const result = await replay('handlers/inbound.ts', 'events/inbound/ceo-legal-copy.json');
    expect(result).toDeliver('bob@corp.example');
    expect(result).toBeRewritten();
  });
});
// #endregion replay
