/**
 * The base of every error the package throws on purpose: a stable `code` to branch on, and a `name`
 * declared as a class field in each subclass (bundlers rename classes, so `name` never comes from
 * the constructor): `readonly code = 'X' as const; override readonly name = 'XError';`.
 */
export abstract class WorkMailRulesError extends Error {
  abstract readonly code: string;
  abstract override readonly name: string;
}

/** One problem found in an input, located by a JSON path such as `envelope.recipients[2].address`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** The Lambda event is not a valid LambdaEventData. `issues` lists every problem at once. */
export class EventValidationError extends WorkMailRulesError {
  readonly code = 'EVENT_VALIDATION' as const;
  override readonly name = 'EventValidationError';
  constructor(readonly issues: ValidationIssue[]) {
    super(
      `Invalid WorkMail event (${issues.length} problem${issues.length === 1 ? '' : 's'}): ` +
        issues
          .slice(0, 10)
          .map((i) => `${i.path || '(root)'}: ${i.message}`)
          .join('; ') +
        (issues.length > 10 ? `; and ${issues.length - 10} more` : '') +
        '. Check the event against the LambdaEventData shape: https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html',
    );
  }
}
