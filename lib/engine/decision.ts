import type { Action } from './actions';

/** One recipient's decided action and the rule that chose it (absent: the rule set's `otherwise`). */
export interface RecipientDecision {
  address: string;
  action: Action;
  rule?: string;
  /** Audit-mode rules that held for this recipient: what they would have done. */
  audits?: { rule: string; wouldBe: Action }[];
}

/** Outcome of one rule for one recipient, when `explain` is on. */
export type RuleOutcome = 'match' | 'no-match' | 'unknown' | 'skipped';

export interface TraceEntry { rule: string; outcome: RuleOutcome; mode?: 'enforce' | 'audit' }

/**
 * What the rules decided for one message. `residual` covers recipients WorkMail did not list
 * (truncated events); `copies` are addresses to add, delivered with DEFAULT.
 */
export interface Decision {
  recipients: RecipientDecision[];
  residual?: Action;
  /** The rule that chose the residual action, when one did. */
  residualRule?: string;
  copies?: string[];
  notes?: string[];
  /** Per recipient (lower-cased address; '*' for the residual), each rule's outcome, when explain is on. */
  trace?: Record<string, TraceEntry[]>;
}

/**
 * The raw message, seen through a lazy view. The engine does no I/O: the runtime hands it a view
 * built by lib/message over a loader. Each method loads and parses at most once; any may reject,
 * which makes the calling condition unknown.
 */
export interface MessageContent {
  /** Size of the raw MIME in bytes. */
  size(): Promise<number>;
  /** Header fields of the top-level header block only, in order, values unfolded and RFC 2047-decoded. */
  headers(): Promise<{ name: string; value: string }[]>;
  /** Decoded text/plain body, or text extracted from HTML when there is no plain part. */
  text(): Promise<string>;
  /** Attachments with their names, content types and decoded sizes. */
  attachments(): Promise<{ filename?: string; contentType: string; size: number }[]>;
}
