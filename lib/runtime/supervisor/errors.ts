import type { ThrownFacts } from '../../engine/runaway-thrown';
import { WorkMailRulesError } from '../../workmail/errors';

/** The worker that runs the rule set's code could not run it: not loadable, out of memory, stopped. */
export class WorkerFailedError extends WorkMailRulesError {
  readonly code = 'WORKER_FAILED' as const;
  override readonly name = 'WorkerFailedError';
  constructor(
    message: string,
    readonly thrown?: ThrownFacts,
  ) {
    super(message);
  }
}

/** User code failed inside the worker: what it threw, as facts (type, code), never its text. */
export class UserCodeError extends WorkMailRulesError {
  readonly code = 'USER_CODE' as const;
  override readonly name = 'UserCodeError';
  constructor(readonly thrown: ThrownFacts) {
    super(`the rule set's code threw ${thrown.code ? `${thrown.type} (${thrown.code})` : thrown.type}`);
  }
}
