/**
 * A rewrite's `when` runs once per message, with no recipient being decided: a recipient() there is
 * always unknown (the rewrite would never happen), so syncHandler refuses it where it is defined and
 * names the way out, anyRecipient(), which the rewrite step evaluates.
 */
import {
  all,
  anyRecipient,
  defineRules,
  deliver,
  from,
  ConditionError,
  not,
  recipient,
  subject,
  syncHandler,
  tagSubject,
} from '../../lib/index';
import type { Decision } from '../../lib/engine/decision';
import { createMessageView } from '../../lib/message/view';
import { createLogger } from '../../lib/runtime/log';
import { runRewrite } from '../../lib/runtime/rewrite-step';
import type { LambdaEventData } from '../../lib/workmail/types';

const rules = defineRules({ direction: 'INBOUND', rules: [{ name: 'all', then: deliver() }] });

describe('syncHandler refuses recipient() in rewrite.when', () => {
  test.each([
    ['alone', recipient('ceo@corp.example'), 'recipient("ceo@corp.example")', 'anyRecipient("ceo@corp.example")'],
    [
      'nested',
      all(from('*.partner.example'), not(recipient('*.corp.example'))),
      'recipient("*.corp.example")',
      'anyRecipient("*.corp.example")',
    ],
  ])('%s: a ConditionError naming the condition and anyRecipient()', (_l, when, named, fix) => {
    const define = () => syncHandler({ rules, rewrite: { when, edits: [tagSubject('[EXT]')] } });
    expect(define).toThrow(ConditionError);
    expect(define).toThrow(`syncHandler: rewrite.when tests the recipient being decided (${named}), which is always unknown there`);
    expect(define).toThrow(`Test the message's recipients with ${fix}`);
  });

  test('anyRecipient(), other conditions and recipient() in the rules are accepted', () => {
    expect(() => syncHandler({ rules, rewrite: { when: anyRecipient('ceo@corp.example'), edits: [tagSubject('[EXT]')] } })).not.toThrow();
    expect(() => syncHandler({ rules, rewrite: { when: subject('invoice'), edits: [tagSubject('[EXT]')] } })).not.toThrow();
    const perRecipient = defineRules({
      direction: 'INBOUND',
      rules: [{ name: 'ceo', when: recipient('ceo@corp.example'), then: deliver() }],
    });
    expect(() => syncHandler({ rules: perRecipient, rewrite: { edits: [tagSubject('[EXT]')] } })).not.toThrow();
  });
});

describe('the rewrite step evaluates anyRecipient() in `when`', () => {
  const event = (to: string[]): LambdaEventData => ({
    summaryVersion: '2019-07-28',
    envelope: { mailFrom: { address: 'a@example.net' }, recipients: to.map((address) => ({ address })) },
    subject: 'hello',
    messageId: 'm-1',
    invocationId: 'i-1',
    flowDirection: 'INBOUND',
    truncated: false,
  });
  async function go(to: string[]) {
    const raw = Buffer.from('Subject: [EXT] hello\r\n\r\nbody\r\n');
    const loadRaw = () => Promise.resolve(raw);
    const decision: Decision = { recipients: to.map((address) => ({ address, action: deliver() })) };
    return runRewrite({
      event: event(to),
      decision,
      options: { when: anyRecipient('ceo@corp.example'), edits: [tagSubject('[EXT]')], bucket: 'rewrite-bucket' },
      loadRaw,
      message: createMessageView(loadRaw),
      signal: new AbortController().signal,
      log: createLogger(() => {}),
    });
  }

  test('holds when one recipient matches (the edit runs: here it changes nothing), is skipped when none does', async () => {
    expect(await go(['bob@corp.example', 'ceo@corp.example'])).toMatchObject({ status: 'unchanged' });
    expect(await go(['bob@corp.example'])).toMatchObject({ status: 'skipped', reason: '`when` does not hold' });
  });
});
