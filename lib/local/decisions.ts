/** Per-recipient outcomes of a replay: from the observed Decision, else read off the response. */
import type { ObservedDecision as Decision } from './types';
import type { ActionType, SyncResponse } from '../workmail/types';

export interface ReplayDecision {
  /** The address as listed, or `*` for everyone not listed (the residual / allRecipients action). */
  recipient: string;
  action: ActionType;
  /** The deciding rule; absent when the rule set's `otherwise`, a fallback or a plain response decided. */
  rule?: string;
  bounceMessage?: string;
  /** An added recipient (a copy), delivered with DEFAULT. */
  copy?: true;
}

export function decisionsFromDecision(decision: Decision): ReplayDecision[] {
  const out: ReplayDecision[] = decision.recipients.map((r) => ({
    recipient: r.address,
    action: r.action.type,
    ...(r.rule !== undefined ? { rule: r.rule } : {}),
    ...(r.action.parameters?.bounceMessage !== undefined ? { bounceMessage: r.action.parameters.bounceMessage } : {}),
  }));
  if (decision.residual) {
    out.push({
      recipient: '*',
      action: decision.residual.type,
      ...(decision.residualRule !== undefined ? { rule: decision.residualRule } : {}),
      ...(decision.residual.parameters?.bounceMessage !== undefined ? { bounceMessage: decision.residual.parameters.bounceMessage } : {}),
    });
  }
  // copies are plain addresses today; `{ address, rule }` entries (the rule that added the copy) are read too
  for (const c of (decision.copies ?? []) as (string | { address: string; rule?: string })[]) {
    const entry = typeof c === 'string' ? { address: c } : c;
    out.push({ recipient: entry.address, action: 'DEFAULT', ...(entry.rule !== undefined ? { rule: entry.rule } : {}), copy: true });
  }
  return out;
}

/** Reads decisions off any handler's response (no rule names). */
export function decisionsFromResponse(response: unknown): ReplayDecision[] {
  const actions = (response as Partial<SyncResponse> | null | undefined)?.actions;
  if (!Array.isArray(actions)) return [];
  const out: ReplayDecision[] = [];
  for (const a of actions) {
    const type = a?.action?.type;
    if (typeof type !== 'string') continue;
    const bounceMessage = a.action.parameters?.bounceMessage;
    const extra = typeof bounceMessage === 'string' ? { bounceMessage } : {};
    for (const r of Array.isArray(a.recipients) ? a.recipients : []) {
      if (typeof r === 'string') out.push({ recipient: r, action: type as ActionType, ...extra });
    }
    if (a.allRecipients === true) out.push({ recipient: '*', action: type as ActionType, ...extra });
  }
  return out;
}

/** The decision that applies to an address: its own entry, else the `*` entry. */
export function decisionFor(decisions: readonly ReplayDecision[], address: string): ReplayDecision | undefined {
  const a = address.trim().toLowerCase();
  return decisions.find((d) => d.recipient.toLowerCase() === a) ?? decisions.find((d) => d.recipient === '*');
}

export interface DecisionRow {
  recipient: string;
  /** The action type alone (for colouring). */
  type: string;
  action: string;
  rule: string;
}

/**
 * Table rows. Long lists stay readable: beyond `maxRows`, each group of more than `groupOver`
 * recipients sharing action and rule becomes one row ("a@x and 479 more"), at the first member's place.
 */
export function decisionRows(decisions: readonly ReplayDecision[], maxRows = 25, groupOver = 10): DecisionRow[] {
  const row = (d: ReplayDecision, label = d.recipient + (d.copy ? ' (added)' : '')): DecisionRow => ({
    recipient: label,
    type: d.action,
    action: d.action + (d.bounceMessage !== undefined ? ` "${d.bounceMessage}"` : ''),
    rule: d.rule ?? '-',
  });
  if (decisions.length <= maxRows) return decisions.map((d) => row(d));
  const keyOf = (d: ReplayDecision) => `${d.action}\u0000${d.bounceMessage ?? ''}\u0000${d.rule ?? ''}\u0000${d.copy ? 1 : 0}`;
  const sizes = new Map<string, number>();
  for (const d of decisions) if (d.recipient !== '*') sizes.set(keyOf(d), (sizes.get(keyOf(d)) ?? 0) + 1);
  const shown = new Set<string>();
  const rows: DecisionRow[] = [];
  for (const d of decisions) {
    const k = keyOf(d);
    const n = sizes.get(k) ?? 0;
    if (d.recipient === '*' || n <= groupOver) rows.push(row(d));
    else if (!shown.has(k)) {
      shown.add(k);
      rows.push(row(d, `${d.recipient} and ${n - 1} more`));
    }
  }
  return rows;
}

/** A plain-text table: recipient, action, rule. */
export function decisionTable(decisions: readonly ReplayDecision[]): string {
  if (decisions.length === 0) return '  (no decisions)';
  const rows = decisionRows(decisions).map((r) => [r.recipient, r.action, r.rule]);
  const head = ['recipient', 'action', 'rule'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    '  ' +
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
