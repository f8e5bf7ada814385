/** The smallest test of a rule set (the README's "Replay and test"). */
// #region first-test
import { replay, useLocalWorkMail } from '../lib/local';
import '../lib/local/jest-setup'; // or list it in jest.config.js setupFilesAfterEnv

describe('inbound rules', () => {
  useLocalWorkMail(); // starts the local Message Flow API and S3 in beforeAll, stops them in afterAll

  test('viruses are dropped', async () => {
    const result = await replay('handlers/inbound.ts', 'events/inbound/virus.json');
    expect(result).toDrop('alice@corp.example');
    expect(result).not.toBeRewritten();
  });
});
// #endregion first-test
