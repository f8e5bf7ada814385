/**
 * Conditions are plain data: builder functions return these objects and the engine evaluates them.
 * Nothing here does I/O; content conditions read the message through `MessageContent`.
 */
import type { LambdaEventData } from '../../workmail/types';
import type { MessageContent } from '../decision';
import type { CompiledPattern } from '../patterns';

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

/** How a text argument matches: a string is a case-insensitive substring, a RegExp is tested. */
export type TextMatch =
  | { kind: 'substring'; text: string }
  | { kind: 'exact'; text: string }
  | { kind: 'regexp'; regexp: RegExp }
  | { kind: 'invalid'; problem: string };

export type AddressField = 'from' | 'mailFrom' | 'sender' | 'recipient';

export interface AddressCondition { kind: AddressField; patterns: CompiledPattern[] }
export interface SubjectCondition { kind: 'subject'; match: TextMatch }
export interface HeaderCondition {
  kind: 'header';
  name: string;
  /** Absent: the header only has to exist. */
  match?: TextMatch;
  /** How to show it, for the conveniences built on it (`spamVerdict('FAIL')`). */
  label?: string;
}
export interface BodyCondition { kind: 'body'; match: TextMatch }

/** Which attachments an attachment condition (or `removeAttachments`) selects: all given fields must match. */
export type { AttachmentSpec } from '../../workmail/attachment-spec';
import type { AttachmentSpec } from '../../workmail/attachment-spec';
export interface AttachmentCondition { kind: 'attachment'; spec: AttachmentSpec }
export interface SizeCondition { kind: 'sizeOver'; bytes: number }
export interface AllCondition { kind: 'all'; conditions: Condition[] }
export interface AnyCondition { kind: 'any'; conditions: Condition[] }
export interface NotCondition { kind: 'not'; condition: Condition }

/** A user predicate. Return `undefined` for "cannot tell". */
export type CustomPredicate = (ctx: ConditionContext) => Truth | Promise<Truth>;
export interface CustomCondition {
  kind: 'custom';
  name: string;
  fn: CustomPredicate;
  /** 'message': needs the raw message; without one the condition is unknown and `fn` is not called. */
  needs: 'envelope' | 'message';
}

export type Condition =
  | AddressCondition
  | SubjectCondition
  | HeaderCondition
  | BodyCondition
  | AttachmentCondition
  | SizeCondition
  | AllCondition
  | AnyCondition
  | NotCondition
  | CustomCondition;

/** A condition that cannot be evaluated because it was built wrong (e.g. `from('a b')`). */
export class ConditionError extends Error {
  readonly code = 'INVALID_CONDITION';
  constructor(readonly problems: string[]) {
    super(`Invalid condition: ${problems.join('; ')}. Fix the condition where it is built.`);
    this.name = 'ConditionError';
  }
}
