/** Every documented WorkMail number, in one place. Section numbers refer to reference/workmail.md. */
export const LIMITS = {
  /** §2.4 "Lambda functions must respond within 15 seconds" [ADM-LAMBDA]. */
  responseTimeoutMs: 15_000,
  /** §2.4 "Lambda function responses up to 256 KB are allowed" [ADM-LAMBDA]. */
  maxResponseBytes: 262_144,
  /** §2.4 "Up to 10 unique actions are allowed in the response" [ADM-LAMBDA]. */
  maxActions: 10,
  /** §1.3 / §2.4 "Up to 500 recipients are allowed for outbound Lambda functions" [ADM-LAMBDA]. */
  maxOutboundRecipients: 500,
  /** §1.2 subject "Truncated when it exceeds the 256 character limit" [ADM-LAMBDA]. */
  maxSubjectChars: 256,
  /** §1.2 truncated: "the payload size exceeds the 128 KB limit" [ADM-LAMBDA]. */
  maxEventPayloadBytes: 131_072,
  /** §2.4 "The maximum value for Rule timeout is 240 minutes" [ADM-LAMBDA]. */
  maxRuleTimeoutMinutes: 240,
  /** §5.2 message content is available for 24 hours after receipt [ADM-CONTENT]. */
  messageAccessHours: 24,
  /** §4.6 / §5.4 maximum message size 40 MB MIME [ADM-QUOTAS]. */
  maxMimeBytes: 40 * 1024 * 1024,
  /** §5.4 RFC 5321 line length including CRLF [API-RMC]. */
  maxLineOctets: 1000,
  /** §5.2 messageId pattern and length [MF-MODEL]. */
  messageIdPattern: /^[a-z0-9-]{1,120}$/,
  /** §6.1 organization id format [API-CREATEAVAIL]. */
  organizationIdPattern: /^m-[0-9a-f]{32}$/,
} as const;
