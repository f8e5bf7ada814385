import * as path from 'node:path';
import '../../lib/local/jest-setup';
import { replay, useLocalWorkMail, workmailMatchers, type ReplayResult } from '../../lib/local';

const fixtures = path.join(__dirname, '..', 'fixtures', 'local');
const tiny = path.join(fixtures, 'handlers', 'tiny.ts');
const event = (name: string) => path.join(fixtures, 'events', `${name}.json`);

describe('workmail matchers on replay results', () => {
  useLocalWorkMail();
  let mixed: ReplayResult;
  let rewritten: ReplayResult;
  beforeAll(async () => {
    mixed = await replay(tiny, event('mixed'));
    rewritten = await replay(tiny, event('rewrite'));
  });

  test('each action matcher passes for its recipient', () => {
    expect(mixed).toBounce('bounce-me@corp.example');
    expect(mixed).toBounce('BOUNCE-ME@corp.example', 'Not accepted here.');
    expect(mixed).toDrop('drop-me@corp.example');
    expect(mixed).toJunk('junk-me@corp.example');
    expect(mixed).toBypassSpam('vip@corp.example');
    expect(mixed).toDeliver('bob@corp.example');
    expect(mixed).not.toDeliver('drop-me@corp.example');
    expect(mixed).not.toBeRewritten();
    expect(rewritten).toBeRewritten();
  });

  test('an address that is not a recipient fails both ways, saying so (the `*` decision vouches for nobody)', () => {
    for (const assert of [
      () => expect(mixed).toDeliver('someone-else@corp.example'),
      () => expect(mixed).not.toDeliver('someone-else@corp.example'),
    ]) {
      expect(assert).toThrow(/someone-else@corp\.example is not a recipient of the event \(recipients: bob@corp\.example, /);
    }
  });

  test('a failure message names the expectation, the outcome and shows the decision table', () => {
    let message = '';
    try {
      expect(mixed).toBounce('drop-me@corp.example');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('expected the handler to bounce drop-me@corp.example; got DROP (listed, rule drop-list)');
    expect(message).toMatch(/recipient\s+action\s+rule/);
    expect(message).toMatch(/bounce-me@corp\.example\s+BOUNCE "Not accepted here\."\s+bounce-list/);
    expect(message).toMatch(/\*\s+DEFAULT\s+-/);
  });

  test('a wrong bounce message fails toBounce', () => {
    const r = workmailMatchers.toBounce.call({ isNot: false }, mixed, 'bounce-me@corp.example', 'Other text');
    expect(r.pass).toBe(false);
    expect(r.message()).toContain('with bounce message "Other text"; got BOUNCE "Not accepted here."');
  });

  test('toBeRewritten fails with sizes when expecting no rewrite', () => {
    const r = workmailMatchers.toBeRewritten.call({ isNot: true }, rewritten);
    expect(r.pass).toBe(true);
    expect(r.message()).toMatch(/expected the message not to be rewritten; it was rewritten \(\d+ → \d+ bytes\)/);
  });

  test('matchers refuse something that is not a replay result', () => {
    expect(() => expect({}).toDrop('a@b.example')).toThrow(/expect the result of replay\(\)/);
  });
});
