/** Typed errors of the message rewriter. */

/** The message could not be edited safely; the caller delivers the original unchanged. */
export class RewriteError extends Error {
  readonly code = 'REWRITE' as const;
  constructor(message: string) {
    super(message);
    this.name = 'RewriteError';
  }
}

/** An edit was defined with arguments that can never work (caught when the handler is built). */
export class EditDefinitionError extends Error {
  readonly code = 'REWRITE_EDIT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'EditDefinitionError';
  }
}
