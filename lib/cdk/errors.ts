/** Errors of the CDK layer. Messages name the offending key, the allowed values and what to do. */
export class ConfigError extends Error {
  readonly code = 'CDK_CONFIG' as const;
  /** Dotted path of the offending key, e.g. `workmail.functions.inbound.timeoutSeconds`. */
  readonly key: string;

  constructor(key: string, message: string) {
    super(`${key}: ${message}`);
    this.name = 'ConfigError';
    this.key = key;
  }
}

/** A handler module that fails to load or whose rule set is invalid: synth stops before deploying it. */
export class HandlerCheckError extends Error {
  readonly code = 'CDK_HANDLER' as const;
  /** The function (its configuration key or construct path). */
  readonly key: string;

  constructor(key: string, message: string) {
    super(`${key}: ${message}`);
    this.name = 'HandlerCheckError';
    this.key = key;
  }
}
