/// <reference types="node" preserve="true" />
/**
 * workmail-rules: the public entry. Handlers, rules and users' tests import from here.
 * Subpath entries: `workmail-rules/envelope` (envelope-only handlers, small bundles),
 * `workmail-rules/local` (emulators, replay), `workmail-rules/jest` (matchers), `workmail-rules/cdk`.
 */
export * from './rules-api';
// defineRules reports runaway regular expressions (the checker stays out of the envelope entry).
import './engine/runaway-check';
// Raw MIME: the MIME checks WorkMail applies to new content, and byte-preserving edits.
export { checkMime, MimeCheckError, type MimeProblem } from './message/check';
export { loadMimeLibraries, MimeLibraryNotLoadedError } from './message/libs';
export {
  tagSubject,
  setHeader,
  removeHeader,
  appendFooter,
  rewriteMessage,
  RewriteError,
  EditDefinitionError,
  type Edit,
  type RewriteResult,
} from './message/rewrite/index';
export { removeAttachments } from './runtime/remove-attachments';
// Handlers, and decide() for tests and custom handlers.
export { decide, type DecideOptions } from './runtime/decide';
export { syncHandler, asyncHandler } from './runtime/handlers';
export type { RewriteReport } from './runtime/observer';
export type { RewriteOptions } from './runtime/rewrite-step';
// Custom Availability Provider (CAP): the contract, the handler and its helpers.
export * from './availability-api';
