/**
 * The envelope entry cannot read messages: a rule set with a content rule would deploy and never act,
 * so syncHandler from 'workmail-rules/envelope' refuses it at definition, naming the rule and the import.
 */
import { body, bounce, defineRules, deliver, from, HandlerDefinitionError, subject, syncHandler } from '../../lib/envelope';

describe('syncHandler from the envelope entry', () => {
  test('refuses a rule set that reads the message, naming the rule and the import to use', () => {
    const rules = defineRules({
      direction: 'INBOUND',
      rules: [
        { name: 'partner', when: from('partner.example'), then: deliver() },
        { name: 'falcon-dlp', when: body('project falcon'), then: bounce() },
      ],
    });
    let error: unknown;
    try {
      syncHandler({ rules });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HandlerDefinitionError);
    expect((error as HandlerDefinitionError).code).toBe('HANDLER_DEFINITION');
    expect((error as Error).message).toContain('"falcon-dlp"');
    expect((error as Error).message).not.toContain('"partner"');
    expect((error as Error).message).toContain("Import syncHandler from 'workmail-rules'");
  });

  test('accepts an envelope-only rule set, and a content rule set with a loader of your own', () => {
    const envelopeOnly = defineRules({ direction: 'INBOUND', rules: [{ name: 'spam', when: subject('[SPAM]'), then: bounce() }] });
    expect(syncHandler({ rules: envelopeOnly }).description.readsMessage).toBe(false);
    const content = defineRules({ direction: 'INBOUND', rules: [{ name: 'dlp', when: body('x'), then: bounce() }] });
    expect(typeof syncHandler({ rules: content, loadMessage: async () => Buffer.from('') })).toBe('function');
  });
});
