/** `sizeOver(bytes)`: the raw MIME message is larger than `bytes`. Reads only the size. */
import { defineConditionKind, readMessage } from './kind';

export interface SizeCondition {
  kind: 'sizeOver';
  bytes: number;
}
declare module './types' {
  interface ConditionKinds {
    sizeOver: SizeCondition;
  }
}

/** The raw MIME message is larger than `bytes`. */
export const sizeOver = (bytes: number): SizeCondition => ({ kind: 'sizeOver', bytes });

defineConditionKind<SizeCondition>({
  kind: 'sizeOver',
  problems: (c) => (Number.isFinite(c.bytes) && c.bytes >= 0 ? [] : [`sizeOver(${String(c.bytes)}): expects a number of bytes ≥ 0`]),
  cost: () => 1,
  describe: (c) => `sizeOver(${c.bytes})`,
  evaluate: (c, ev) => readMessage(ev, async (m) => (await m.size()) > c.bytes),
});
