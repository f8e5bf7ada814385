/**
 * The names shared by the full entry (`workmail-rules`) and the envelope-only one
 * (`workmail-rules/envelope`): the WorkMail contract, actions, conditions and rule sets, and the
 * errors and option types of the handlers. Only documented names are exported; the API report
 * (api-report.md, checked by the API report test) pins the list. Constants and metric names are in `workmail-rules/constants`.
 */
export {
  EventValidationError,
  parseEvent,
  validateResponse,
  type EmailAddress,
  type FlowDirection,
  type LambdaEventData,
  type SyncResponse,
} from './workmail/index';
export {
  deliver,
  bounce,
  drop,
  junk,
  bypassSpam,
  type Action,
  type OutboundAction,
  from,
  mailFrom,
  sender,
  recipient,
  nullSender,
  subject,
  header,
  body,
  attachment,
  sizeOver,
  spamVerdict,
  virusVerdict,
  authResult,
  all,
  any,
  not,
  custom,
  ConditionError,
  type Condition,
  defineRules,
  RuleDefinitionError,
  type Rule,
  type RuleSet,
} from './engine/index';
export { DeadlineError } from './runtime/deadline';
export type { SyncHandlerOptions, DecideTools } from './runtime/sync-handler';
export type { AsyncHandlerOptions, AsyncTools } from './runtime/async-handler';
export { HandlerDefinitionError, type Handler } from './runtime/describe';
