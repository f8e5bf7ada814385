/// <reference types="node" preserve="true" />
/**
 * workmail-rules: the email-flow API. Handlers, rules and users' tests import from here: the
 * WorkMail contract, actions, conditions, rule sets, message edits and the handlers.
 * Subpath entries: `workmail-rules/envelope` (envelope-only handlers, small bundles),
 * `workmail-rules/availability` (Custom Availability Provider), `workmail-rules/constants` (limits,
 * metric names), `workmail-rules/local` (emulators, replay), `workmail-rules/jest` (matchers),
 * `workmail-rules/cdk`.
 */
export * from './rules-api';
export { anyRecipient } from './engine/conditions/address';
// defineRules reports runaway regular expressions (the checker stays out of the envelope entry).
import './engine/runaway-check';
// Glob habits in text, attachment names and address patterns: warnings and fixes (also kept out of envelope).
import './engine/habits-check';
// Raw MIME: the MIME checks WorkMail applies to new content, and byte-preserving edits.
export { checkMime } from './message/check';
export { loadMimeLibraries } from './message/libs';
export {
  tagSubject,
  setHeader,
  removeHeader,
  appendFooter,
  rewriteMessage,
  RewriteError,
  EditDefinitionError,
  type Edit,
} from './message/rewrite/index';
export { removeAttachments } from './runtime/remove-attachments';
// Handlers, and decide() for tests and custom handlers.
export { decide } from './runtime/decide';
export type { Decision } from './engine/index';
export { syncHandler, asyncHandler } from './runtime/handlers';
