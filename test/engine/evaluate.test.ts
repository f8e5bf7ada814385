/** evaluate(): first-match, audit, specificity, residual, copies, notes, trace. */
import { bounce, bypassSpam, deliver, drop, junk } from '../../lib/engine/actions';
import { all, any, body, custom, from, header, not, recipient, subject } from '../../lib/engine/conditions';
import type { MessageContent } from '../../lib/workmail/message-content';
import { evaluate } from '../../lib/engine/evaluate';
import { defineRules, type Rule } from '../../lib/engine/rules';
import type { FlowDirection, LambdaEventData } from '../../lib/workmail/types';

function event(from: string, to: string[], patch: Partial<LambdaEventData> = {}): LambdaEventData {
  return {
    summaryVersion: '2018-10-10',
    envelope: { mailFrom: { address: from }, recipients: to.map((address) => ({ address })) },
    subject: 'Quarterly invoice',
    messageId: 'm-1',
    invocationId: 'i-1',
    flowDirection: 'INBOUND',
    truncated: false,
    ...patch,
  };
}

/** An in-memory message view over fixed headers/text, counting reads. */
function memoryMessage(headers: Record<string, string>, text = ''): MessageContent & { reads: number } {
  const m = {
    reads: 0,
    size: async () => (m.reads++, 100),
    headers: async () => (m.reads++, Object.entries(headers).map(([name, value]) => ({ name, value }))),
    text: async () => (m.reads++, text),
    attachments: async () => (m.reads++, []),
  };
  return m;
}

const inbound = (rules: Rule<'INBOUND'>[], extra: { precedence?: 'first-match' | 'specificity' } = {}) =>
  defineRules({ direction: 'INBOUND', rules, ...extra });
const summary = (d: Awaited<ReturnType<typeof evaluate>>) =>
  Object.fromEntries(d.recipients.map((r) => [r.address, `${r.action.type}${r.rule ? `:${r.rule}` : ''}`]));

describe('first-match', () => {
  const rs = inbound([
    { name: 'watch', when: subject('invoice'), then: junk(), mode: 'audit' },
    { name: 'block', when: from('*.bad.example'), then: bounce('Blocked.') },
    { name: 'ceo', when: recipient('ceo@corp.example'), then: drop() },
    { name: 'partner', when: from('partner.example'), then: bypassSpam() },
  ]);

  test('each recipient on its own; the first holding enforce rule decides; otherwise for the rest', async () => {
    const d = await evaluate(rs, event('x@partner.example', ['ceo@corp.example', 'bob@corp.example']));
    expect(summary(d)).toEqual({ 'ceo@corp.example': 'DROP:ceo', 'bob@corp.example': 'BYPASS_SPAM_CHECK:partner' });
    const none = await evaluate(rs, event('x@else.example', ['bob@corp.example']));
    expect(none.recipients).toEqual([
      { address: 'bob@corp.example', action: { type: 'DEFAULT' }, audits: [{ rule: 'watch', wouldBe: { type: 'MOVE_TO_JUNK' } }] },
    ]);
  });

  test('audit rules record what they would do and never decide; audits after the decision are not reached', async () => {
    const d = await evaluate(
      inbound([
        { name: 'a1', when: from('*'), then: drop(), mode: 'audit' },
        { name: 'block', when: from('bad.example'), then: bounce() },
        { name: 'a2', when: from('*'), then: junk(), mode: 'audit' },
      ]),
      event('x@bad.example', ['bob@corp.example']),
      { explain: true },
    );
    expect(d.recipients[0]).toEqual({
      address: 'bob@corp.example',
      action: { type: 'BOUNCE' },
      rule: 'block',
      audits: [{ rule: 'a1', wouldBe: { type: 'DROP' } }],
    });
    expect(d.trace!['bob@corp.example']).toEqual([
      { rule: 'a1', outcome: 'match', mode: 'audit' },
      { rule: 'block', outcome: 'match', mode: 'enforce' },
      { rule: 'a2', outcome: 'skipped', mode: 'audit' },
    ]);
  });

  test('a rule whose condition is unknown does not decide (no message: content conditions are unknown)', async () => {
    const d = await evaluate(
      inbound([
        { name: 'spam', when: header('X-SES-Spam-Verdict', 'FAIL'), then: junk() },
        { name: 'not-spam', when: not(header('X-SES-Spam-Verdict', 'FAIL')), then: bypassSpam() },
      ]),
      event('a@b.example', ['bob@corp.example']),
      { explain: true },
    );
    expect(summary(d)).toEqual({ 'bob@corp.example': 'DEFAULT' });
    expect(d.trace!['bob@corp.example']!.map((t) => t.outcome)).toEqual(['unknown', 'unknown']);
    expect(d.notes).toEqual(['no message content available: content conditions are unknown']);
  });

  test('the decided actions are copies: changing them does not change the rule set', async () => {
    const d = await evaluate(rs, event('x@bad.example', ['bob@corp.example']));
    d.recipients[0]!.action.parameters!.bounceMessage = 'changed';
    const again = await evaluate(rs, event('x@bad.example', ['bob@corp.example']));
    expect(again.recipients[0]!.action).toEqual({ type: 'BOUNCE', parameters: { bounceMessage: 'Blocked.' } });
  });
});

describe('specificity (WorkMail console precedence)', () => {
  const spec = (rules: Rule<'INBOUND'>[]) => inbound(rules, { precedence: 'specificity' });

  test('an address beats a domain, whatever the order', async () => {
    const rs = spec([
      { name: 'domain-drop', when: from('corp-partner.example'), then: drop() },
      { name: 'vip', when: from('vip@corp-partner.example'), then: deliver() },
    ]);
    const d = await evaluate(rs, event('VIP@corp-partner.example', ['a@corp.example']));
    expect(summary(d)).toEqual({ 'a@corp.example': 'DEFAULT:vip' });
  });

  test('exact domain > *.domain (deeper first) > * > no pattern', async () => {
    const rules: Rule<'INBOUND'>[] = [
      { name: 'none', when: subject('invoice'), then: drop() },
      { name: 'star', when: from('*'), then: drop() },
      { name: 'wide', when: from('*.example'), then: drop() },
      { name: 'deep', when: from('*.mail.bad.example'), then: junk() },
      { name: 'exact', when: from('mail.bad.example'), then: bypassSpam() },
    ];
    const rule = async (rs: ReturnType<typeof spec>) =>
      (await evaluate(rs, event('x@mail.bad.example', ['a@corp.example']))).recipients[0]!.rule;
    expect(await rule(spec(rules))).toBe('exact');
    expect(await rule(spec(rules.filter((r) => r.name !== 'exact')))).toBe('deep');
    expect(await rule(spec(rules.filter((r) => !['exact', 'deep'].includes(r.name))))).toBe('wide');
    expect(await rule(spec(rules.filter((r) => ['star', 'none'].includes(r.name))))).toBe('star');
    expect(await rule(spec(rules.filter((r) => r.name === 'none')))).toBe('none');
  });

  test('ties go to the most restrictive action, then to rule order', async () => {
    const order = ['BYPASS_SPAM_CHECK', 'DEFAULT', 'MOVE_TO_JUNK', 'BOUNCE', 'DROP'] as const;
    const make = { BYPASS_SPAM_CHECK: bypassSpam, DEFAULT: deliver, MOVE_TO_JUNK: junk, BOUNCE: () => bounce(), DROP: drop };
    for (let i = 1; i < order.length; i++) {
      const rs = spec(order.slice(0, i + 1).map((t) => ({ name: t, when: from('bad.example'), then: make[t]() })));
      const d = await evaluate(rs, event('x@bad.example', ['a@corp.example']));
      expect(d.recipients[0]!.action.type).toBe(order[i]);
    }
    const same = spec([
      { name: 'first', when: from('bad.example'), then: bounce('1') },
      { name: 'second', when: from('bad.example'), then: bounce('2') },
    ]);
    expect((await evaluate(same, event('x@bad.example', ['a@corp.example']))).recipients[0]!.rule).toBe('first');
  });

  test('outbound ties: DROP > BOUNCE > DEFAULT', async () => {
    const rs = defineRules({
      direction: 'OUTBOUND',
      precedence: 'specificity',
      rules: [
        { name: 'd', when: recipient('rival.example'), then: deliver() },
        { name: 'b', when: recipient('rival.example'), then: bounce() },
        { name: 'x', when: recipient('rival.example'), then: drop() },
      ],
    });
    const d = await evaluate(rs, event('a@corp.example', ['z@rival.example'], { flowDirection: 'OUTBOUND' }));
    expect(d.recipients[0]!.rule).toBe('x');
  });

  test('the matched pattern counts, not the best pattern written: any() of an address and a domain', async () => {
    const rs = spec([
      { name: 'multi', when: from('ceo@corp.example', 'other.example'), then: deliver() },
      { name: 'domain', when: from('*.other.example'), then: drop() },
    ]);
    // x@other.example matches "other.example" (exact domain) in multi, and "*.other.example" in domain.
    expect((await evaluate(rs, event('x@other.example', ['a@corp.example']))).recipients[0]!.rule).toBe('multi');
    expect((await evaluate(rs, event('x@sub.other.example', ['a@corp.example']))).recipients[0]!.rule).toBe('domain');
  });

  test('content rules that cannot beat the best envelope rule are skipped and the message is not read', async () => {
    const rs = spec([
      { name: 'content', when: all(from('*.example'), body('secret')), then: drop() },
      { name: 'address', when: from('boss@corp.example'), then: deliver() },
    ]);
    const message = memoryMessage({}, 'a secret');
    const d = await evaluate(rs, event('boss@corp.example', ['a@corp.example']), { message, explain: true });
    expect(d.recipients[0]!.rule).toBe('address');
    expect(message.reads).toBe(0);
    expect(d.trace!['a@corp.example']).toEqual([
      { rule: 'content', outcome: 'skipped', mode: 'enforce' },
      { rule: 'address', outcome: 'match', mode: 'enforce' },
    ]);
    // When it can win, it is evaluated.
    const d2 = await evaluate(rs, event('x@partner.example', ['a@corp.example']), { message });
    expect(d2.recipients[0]!.rule).toBe('content');
    expect(message.reads).toBe(1);
  });
});

describe('truncated events: residual', () => {
  const rs = inbound([
    { name: 'ceo', when: recipient('ceo@corp.example'), then: drop() },
    { name: 'not-ceo', when: not(recipient('ceo@corp.example')), then: junk() },
    { name: 'bad', when: from('bad.example'), then: bounce('no') },
  ]);

  test('recipient conditions are unknown for the residual: those rules do not decide it', async () => {
    const d = await evaluate(rs, event('x@bad.example', ['ceo@corp.example', 'bob@corp.example'], { truncated: true }), { explain: true });
    expect(summary(d)).toEqual({ 'ceo@corp.example': 'DROP:ceo', 'bob@corp.example': 'MOVE_TO_JUNK:not-ceo' });
    expect(d.residual).toEqual({ type: 'BOUNCE', parameters: { bounceMessage: 'no' } });
    expect(d.residualRule).toBe('bad');
    expect(d.trace!['*']!.map((t) => t.outcome)).toEqual(['unknown', 'unknown', 'match']);
  });

  test('residual from otherwise has no rule; not truncated: no residual', async () => {
    const d = await evaluate(rs, event('x@ok.example', ['bob@corp.example'], { truncated: true }));
    expect(d.residual).toEqual({ type: 'DEFAULT' });
    expect(d).not.toHaveProperty('residualRule');
    expect(await evaluate(rs, event('x@ok.example', ['bob@corp.example']))).not.toHaveProperty('residual');
  });
});

describe('copyTo', () => {
  const rs = defineRules({
    direction: 'INBOUND',
    organizationDomains: ['corp.example'],
    rules: [
      { name: 'ceo', when: recipient('ceo@corp.example'), then: deliver(), copyTo: ['legal@corp.example', 'Audit@Corp.Example'] },
      { name: 'cfo', when: recipient('cfo@corp.example'), then: deliver(), copyTo: ['audit@corp.example', 'LEGAL@corp.example'] },
      { name: 'never', when: recipient('nobody@corp.example'), then: deliver(), copyTo: ['hidden@corp.example'] },
      { name: 'bad', when: from('bad.example'), then: drop(), copyTo: ['security@corp.example'] },
    ],
  });

  test('copies are added once (case-insensitive) when their rule decides for some recipient', async () => {
    const d = await evaluate(rs, event('x@ok.example', ['ceo@corp.example', 'cfo@corp.example', 'bob@corp.example']));
    expect(d.copies).toEqual(['legal@corp.example', 'Audit@Corp.Example']);
  });

  test('no copies when the rule decides for nobody; a copy already among the recipients is not added again', async () => {
    expect(await evaluate(rs, event('x@ok.example', ['bob@corp.example']))).not.toHaveProperty('copies');
    const d = await evaluate(rs, event('x@ok.example', ['ceo@corp.example', 'Legal@corp.example']));
    expect(d.copies).toEqual(['Audit@Corp.Example']);
    expect(d.notes).toEqual(['copy to legal@corp.example (rule "ceo") not added: it is already a recipient']);
  });

  test('a rule that decides only the residual adds its copies too', async () => {
    const d = await evaluate(
      defineRules({
        direction: 'INBOUND',
        organizationDomains: ['corp.example'],
        rules: [
          {
            name: 'bad',
            when: all(from('bad.example'), not(recipient('bob@corp.example'))),
            then: drop(),
            copyTo: ['security@corp.example'],
          },
        ],
      }),
      event('x@bad.example', ['bob@corp.example'], { truncated: true }),
    );
    expect(d.copies).toBeUndefined(); // the residual is unknown for a recipient condition
    const d2 = await evaluate(rs, event('x@bad.example', [], { truncated: true }));
    expect(d2.residualRule).toBe('bad');
    expect(d2.copies).toEqual(['security@corp.example']);
  });
});

describe('notes and failures', () => {
  test('a message that cannot be read: content conditions unknown, one note, evaluation goes on', async () => {
    const failing: MessageContent = {
      size: () => Promise.reject(new Error('x')),
      headers: () => Promise.reject(Object.assign(new Error('Message not found'), { name: 'ResourceNotFoundException' })),
      text: () => Promise.reject(new Error('x')),
      attachments: () => Promise.reject(new Error('x')),
    };
    const rs = inbound([
      { name: 'h', when: header('X-SES-Spam-Verdict', 'FAIL'), then: junk() },
      { name: 'p', when: from('partner.example'), then: bypassSpam() },
    ]);
    const d = await evaluate(rs, event('a@partner.example', ['a@corp.example', 'b@corp.example']), { message: failing });
    expect(summary(d)).toEqual({ 'a@corp.example': 'BYPASS_SPAM_CHECK:p', 'b@corp.example': 'BYPASS_SPAM_CHECK:p' });
    expect(d.notes).toEqual([
      'message content could not be read (ResourceNotFoundException: Message not found): content conditions are unknown',
    ]);
  });

  test('a custom predicate that throws is unknown and noted, never an exception', async () => {
    const rs = inbound([
      {
        name: 'c',
        when: custom('buggy', () => {
          throw new TypeError('oops');
        }),
        then: drop(),
      },
    ]);
    const d = await evaluate(rs, event('a@b.example', ['a@corp.example']));
    expect(summary(d)).toEqual({ 'a@corp.example': 'DEFAULT' });
    expect(d.notes).toEqual(['custom condition "buggy" threw TypeError: treated as unknown']);
  });

  test('a custom predicate sees the recipient being decided', async () => {
    const seen: (string | undefined)[] = [];
    const rs = inbound([{ name: 'c', when: custom('spy', ({ recipient: r }) => (seen.push(r), r?.startsWith('a'))), then: drop() }]);
    const d = await evaluate(rs, event('x@b.example', ['a@corp.example', 'b@corp.example'], { truncated: true }));
    expect(seen).toEqual(['a@corp.example', 'b@corp.example', undefined]);
    expect(summary(d)).toEqual({ 'a@corp.example': 'DROP:c', 'b@corp.example': 'DEFAULT' });
    expect(d.residual).toEqual({ type: 'DEFAULT' });
  });
});

describe('explain', () => {
  test('a trace per recipient (lower-cased) with each rule outcome; none without explain', async () => {
    const rs = inbound([
      { name: 'no', when: from('other.example'), then: drop() },
      { name: 'unk', when: any(body('x'), from('nope.example')), then: drop() },
      { name: 'yes', when: recipient('*.corp.example'), then: junk() },
      { name: 'after', then: drop() },
    ]);
    const d = await evaluate(rs, event('a@b.example', ['Bob@Corp.Example']), { explain: true });
    expect(d.trace).toEqual({
      'bob@corp.example': [
        { rule: 'no', outcome: 'no-match', mode: 'enforce' },
        { rule: 'unk', outcome: 'unknown', mode: 'enforce' },
        { rule: 'yes', outcome: 'match', mode: 'enforce' },
        { rule: 'after', outcome: 'skipped', mode: 'enforce' },
      ],
    });
    expect(await evaluate(rs, event('a@b.example', ['bob@corp.example']))).not.toHaveProperty('trace');
  });
});

test("direction is the rule set's: the same engine serves outbound rule sets", async () => {
  const dir: FlowDirection = 'OUTBOUND';
  const rs = defineRules({ direction: dir, rules: [{ name: 'rival', when: recipient('*.rival.example'), then: bounce('Blocked') }] });
  const d = await evaluate(rs, event('a@corp.example', ['x@eu.rival.example', 'y@ok.example'], { flowDirection: 'OUTBOUND' }));
  expect(summary(d)).toEqual({ 'x@eu.rival.example': 'BOUNCE:rival', 'y@ok.example': 'DEFAULT' });
});

test('one decision per mailbox: the same address listed twice in different case gets the same action', async () => {
  const rs = inbound([{ name: 'upper', when: recipient(/^BOB@/), then: drop() }]);
  const d = await evaluate(rs, event('x@a.example', ['BOB@corp.example', 'bob@corp.example', 'alice@corp.example']));
  expect(summary(d)).toEqual({ 'BOB@corp.example': 'DROP:upper', 'bob@corp.example': 'DROP:upper', 'alice@corp.example': 'DEFAULT' });
});
