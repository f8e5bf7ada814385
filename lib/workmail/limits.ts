/** Every documented WorkMail number, in one place. Section numbers refer to reference/workmail.md. */
export const LIMITS = {
  /** https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html "Lambda functions must respond within 15 seconds" [ADM-LAMBDA]. */
  responseTimeoutMs: 15_000,
  /** https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html "Lambda function responses up to 256 KB are allowed" [ADM-LAMBDA]. */
  maxResponseBytes: 262_144,
  /** https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html "Up to 10 unique actions are allowed in the response" [ADM-LAMBDA]. */
  maxActions: 10,
  /** https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html "Up to 500 recipients are allowed for outbound Lambda functions" [ADM-LAMBDA]. */
  maxOutboundRecipients: 500,
  /** https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html subject "Truncated when it exceeds the 256 character limit" [ADM-LAMBDA]. */
  maxSubjectChars: 256,
  /** https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html truncated: "the payload size exceeds the 128 KB limit" [ADM-LAMBDA]. */
  maxEventPayloadBytes: 131_072,
  /** https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html "The maximum value for Rule timeout is 240 minutes" [ADM-LAMBDA]. */
  maxRuleTimeoutMinutes: 240,
  /** https://docs.aws.amazon.com/workmail/latest/adminguide/lambda-content.html message content is available for 24 hours after receipt [ADM-CONTENT]. */
  messageAccessHours: 24,
  /** https://docs.aws.amazon.com/workmail/latest/adminguide/workmail_limits.html, https://docs.aws.amazon.com/workmail/latest/APIReference/API_messageflow_RawMessageContent.html maximum message size 40 MB MIME [ADM-QUOTAS]. */
  maxMimeBytes: 40 * 1024 * 1024,
  /** RFC 5321 line length including CRLF (https://docs.aws.amazon.com/workmail/latest/APIReference/API_messageflow_RawMessageContent.html). */
  maxLineOctets: 1000,
  /** https://docs.aws.amazon.com/workmail/latest/adminguide/lambda-content.html messageId pattern and length [MF-MODEL]. */
  messageIdPattern: /^[a-z0-9-]{1,120}$/,
  /** https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html organization id format [API-CREATEAVAIL]. */
  organizationIdPattern: /^m-[0-9a-f]{32}$/,
} as const;
