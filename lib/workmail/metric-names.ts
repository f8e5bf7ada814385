/**
 * The metrics every handler writes in CloudWatch Embedded Metric Format, in one definition that the
 * runtime (which emits them) and the CDK side (alarms, dashboard) both read: the namespace default,
 * the metric and dimension names, their units, and the values a dimension can take.
 * The workmail-rules docs/operations.md, "Metrics", lists them with what each counts.
 */

/** The CloudWatch namespace the handlers write to unless configured otherwise. */
export const DEFAULT_METRICS_NAMESPACE = 'WorkMailRules';

/** Environment variables the deployed function reads (the CDK stack sets them from cdk.json `monitoring`). */
export const METRICS_ENV = {
  /** The namespace; wins over the handler option so alarms and dashboard read what the function writes. */
  namespace: 'WORKMAIL_RULES_METRICS_NAMESPACE',
  /** `true` / `false`: per-rule metrics (RuleHits, AuditHits). */
  perRule: 'WORKMAIL_RULES_METRICS_PER_RULE',
  /** `off` turns the EMF lines off. */
  enabled: 'WORKMAIL_RULES_METRICS',
} as const;

/** Metric names. */
export const METRIC = {
  /** Every invocation (sync, async, availability), 1 each. */
  invocations: 'Invocations',
  /** A synchronous invocation answered with the fallback action; by Reason. */
  fallbacks: 'Fallbacks',
  /** An asynchronous invocation failed (event rejected, or the function threw); by Reason. */
  asyncErrors: 'AsyncErrors',
  /** Wall time of the invocation in the handler, milliseconds. */
  durationMs: 'DurationMs',
  /** Recipients in the event (availability: mailboxes in the request). */
  recipients: 'Recipients',
  /** Recipients decided per action type; by Action. */
  decisions: 'Decisions',
  /** Recipients decided per enforcing rule; by Rule. */
  ruleHits: 'RuleHits',
  /** Recipients an audit-mode rule would have decided; by Rule. */
  auditHits: 'AuditHits',
  /** One per rewrite attempt; by Outcome. */
  rewrites: 'Rewrites',
  /** Availability entries answered with an error; by Error. */
  availabilityErrors: 'AvailabilityErrors',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Dimension names. Every metric carries Function (and Direction for email flow); at most one more. */
export const DIMENSION = {
  function: 'Function',
  direction: 'Direction',
  reason: 'Reason',
  action: 'Action',
  rule: 'Rule',
  outcome: 'Outcome',
  error: 'Error',
} as const;
export type DimensionName = (typeof DIMENSION)[keyof typeof DIMENSION];

export type MetricUnit = 'Count' | 'Milliseconds';

/** Each metric's unit. */
export const METRIC_UNIT: Record<MetricName, MetricUnit> = {
  Invocations: 'Count',
  Fallbacks: 'Count',
  AsyncErrors: 'Count',
  DurationMs: 'Milliseconds',
  Recipients: 'Count',
  Decisions: 'Count',
  RuleHits: 'Count',
  AuditHits: 'Count',
  Rewrites: 'Count',
  AvailabilityErrors: 'Count',
};

/** Why a synchronous invocation answered with the fallback (the Reason dimension of Fallbacks). */
export const FALLBACK_REASON = {
  eventValidation: 'EventValidation',
  deadline: 'Deadline',
  invalidPlan: 'InvalidPlan',
  error: 'Error',
} as const;
export type FallbackReason = (typeof FALLBACK_REASON)[keyof typeof FALLBACK_REASON];

/** Why an asynchronous invocation failed (the Reason dimension of AsyncErrors). */
export const ASYNC_ERROR_REASON = { eventValidation: 'EventValidation', error: 'Error' } as const;

/** What a rewrite attempt came to (the Outcome dimension of Rewrites). */
export const REWRITE_OUTCOME = {
  rewritten: 'rewritten',
  skipped: 'skipped',
  frozen: 'frozen',
  rejected: 'rejected',
  failed: 'failed',
  /** PutRawMessageContent sent, not answered by the deadline: WorkMail may or may not apply it. */
  unknown: 'unknown',
} as const;
export type RewriteOutcome = (typeof REWRITE_OUTCOME)[keyof typeof REWRITE_OUTCOME];

/** The Direction of an invalid asynchronous event whose flowDirection cannot be read. */
export const UNKNOWN_DIRECTION = 'UNKNOWN';

/** The dimension value for rule names that are empty after mapping (workmail-rules docs/operations.md, "Metrics"). */
export const UNNAMED_RULE = 'unnamed';
/** Longest dimension value written; CloudWatch allows 1 024 (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html). */
export const MAX_DIMENSION_VALUE = 255;
