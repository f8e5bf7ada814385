/** Errors of the CDK layer. Messages name the offending key, the allowed values and what to do. */
import { WorkMailRulesError } from '../workmail/errors';

export class ConfigError extends WorkMailRulesError {
  readonly code = 'CDK_CONFIG' as const;
  override readonly name = 'ConfigError';
  /** Dotted path of the offending key, e.g. `workmail.functions.inbound.timeoutSeconds`. */
  readonly key: string;

  constructor(key: string, message: string) {
    super(`${key}: ${message}`);
    this.key = key;
  }
}

/** A handler module that fails to load or whose rule set is invalid: synth stops before deploying it. */
export class HandlerCheckError extends WorkMailRulesError {
  readonly code = 'CDK_HANDLER' as const;
  override readonly name = 'HandlerCheckError';
  /** The function (its configuration key or construct path). */
  readonly key: string;

  constructor(key: string, message: string) {
    super(`${key}: ${message}`);
    this.key = key;
  }
}
