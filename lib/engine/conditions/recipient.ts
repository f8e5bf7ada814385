/**
 * `recipient(...)`: the recipient being decided. Unknown while deciding the residual of a truncated
 * event (there is no recipient then). Its patterns feed the recipient index: recipients matching the
 * same recipient patterns share one decision.
 */
import type { AddressPattern } from '../patterns';
import { addressCondition, defineAddressKind, matchAddress, type AddressCondition } from './address';
import { UNKNOWN } from './kind';

declare module './types' {
  interface ConditionKinds {
    recipient: AddressCondition<'recipient'>;
  }
}

/** The recipient being decided matches any pattern. */
export const recipient = (...patterns: AddressPattern[]): AddressCondition<'recipient'> => addressCondition('recipient', patterns);

defineAddressKind('recipient', (c, ev) => (ev.ctx.recipient === undefined ? UNKNOWN : matchAddress(c, ev.address('recipient'))), {
  dependsOnRecipient: () => true,
  recipientPatterns: (c) => c.patterns,
});
