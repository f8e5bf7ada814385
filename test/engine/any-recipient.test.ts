/** anyRecipient(): some envelope recipient of the event matches (one answer for the whole message), in rules and in holds(). */
import { anyRecipient, defineRules, drop, not, recipient, RuleDefinitionError } from '../../lib/index';
import { holds } from '../../lib/engine/conditions/holds';
import { evaluate } from '../../lib/engine/evaluate';
import type { LambdaEventData } from '../../lib/workmail/types';

function event(to: string[], patch: Partial<LambdaEventData> = {}): LambdaEventData {
  return {
    summaryVersion: '2018-10-10',
    envelope: { mailFrom: { address: 'a@partner.example' }, recipients: to.map((address) => ({ address })) },
    subject: 's',
    messageId: 'm',
    invocationId: 'i',
    flowDirection: 'INBOUND',
    truncated: false,
    ...patch,
  };
}

describe('anyRecipient()', () => {
  test.each([
    ['an address', anyRecipient('ceo@corp.example'), ['bob@corp.example', 'CEO@corp.example '], true],
    ['a domain', anyRecipient('corp.example'), ['x@eu.corp.example'], false],
    ['*.domain', anyRecipient('*.corp.example'), ['x@eu.corp.example'], true],
    ['a RegExp', anyRecipient(/^former-[^@]+@corp\.example$/i), ['bob@corp.example', 'former-ann@corp.example'], true],
    ['none matching', anyRecipient('ceo@corp.example'), ['bob@corp.example'], false],
  ] as const)('%s: %s', async (_l, c, to, want) => {
    expect(await holds(c, { event: event([...to]) })).toBe(want);
  });

  test('is known without a recipient being decided, where recipient() is unknown', async () => {
    const ev = event(['bob@corp.example', 'ceo@corp.example']);
    expect(await holds(recipient('ceo@corp.example'), { event: ev })).toBeUndefined();
    expect(await holds(anyRecipient('ceo@corp.example'), { event: ev })).toBe(true);
  });

  test('a truncated event: a listed match is true; no listed match is unknown (the unlisted may match)', async () => {
    expect(await holds(anyRecipient('ceo@corp.example'), { event: event(['ceo@corp.example'], { truncated: true }) })).toBe(true);
    expect(await holds(anyRecipient('ceo@corp.example'), { event: event(['bob@corp.example'], { truncated: true }) })).toBeUndefined();
  });

  test('in a rule it decides every recipient alike (the rule holds for all when one matches)', async () => {
    const rules = defineRules({
      direction: 'INBOUND',
      rules: [{ name: 'ceo-thread', when: anyRecipient('ceo@corp.example'), then: drop() }],
    });
    const d = await evaluate(rules, event(['bob@corp.example', 'ceo@corp.example']));
    expect(d.recipients.map((r) => [r.address, r.action.type, r.rule])).toEqual([
      ['bob@corp.example', 'DROP', 'ceo-thread'],
      ['ceo@corp.example', 'DROP', 'ceo-thread'],
    ]);
    const none = await evaluate(rules, event(['bob@corp.example']));
    expect(none.recipients[0]!.action.type).toBe('DEFAULT');
    const negated = defineRules({
      direction: 'INBOUND',
      rules: [{ name: 'n', when: not(anyRecipient('ceo@corp.example')), then: drop() }],
    });
    expect((await evaluate(negated, event(['bob@corp.example']))).recipients[0]!.action.type).toBe('DROP');
  });

  test('the same pattern checks as recipient(): a bad pattern is a definition error naming anyRecipient', () => {
    const define = () =>
      defineRules({ direction: 'INBOUND', rules: [{ name: 'x', when: anyRecipient('former-*@corp.example'), then: drop() }] });
    expect(define).toThrow(RuleDefinitionError);
    expect(define).toThrow(/anyRecipient\("former-\*@corp\.example"\): .*give the RegExp \/\^former-\[\^@\]\+@corp\\\.example\$\/i/);
    expect(() => defineRules({ direction: 'INBOUND', rules: [{ name: 'y', when: anyRecipient(), then: drop() }] })).toThrow(
      /anyRecipient\(\) needs at least one pattern/,
    );
  });
});
