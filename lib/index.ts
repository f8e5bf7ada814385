/**
 * workmail-rules: the public entry. Handlers, rules and users' tests import from here.
 * The CDK side is `lib/cdk/index.ts`; local replay and jest helpers are `lib/local/index.ts`.
 */
// The WorkMail contract.
export * from './workmail/index';
// Actions, conditions, patterns, rule sets, evaluation, response planning.
export * from './engine/index';
// Raw MIME: the parsed view, the MIME checks, byte-preserving edits.
export { createMessageView } from './message/view';
export { checkMime, MimeCheckError, IMMUTABLE_HEADERS, UNIQUE_HEADERS, type MimeProblem } from './message/check';
export {
  tagSubject, setHeader, removeHeader, appendFooter, removeAttachments, rewriteMessage, RewriteError, EditDefinitionError,
  PROTECTED_HEADERS, isProtectedHeader,
  type Edit, type RewriteResult,
} from './message/rewrite/index';
// Handlers.
export { syncHandler, asyncHandler } from './runtime/handlers';
export type { SyncHandler, SyncHandlerOptions, DecideTools } from './runtime/sync-handler';
export type { AsyncHandlerOptions, AsyncTools } from './runtime/async-handler';
export { decide, type DecideOptions } from './runtime/decide';
export { createLogger, type Logger, type LogSink } from './runtime/log';
export { DeadlineError } from './runtime/deadline';
export type { RewriteReport } from './runtime/observer';
export type { RewriteOptions } from './runtime/rewrite-step';
