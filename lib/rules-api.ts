/**
 * The names shared by the full entry (`workmail-rules`) and the envelope-only one
 * (`workmail-rules/envelope`): the WorkMail contract, actions, conditions, rule sets and planning.
 * Only documented names are exported; the API report (README "Public API") pins the list.
 */
export {
  LIMITS, EventValidationError, parseEvent, parseEventWithDeviations, validateResponse, type ParsedEvent,
  type ActionType, type EmailAddress, type FlowDirection, type InboundActionType, type LambdaEventData,
  type OutboundActionType, type ParseEventOptions, type SyncAction, type SyncResponse, type ValidationIssue,
} from './workmail/index';
export {
  deliver, bounce, drop, junk, bypassSpam, type Action, type OutboundAction,
  from, mailFrom, sender, recipient, nullSender, subject, header, body, attachment, sizeOver, spamVerdict, virusVerdict, authResult,
  all, any, not, custom, ConditionError,
  type Condition, type Truth, type TextMatch, type AttachmentSpec, type CustomPredicate,
  type SesVerdict, type AuthMethod, type AuthResultValue, type AttachmentInfo,
  defineRules, RuleDefinitionError,
  type Rule, type RuleSet, type RuleSetDefinition, type ActionFor, type Precedence, type RuleMode, type RuleProblem,
  type AddressPattern,
  type Decision, type RecipientDecision, type RuleOutcome, type TraceEntry,
  planResponse, expandResponse, PlanError, type PlanOptions, type Expanded,
} from './engine/index';
export { DeadlineError } from './runtime/deadline';
export type { Logger, LogSink } from './runtime/log';
export type { SyncHandler, SyncHandlerOptions, DecideTools } from './runtime/sync-handler';
export type { AsyncHandlerOptions, AsyncTools } from './runtime/async-handler';
export { HandlerDefinitionError, type HandlerDescription, type Described } from './runtime/describe';
