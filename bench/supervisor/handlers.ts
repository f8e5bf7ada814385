/**
 * The supervisor benchmark's handlers, at the top level of a module so the supervisor's worker loads
 * them as Lambda would. Each rule set holds one `custom` predicate that never holds (so it runs in the
 * worker); `inThread` makes the same handler in the handler's thread (today's path without the
 * supervisor) for comparison. `spins` never answers in time: its predicate loops for 30 s.
 */
import { custom, defineRules, deliver, drop, recipient, syncHandler } from '../../lib';
import { makeRuleSet } from '../decide/inputs';

const never = custom('never', () => false);
const small = (extra: boolean) =>
  defineRules({
    direction: 'INBOUND',
    rules: [
      { name: 'vip', when: recipient('vip@corp.example'), then: drop() },
      ...(extra ? [{ name: 'code', when: never, then: drop() }] : []),
    ],
    otherwise: deliver(),
  });
const large = (extra: boolean) => {
  const base = makeRuleSet(200);
  return extra ? defineRules({ ...base, rules: [...base.rules, { name: 'code', when: never, then: drop() }] }) : base;
};
const metrics = { enabled: false };
const logger = { sink: () => {} };

export const RULES_1 = small(true);
export const RULES_500 = large(true);
export const worker1 = syncHandler({ rules: RULES_1, metrics, logger });
export const worker500 = syncHandler({ rules: RULES_500, metrics, logger });
/** The same rule set decided in the handler's thread: a definition made after its module loaded is not supervised. */
export const inThread = (rules: typeof RULES_1) => syncHandler({ rules, metrics, logger });
export const spins = syncHandler({
  rules: defineRules({
    direction: 'INBOUND',
    rules: [
      {
        name: 'spin',
        when: custom('spin', () => {
          const until = Date.now() + 30_000;
          while (Date.now() < until);
          return true;
        }),
        then: drop(),
      },
    ],
  }),
  metrics,
  logger,
});
