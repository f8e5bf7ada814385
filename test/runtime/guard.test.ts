/**
 * What the deadline guard covers: guardRegExps finds a rule set's RegExps and predicates (through data
 * properties only), a rule set with neither decides without a guarded call, and one with a predicate
 * that never returns still answers with the fallback at the deadline.
 */
import { deliver, drop } from '../../lib/engine/actions';
import { custom, from, recipient, subject } from '../../lib/engine/conditions';
import { defineRules } from '../../lib/engine/rules';
import { createLocalContext } from '../../lib/local/context';
import { guardRegExps } from '../../lib/runtime/guard';
import { syncHandler } from '../../lib/runtime/handlers';
import { validateResponse } from '../../lib/workmail/validate-response';
import { busy } from './busy';

const inbound = (when: Parameters<typeof defineRules>[0]['rules'][number]['when']) =>
  defineRules({ direction: 'INBOUND', rules: [{ name: 'r', when, then: drop() }], otherwise: deliver() });

const EVENT = {
  summaryVersion: '2019-07-28',
  envelope: { mailFrom: { address: 'a@bad.example' }, recipients: [{ address: 'b@corp.example' }] },
  subject: 'hello',
  messageId: '00000000-0000-4000-8000-000000000001',
  invocationId: '00000000000000000000000000000001',
  flowDirection: 'INBOUND',
  truncated: false,
};

describe('guardRegExps', () => {
  test('address patterns and plain text hold nothing that can run for long', () => {
    expect(guardRegExps(inbound(from('*.bad.example')))).toBe(false);
    expect(guardRegExps(inbound(subject('invoice')))).toBe(false);
    expect(guardRegExps(undefined)).toBe(false);
  });

  test('a RegExp can, and its exec now obeys the deadline', () => {
    expect(guardRegExps(inbound(subject(/^(a+)+$/)))).toBe(true);
    const re = /^(a+)+$/;
    expect(guardRegExps({ when: { kind: 'subject', pattern: re } })).toBe(true);
    expect(re.exec).not.toBe(RegExp.prototype.exec);
    expect(re.exec('aaa')?.[0]).toBe('aaa');
  });

  test('a custom predicate can', () => {
    expect(guardRegExps(inbound(custom('p', () => true)))).toBe(true);
  });

  test('accessors are not read', () => {
    const root = { rules: [] as unknown[] };
    Object.defineProperty(root, 'source', {
      enumerable: true,
      get() {
        throw new Error('read');
      },
    });
    expect(() => guardRegExps(root)).not.toThrow();
  });
});

describe('deciding at the deadline', () => {
  const invoke = async (handler: ReturnType<typeof syncHandler>) => {
    let reason: string | undefined;
    const context = createLocalContext({ budgetMs: 400, observer: { log: () => {}, response: (_r, why) => (reason = why) } });
    const response = await handler(structuredClone(EVENT), context);
    expect(validateResponse(response, 'INBOUND')).toEqual([]);
    return { response, reason };
  };

  test('a rule set without RegExps or predicates decides as usual', async () => {
    const { response, reason } = await invoke(syncHandler({ rules: inbound(from('*.bad.example')), deadlineMs: 100 }));
    expect(reason).toBeUndefined();
    expect(response.actions[0]!.action.type).toBe('DROP');
  });

  test('a predicate that never returns is stopped: the fallback, for the deadline', async () => {
    let finished = false;
    const spin = custom('spin', () => {
      busy(5_000);
      finished = true;
      return true;
    });
    const { response, reason } = await invoke(syncHandler({ rules: inbound(recipient('b@corp.example')), deadlineMs: 100 }));
    expect(reason).toBeUndefined();
    expect(response.actions[0]!.action.type).toBe('DROP');
    const stuck = await invoke(syncHandler({ rules: inbound(spin), deadlineMs: 100 }));
    expect(stuck.reason).toBe('DEADLINE');
    expect(stuck.response).toEqual({ actions: [{ action: { type: 'DEFAULT' }, allRecipients: true }] });
    expect(finished).toBe(false);
  });

  test('a decide function that never returns is stopped too', async () => {
    let finished = false;
    const { reason } = await invoke(
      syncHandler({
        direction: 'INBOUND',
        decide: () => {
          busy(5_000);
          finished = true;
          throw new Error('not stopped at the deadline');
        },
        deadlineMs: 100,
      }),
    );
    expect(reason).toBe('DEADLINE');
    expect(finished).toBe(false);
  });
});
