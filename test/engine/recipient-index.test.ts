import fc from 'fast-check';
import {
  all,
  any,
  bounce,
  bypassSpam,
  defineRules,
  deliver,
  drop,
  evaluate,
  from,
  header,
  junk,
  not,
  recipient,
  subject,
  type Rule,
} from '../../lib/engine';
import { createMessageView } from '../../lib/message/view';
import { recipientIndex } from '../../lib/engine/recipient-index';
import type { Condition } from '../../lib/engine/conditions/types';
import type { LambdaEventData } from '../../lib/workmail';

const runs = Math.max(1, Math.floor(Number(process.env.FC_RUNS ?? 1000) / 10));

const domain = fc.constantFrom('corp.example', 'sub.corp.example', 'deep.sub.corp.example', 'other.example', 'CORP.example');
const local = fc.constantFrom('ceo', 'CEO', 'team1', 'alice', 'bob');
const address = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);
const pattern = fc.oneof(
  address,
  domain,
  domain.map((d) => `*.${d}`),
  fc.constant('*'),
  fc.constantFrom(/^ceo@/, /^team\d@/i, /sub\./),
);
const action = fc.constantFrom(deliver(), drop(), junk(), bypassSpam(), bounce('no'));
const leaf = fc.oneof(
  fc.array(pattern, { minLength: 1, maxLength: 3 }).map((p) => recipient(...p)),
  fc.array(pattern, { minLength: 1, maxLength: 2 }).map((p) => from(...p)),
  fc.constantFrom(subject('hello'), subject(/report/i), header('X-Flag', 'yes'), header('X-Other')),
);
const condition = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small' },
    leaf,
    tie('c').map((c) => not(c)),
    fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((cs) => all(...cs)),
    fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((cs) => any(...cs)),
  ),
})).c;

const event = (recipients: string[], subjectText: string): LambdaEventData => ({
  summaryVersion: '2019-07-28',
  subject: subjectText,
  messageId: 'm-1',
  invocationId: 'i',
  flowDirection: 'INBOUND',
  truncated: false,
  envelope: { mailFrom: { address: 'alice@other.example' }, recipients: recipients.map((a) => ({ address: a })) },
});

describe('recipient index', () => {
  test('keys an address by exactly the recipient patterns it matches', () => {
    const rs = defineRules({
      direction: 'INBOUND',
      rules: [
        { name: 'a', when: recipient('ceo@corp.example', '*.corp.example'), then: drop() },
        { name: 'b', when: not(recipient('corp.example', /^team/)), then: junk() },
      ],
    });
    const ix = recipientIndex(rs)!;
    expect(ix.matches('CEO@Corp.Example')).toEqual([0, 1, 2]);
    expect(ix.matches('x@deep.corp.example')).toEqual([1]);
    expect(ix.matches('team7@corp.example')).toEqual([1, 2, 3]);
    expect(ix.matches('x@else.example')).toEqual([]);
    expect(ix.ranges).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(ix.rulesOf([1, 2, 3])).toEqual([0, 1]);
    expect(ix.rulesOf([2])).toEqual([1]);
  });

  test('is absent when a custom condition can see the recipient', async () => {
    const { custom } = await import('../../lib/engine');
    const rs = defineRules({
      direction: 'INBOUND',
      rules: [{ name: 'c', when: custom('odd', ({ recipient: r }) => (r ?? '').length % 2 === 1), then: drop() }],
    });
    expect(recipientIndex(rs)).toBeNull();
  });

  test('shares decisions only where evaluating each recipient alone gives the same answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ when: fc.option(condition, { nil: undefined }), then: action, audit: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(address, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('hello world', 'Quarterly REPORT', 'x'),
        fc.constantFrom('first-match', 'specificity') as fc.Arbitrary<'first-match' | 'specificity'>,
        async (defs, recipients, subj, precedence) => {
          const rules = defs.map((d, i) => ({
            name: `r${i}`,
            then: d.then,
            mode: d.audit ? 'audit' : 'enforce',
            ...(d.when ? { when: d.when } : {}),
          })) as Rule<'INBOUND'>[];
          const rs = defineRules({ direction: 'INBOUND', precedence, rules });
          const together = await evaluate(rs, event(recipients, subj));
          const seen = new Set<string>();
          for (const r of together.recipients) {
            if (seen.has(r.address.toLowerCase())) continue; // a mailbox listed twice is decided as first listed
            seen.add(r.address.toLowerCase());
            const alone = await evaluate(rs, event([r.address], subj));
            expect(r).toEqual(alone.recipients[0]);
          }
        },
      ),
      { numRuns: runs },
    );
  });

  test("skipping rules known not to hold gives the plain walk's decisions and reads the message no more often", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ when: fc.option(condition, { nil: undefined }), then: action, audit: fc.boolean() }), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.array(address, { minLength: 1, maxLength: 15 }),
        fc.constantFrom('hello world', 'Quarterly REPORT', 'x'),
        fc.constantFrom('X-Flag: yes\r\n', 'X-Other: 1\r\n', ''),
        async (defs, recipients, subj, extra) => {
          const rules = defs.map((d, i) => ({
            name: `r${i}`,
            then: d.then,
            mode: d.audit ? 'audit' : 'enforce',
            ...(d.when ? { when: d.when } : {}),
          })) as Rule<'INBOUND'>[];
          const rs = defineRules({ direction: 'INBOUND', rules });
          const raw = Buffer.from(`Subject: x\r\n${extra}\r\nbody\r\n`);
          const loads = { fast: 0, plain: 0 };
          const fast = await evaluate(rs, event(recipients, subj), { message: createMessageView(async () => (loads.fast++, raw)) });
          // explain: true walks every rule for every distinct recipient: the plain reference.
          const plain = await evaluate(rs, event(recipients, subj), {
            explain: true,
            message: createMessageView(async () => (loads.plain++, raw)),
          });
          expect(fast.recipients).toEqual(plain.recipients);
          expect(loads.fast).toBeLessThanOrEqual(loads.plain);
        },
      ),
      { numRuns: runs },
    );
  });
});
