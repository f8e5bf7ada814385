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

export interface TraceEntry {
  rule: string;
  outcome: RuleOutcome;
  mode?: 'enforce' | 'audit';
}

/** What the rules decided: `residual` covers recipients a truncated event did not list; `copies` get DEFAULT. */
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
