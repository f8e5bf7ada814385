/** Typed errors of the message rewriter. */
import { WorkMailRulesError } from '../../workmail/errors';

/** The message could not be edited safely; the caller delivers the original unchanged. */
export class RewriteError extends WorkMailRulesError {
  readonly code = 'REWRITE' as const;
  override readonly name = 'RewriteError';
}

/** An edit was defined with arguments that can never work (caught when the handler is built). */
export class EditDefinitionError extends WorkMailRulesError {
  readonly code = 'REWRITE_EDIT' as const;
  override readonly name = 'EditDefinitionError';
}
