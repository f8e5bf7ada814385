/** The condition language: builders, the attachment matcher, and three-valued `holds`. */
export { from, mailFrom, sender, recipient, subject } from './envelope';
export { header, body, attachment, sizeOver, spamVerdict, virusVerdict, authResult, matchAttachment } from './content';
export type { SesVerdict, AuthMethod, AuthResultValue, AttachmentInfo } from './content';
export { all, any, not } from './combinators';
export { custom } from './custom';
export { holds } from './holds';
export { conditionProblems, needsMessage, describe as describeCondition, maxRank } from './analyze';
export { ConditionError } from './types';
export type {
  Condition,
  ConditionContext,
  Truth,
  TextMatch,
  AttachmentSpec,
  CustomPredicate,
  AddressCondition,
  SubjectCondition,
  HeaderCondition,
  BodyCondition,
  AttachmentCondition,
  SizeCondition,
  AllCondition,
  AnyCondition,
  NotCondition,
  CustomCondition,
} from './types';
