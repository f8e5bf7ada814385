/**
 * `from(...)`: WorkMail's sender matching: the on-behalf `sender` address is matched first, then
 * `envelope.mailFrom` when there is no sender or it matches no pattern. The null sender (an empty
 * `mailFrom`, as on bounces) matches no pattern.
 */
import type { AddressPattern } from '../patterns';
import { addressCondition, defineAddressKind, matchAddress, type AddressCondition } from './address';

declare module './types' {
  interface ConditionKinds {
    from: AddressCondition<'from'>;
  }
}

/** The `sender` (if present and matching) or else `envelope.mailFrom` matches any pattern. */
export const from = (...patterns: AddressPattern[]): AddressCondition<'from'> => addressCondition('from', patterns);

defineAddressKind('from', (c, ev) => {
  const bySender = matchAddress(c, ev.address('sender'));
  return bySender.value ? bySender : matchAddress(c, ev.address('mailFrom'));
});
