/** `sender(...)`: the on-behalf `sender` address; false when the event has none. */
import type { AddressPattern } from '../patterns';
import { addressCondition, defineAddressKind, matchAddress, type AddressCondition } from './address';

declare module './types' {
  interface ConditionKinds {
    sender: AddressCondition<'sender'>;
  }
}

/** The on-behalf `sender.address` is present and matches any pattern. */
export const sender = (...patterns: AddressPattern[]): AddressCondition<'sender'> => addressCondition('sender', patterns);

defineAddressKind('sender', (c, ev) => matchAddress(c, ev.address('sender')));
