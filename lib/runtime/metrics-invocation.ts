/**
 * What one invocation counts, as metric entries: the synchronous handler's decisions, fallbacks and
 * rewrite; the asynchronous handler's errors; the availability provider's error entries. Only
 * counts, action types, rule names and fixed codes: never an address or message text.
 */
import type { Decision } from '../engine/decision';
import {
  ASYNC_ERROR_REASON,
  DIMENSION,
  FALLBACK_REASON,
  METRIC,
  REWRITE_OUTCOME,
  type FallbackReason,
  type RewriteOutcome,
} from '../workmail/metric-names';
import type { SyncResponse } from '../workmail/types';
import { dimensionValue, emfDocuments, tally, writeMetrics, type MetricEntry, type MetricsOptions, type MetricsSettings } from './metrics';
import type { InvocationObserver, RewriteReport } from './observer';

/** The Reason dimension for a fallback, from the error's code. */
export function fallbackReasonOf(code: string | undefined): FallbackReason {
  switch (code) {
    case 'EVENT_VALIDATION':
      return FALLBACK_REASON.eventValidation;
    case 'DEADLINE':
      return FALLBACK_REASON.deadline;
    case 'PLAN':
    case 'INVALID_RESPONSE':
      return FALLBACK_REASON.invalidPlan;
    default:
      return FALLBACK_REASON.error;
  }
}

/** The Outcome dimension for a rewrite report. */
export function rewriteOutcomeOf(report: RewriteReport): RewriteOutcome {
  if (report.status === 'rewritten') return REWRITE_OUTCOME.rewritten;
  if (report.status === 'unknown') return REWRITE_OUTCOME.unknown;
  if (report.status === 'skipped' || report.status === 'unchanged') return REWRITE_OUTCOME.skipped;
  if (report.outcome === 'frozen') return REWRITE_OUTCOME.frozen;
  if (report.outcome === 'rejected') return REWRITE_OUTCOME.rejected;
  return REWRITE_OUTCOME.failed;
}

export interface SyncFacts {
  recipients: number;
  durationMs: number;
  response: SyncResponse;
  decision?: Decision;
  /** The error code when the handler answered with its fallback. */
  fallbackCode?: string;
  fallbackUsed: boolean;
  rewrite?: RewriteReport;
}

function common(recipients: number, durationMs: number): MetricEntry[] {
  return [
    { name: METRIC.invocations, value: 1 },
    { name: METRIC.durationMs, value: Math.round(durationMs * 10) / 10 },
    { name: METRIC.recipients, value: recipients },
  ];
}

export function syncEntries(facts: SyncFacts, perRule: boolean): MetricEntry[] {
  const out = common(facts.recipients, facts.durationMs);
  if (facts.fallbackUsed) {
    out.push({ name: METRIC.fallbacks, value: 1, dimension: { name: DIMENSION.reason, value: fallbackReasonOf(facts.fallbackCode) } });
  }
  const d = facts.fallbackUsed ? undefined : facts.decision;
  if (d) {
    for (const r of d.recipients) tally(out, METRIC.decisions, DIMENSION.action, r.action.type);
    if (d.residual) tally(out, METRIC.decisions, DIMENSION.action, d.residual.type);
    if (perRule) {
      for (const r of d.recipients) if (r.rule !== undefined) tally(out, METRIC.ruleHits, DIMENSION.rule, dimensionValue(r.rule));
      if (d.residual && d.residualRule !== undefined) tally(out, METRIC.ruleHits, DIMENSION.rule, dimensionValue(d.residualRule));
      for (const r of d.recipients) for (const a of r.audits ?? []) tally(out, METRIC.auditHits, DIMENSION.rule, dimensionValue(a.rule));
    }
  } else {
    // The fallback (or a decide function that reported no Decision): the response's own entries.
    for (const entry of facts.response.actions) {
      const n = entry.allRecipients ? Math.max(facts.recipients, 1) : (entry.recipients?.length ?? 0);
      if (n > 0) tally(out, METRIC.decisions, DIMENSION.action, entry.action.type, n);
    }
  }
  if (facts.rewrite) tally(out, METRIC.rewrites, DIMENSION.outcome, rewriteOutcomeOf(facts.rewrite));
  return out;
}

export function asyncEntries(recipients: number, durationMs: number, failure?: 'invalid-event' | 'error'): MetricEntry[] {
  const out = common(recipients, durationMs);
  if (failure) {
    const value = failure === 'invalid-event' ? ASYNC_ERROR_REASON.eventValidation : ASYNC_ERROR_REASON.error;
    out.push({ name: METRIC.asyncErrors, value: 1, dimension: { name: DIMENSION.reason, value } });
  }
  return out;
}

/** `errors`: the error value of each mailbox entry that is one (ErrorMailboxNotFound, ...). */
export function availabilityEntries(mailboxes: number, durationMs: number, errors: readonly string[]): MetricEntry[] {
  const out = common(mailboxes, durationMs);
  for (const e of errors) tally(out, METRIC.availabilityErrors, DIMENSION.error, dimensionValue(e));
  return out;
}

/** The base dimensions: Function (the Lambda's name) and, for email flow, Direction. */
export function baseDimensions(functionName: string | undefined, direction?: string): Record<string, string> {
  const fn = dimensionValue(functionName || process.env.AWS_LAMBDA_FUNCTION_NAME || 'local');
  return direction ? { [DIMENSION.function]: fn, [DIMENSION.direction]: direction } : { [DIMENSION.function]: fn };
}

/** Emits one invocation's metrics; never throws (metrics must not change an answer). */
export function emitMetrics(
  settings: MetricsSettings,
  options: MetricsOptions | undefined,
  observer: InvocationObserver | undefined,
  base: Record<string, string>,
  entries: MetricEntry[],
): void {
  if (!settings.enabled) return;
  try {
    const docs = emfDocuments(settings.namespace, base, entries);
    writeMetrics(docs, options?.sink, observer?.metrics ? (d) => observer.metrics?.(d) : undefined);
  } catch {
    // A failing sink must not turn a valid answer into an error.
  }
}
