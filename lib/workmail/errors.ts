/** One problem found in an input, located by a JSON path such as `envelope.recipients[2].address`. */
export interface ValidationIssue { path: string; message: string }

/** The Lambda event is not a valid LambdaEventData. `issues` lists every problem at once. */
export class EventValidationError extends Error {
  readonly code = 'EVENT_VALIDATION' as const;
  override readonly name = 'EventValidationError';
  constructor(readonly issues: ValidationIssue[]) {
    super(
      `Invalid WorkMail event (${issues.length} problem${issues.length === 1 ? '' : 's'}): ` +
        issues.slice(0, 10).map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ') +
        (issues.length > 10 ? `; and ${issues.length - 10} more` : '') +
        '. Check the event against the LambdaEventData shape: https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html',
    );
  }
}
