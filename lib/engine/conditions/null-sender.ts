/**
 * `nullSender()`: the envelope has the null reverse-path (`MAIL FROM:<>`, RFC 5321 §4.5.5), which
 * bounces, delivery reports and auto-replies carry: `envelope.mailFrom.address` is empty. No address
 * pattern matches the null sender, not even `*`; this is the way to test for it.
 */
import { defineConditionKind, outcome } from './kind';

export interface NullSenderCondition {
  kind: 'nullSender';
}
declare module './types' {
  interface ConditionKinds {
    nullSender: NullSenderCondition;
  }
}

/** The message has the null sender (an empty MAIL FROM: a bounce or delivery report). */
export const nullSender = (): NullSenderCondition => ({ kind: 'nullSender' });

defineConditionKind<NullSenderCondition>({
  kind: 'nullSender',
  describe: () => 'nullSender()',
  evaluate: (_c, ev) => outcome(ev.ctx.event.envelope.mailFrom.address.trim() === ''),
});
