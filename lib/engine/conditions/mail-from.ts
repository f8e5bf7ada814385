/** `mailFrom(...)`: the envelope's MAIL FROM address only (the null sender matches no pattern). */
import type { AddressPattern } from '../patterns';
import { addressCondition, defineAddressKind, matchAddress, type AddressCondition } from './address';

declare module './types' {
  interface ConditionKinds {
    mailFrom: AddressCondition<'mailFrom'>;
  }
}

/** `envelope.mailFrom.address` matches any pattern. */
export const mailFrom = (...patterns: AddressPattern[]): AddressCondition<'mailFrom'> => addressCondition('mailFrom', patterns);

defineAddressKind('mailFrom', (c, ev) => matchAddress(c, ev.address('mailFrom')));
