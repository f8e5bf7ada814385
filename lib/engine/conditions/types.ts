/** Conditions are plain data; each kind's file adds its shape to `ConditionKinds` and registers its description (`./kind.ts`). */
import type { LambdaEventData } from '../../workmail/types';
import { WorkMailRulesError } from '../../workmail/errors';
import type { MessageContent } from '../../workmail/message-content';

/** Three-valued truth: `undefined` is *unknown* (the condition could not be evaluated). */
export type Truth = boolean | undefined;

/** What a condition is evaluated against: the event, the recipient being decided, the message view. */
export interface ConditionContext {
  event: LambdaEventData;
  /** Absent while deciding the residual of a truncated event: recipient conditions are unknown. */
  recipient?: string;
  /** Absent when the message cannot be read: content conditions are unknown. */
  message?: MessageContent;
}

/** Every condition kind by name: each kind's file adds its shape with `declare module './types'`. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging, one kind per file
export interface ConditionKinds {}

/** Any condition, of any kind. */
export type Condition = ConditionKinds[keyof ConditionKinds];

/** A condition that cannot be evaluated because it was built wrong (e.g. `from('a b')`). */
export class ConditionError extends WorkMailRulesError {
  readonly code = 'INVALID_CONDITION' as const;
  override readonly name = 'ConditionError';
  constructor(readonly problems: string[]) {
    super(`Invalid condition: ${problems.join('; ')}. Fix the condition where it is built.`);
  }
}
