/** The condition language: one file per kind, the attachment matcher, and three-valued `holds`. */
export { from, mailFrom, sender, recipient, anyRecipient, nullSender, type AddressCondition, type NullSenderCondition } from './address';
export { subject, body, type SubjectCondition, type BodyCondition } from './subject-body';
export { header, type HeaderCondition } from './header';
export { spamVerdict, virusVerdict, authResult, type SesVerdict, type AuthMethod, type AuthResultValue } from './header';
export { attachment, type AttachmentCondition } from './attachment';
export { sizeOver, type SizeCondition } from './size-over';
export { all, any, type AllCondition, type AnyCondition } from './all-any';
export { not, type NotCondition } from './not';
export { custom, type CustomCondition, type CustomPredicate } from './custom';
export { holds } from './holds';
export type { TextMatch } from './text';
export { conditionProblems, needsMessage, describe as describeCondition, maxRank } from './analyze';
export { defineConditionKind, type ConditionKind, type Evaluation, type Goal, type Outcome } from './kind';
export { matchAttachment, type AttachmentSpec } from '../attachment-spec';
export type { AttachmentFacts as AttachmentInfo } from '../../workmail/message-content';
export { ConditionError, type Condition, type ConditionContext, type ConditionKinds, type Truth } from './types';
