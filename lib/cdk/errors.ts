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
