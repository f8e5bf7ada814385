/** What the sandbox records per message: the envelope, each recipient's outcome, and why. */
import type { ActionType, FlowDirection } from '../../workmail/types';
import type { MetricValue } from '../metrics-of';

/** Where a recipient's copy went. */
export type Placement = 'inbox' | 'junk' | 'outbox' | 'dropped' | 'bounced';

export interface RecipientOutcome {
  recipient: string;
  action: ActionType;
  /** The deciding rule, when the rules reported it. */
  rule?: string;
  placement: Placement;
  /** The file written (relative to the mailroot), for inbox, junk and outbox. */
  file?: string;
  /** An added recipient (copyTo). */
  copy?: true;
  /** The bounce text, for BOUNCE. */
  bounceMessage?: string;
  /** Not in the event WorkMail would send (payload over 128 KB): decided by the `*` action or the fallback. */
  omittedFromEvent?: true;
}

export interface TraceLine {
  rule: string;
  outcome: string;
  mode?: string;
}

export interface SandboxRecord {
  /** The sandbox's id (also the Message Flow messageId). */
  id: string;
  receivedAt: string;
  flowDirection: FlowDirection;
  mailFrom: string;
  recipients: string[];
  subject: string;
  sizeBytes: number;
  /** The function that decided (cdk.json name), if any. */
  functionName?: string;
  outcomes: RecipientOutcome[];
  /** Why the fallback applied (the handler's own, or the flow rule's when the handler threw or timed out). */
  fallback?: { reason: string; by: 'handler' | 'flow-rule'; detail?: string };
  /** The DSN file written for bounced recipients. */
  dsnFile?: string;
  /** The per-recipient rule trace (`replay --explain`). */
  trace?: Record<string, TraceLine[]>;
  /** The rewrite status, and true when the delivered message differs from the received one. */
  rewrite?: { status: string; reason?: string; changed: boolean };
  /** Defined outcomes of odd input: broken header block, 8-bit header bytes, truncated event, async errors. */
  notes: string[];
  /** Milliseconds from the end of DATA to the decision (before delivery). */
  decisionMs: number;
  /** The asynchronous functions called, with their error if they threw. */
  async: { name: string; error?: string }[];
  /** The CloudWatch metrics the synchronous invocation would emit (workmail-rules docs/operations.md, "Metrics"). */
  metrics?: MetricValue[];
}

/** A record with the bytes, as the store keeps it. */
export interface StoredRecord extends SandboxRecord {
  original: Buffer;
  delivered: Buffer;
}
