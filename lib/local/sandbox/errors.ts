/** Errors of the local mail sandbox (`workmail-rules serve`): a stable code, a message saying what to do. */
import { WorkMailRulesError } from '../../workmail/errors';

export type SandboxErrorCode = 'SANDBOX_CONFIG' | 'SANDBOX_USAGE' | 'SANDBOX_LISTEN';

export class SandboxError extends WorkMailRulesError {
  override readonly name = 'SandboxError';
  constructor(
    readonly code: SandboxErrorCode,
    message: string,
  ) {
    super(message);
  }
}
