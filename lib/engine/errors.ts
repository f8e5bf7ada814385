import { WorkMailRulesError } from '../workmail/errors';

/** A Decision that cannot become a valid response: a programming error in the rules or the caller. */
export class PlanError extends WorkMailRulesError {
  readonly code = 'PLAN' as const;
  override readonly name = 'PlanError';
  constructor(message: string) {
    super(message);
  }
}
