import { LIMITS, validateResponse } from '../../lib/workmail';

const ok = (actions: unknown[]) => ({ actions });

describe('validateResponse', () => {
  test('accepts the documented examples (reference §2.3)', () => {
    expect(
      validateResponse(
        ok([
          { action: { type: 'DEFAULT' }, allRecipients: true },
          { action: { type: 'DROP' }, recipients: ['drop-recipient@example.com'] },
        ]),
        'INBOUND',
      ),
    ).toEqual([]);
    expect(
      validateResponse(
        ok([{ action: { type: 'BOUNCE', parameters: { bounceMessage: 'Email in breach of company policy.' } }, allRecipients: true }]),
        'OUTBOUND',
      ),
    ).toEqual([]);
    expect(
      validateResponse(
        ok([
          { action: { type: 'DEFAULT' }, recipients: ['new@corp.example'] },
          { action: { type: 'DEFAULT' }, allRecipients: true },
        ]),
        'INBOUND',
      ),
    ).toEqual([]);
  });

  test.each([
    ['not an object', 'nope', /expected an object/],
    ['no actions', {}, /actions: expected an array/],
    ['empty actions', ok([]), /at least one/],
    [
      '11 entries',
      ok(Array.from({ length: 11 }, (_, i) => ({ action: { type: 'DEFAULT' }, recipients: [`u${i}@x.example`] }))),
      /11 entries exceed the limit of 10/,
    ],
    ['an unknown type', ok([{ action: { type: 'QUARANTINE' }, allRecipients: true }]), /not allowed for INBOUND/],
    [
      'parameters on DROP',
      ok([{ action: { type: 'DROP', parameters: { bounceMessage: 'x' } }, allRecipients: true }]),
      /only BOUNCE takes parameters/,
    ],
    [
      'a non-string bounce message',
      ok([{ action: { type: 'BOUNCE', parameters: { bounceMessage: 5 } }, allRecipients: true }]),
      /bounceMessage: expected a string/,
    ],
    ['allRecipients as the string "true"', ok([{ action: { type: 'DEFAULT' }, allRecipients: 'true' }]), /JSON boolean/],
    ['neither recipients nor allRecipients', ok([{ action: { type: 'DEFAULT' } }]), /needs recipients or allRecipients/],
    ['recipients not an array', ok([{ action: { type: 'DEFAULT' }, recipients: 'a@b.example' }]), /recipients: expected an array/],
    ['a non-string recipient', ok([{ action: { type: 'DEFAULT' }, recipients: [3] }]), /expected an address string/],
    [
      'two allRecipients entries',
      ok([
        { action: { type: 'DEFAULT' }, allRecipients: true },
        { action: { type: 'DROP' }, allRecipients: true },
      ]),
      /2 entries set allRecipients/,
    ],
    [
      'one address in two entries, other case',
      ok([
        { action: { type: 'DEFAULT' }, recipients: ['A@x.example'] },
        { action: { type: 'DROP' }, recipients: ['a@X.example'] },
      ]),
      /already appears in actions\[0\]/,
    ],
  ])('rejects %s', (_n, response, pattern) => {
    const problems = validateResponse(response, 'INBOUND');
    expect(problems.join('\n')).toMatch(pattern);
  });

  test('allows only BOUNCE, DROP and DEFAULT outbound', () => {
    for (const type of ['MOVE_TO_JUNK', 'BYPASS_SPAM_CHECK']) {
      expect(validateResponse(ok([{ action: { type }, allRecipients: true }]), 'OUTBOUND')).toHaveLength(1);
      expect(validateResponse(ok([{ action: { type }, allRecipients: true }]), 'INBOUND')).toEqual([]);
    }
  });

  test('limits outbound responses to 500 distinct listed recipients', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `r${i}@x.example`);
    expect(
      validateResponse(
        ok([
          { action: { type: 'DROP' }, recipients: list(500) },
          { action: { type: 'DEFAULT' }, allRecipients: true },
        ]),
        'OUTBOUND',
      ),
    ).toEqual([]);
    expect(validateResponse(ok([{ action: { type: 'DROP' }, recipients: list(501) }]), 'OUTBOUND').join()).toMatch(
      /501 distinct recipients/,
    );
    expect(validateResponse(ok([{ action: { type: 'DROP' }, recipients: list(501) }]), 'INBOUND')).toEqual([]);
  });

  test('measures the size in UTF-8 bytes', () => {
    const fits = 'é'.repeat(Math.floor((LIMITS.maxResponseBytes - 200) / 2));
    expect(
      validateResponse(ok([{ action: { type: 'BOUNCE', parameters: { bounceMessage: fits } }, allRecipients: true }]), 'INBOUND'),
    ).toEqual([]);
    const over = 'é'.repeat(LIMITS.maxResponseBytes / 2);
    expect(
      validateResponse(ok([{ action: { type: 'BOUNCE', parameters: { bounceMessage: over } }, allRecipients: true }]), 'INBOUND').join(),
    ).toMatch(/bytes exceed the limit of 262144/);
  });
});
