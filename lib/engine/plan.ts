import { WorkMailRulesError } from '../workmail/errors';
import { LIMITS } from '../workmail/limits';
import { actionTypesFor, type FlowDirection, type SyncAction, type SyncResponse } from '../workmail/types';
import { actionKey, type Action } from './actions';
import type { Decision } from './decision';

/** A Decision that cannot become a valid response: a programming error in the rules or the caller. */
export class PlanError extends WorkMailRulesError {
  readonly code = 'PLAN' as const;
  override readonly name = 'PlanError';
}

export interface PlanOptions {
  direction: FlowDirection;
}

interface Group {
  key: string;
  action: Action;
  addresses: string[];
  order: number;
}

/** Bounce messages longer than this are cut when a response would exceed the size limit. */
const MAX_BOUNCE_CHARS_WHEN_OVERSIZE = 1000;

/** C0 and C1 control characters other than tab, and DEL: they do not belong in a bounce text. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

function wireAction(a: Action, notes: string[]): SyncAction['action'] {
  const m = a.type === 'BOUNCE' ? a.parameters?.bounceMessage : undefined;
  if (m === undefined) return { type: a.type };
  const clean = m.replace(CONTROL, ' ');
  if (clean !== m) notes.push('control characters in a bounce message were replaced by spaces');
  return { type: 'BOUNCE', parameters: { bounceMessage: clean } };
}

/** The first `n` UTF-16 units of `s`, one fewer when that would split a surrogate pair. */
function cutAtCodePoint(s: string, n: number): string {
  const end = n > 0 && n < s.length && /[\ud800-\udbff]/.test(s[n - 1]!) ? n - 1 : n;
  return s.slice(0, end);
}

/**
 * A Decision as a response WorkMail accepts (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html): one entry per action, the residual
 * (else the largest group) as `allRecipients`, copies as DEFAULT, at most LIMITS.maxActions; changes noted in `decision.notes`.
 */
export function planResponse(decision: Decision, options: PlanOptions): SyncResponse {
  const { direction } = options;
  const allowed = actionTypesFor(direction) as readonly string[];
  const notes = (decision.notes ??= []);
  const check = (a: Action, where: () => string) => {
    if (!allowed.includes(a.type))
      throw new PlanError(`${where()}: action ${a.type} is not allowed for ${direction} (allowed: ${allowed.join(', ')})`);
  };

  // Group recipients by identical action, addresses compared case-insensitively.
  const byAddress = new Map<string, string>();
  const groups = new Map<string, Group>();
  for (const r of decision.recipients) {
    check(r.action, () => `recipient ${r.address}`);
    const key = actionKey(r.action);
    const trimmed = r.address.trim();
    const lower = trimmed.toLowerCase();
    const prior = byAddress.get(lower);
    if (prior !== undefined) {
      if (prior !== key) throw new PlanError(`recipient ${r.address} was given two different actions`);
      continue;
    }
    byAddress.set(lower, key);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, action: r.action, addresses: [], order: groups.size }));
    g.addresses.push(trimmed);
  }
  if (decision.residual) check(decision.residual, () => 'residual');

  // More entries than allowed can only come from distinct bounce messages: merge them into one.
  const copies = dedupeCopies(decision.copies ?? [], byAddress, direction, notes);
  const entriesNeeded = groups.size + (decision.residual && !groups.has(actionKey(decision.residual)) ? 1 : 0) + (copies.length ? 1 : 0);
  if (entriesNeeded > LIMITS.maxActions) mergeBounces(groups, notes);

  // The residual, or else the largest group (ties: DEFAULT first, then first seen), covers everyone else.
  const largest = [...groups.values()].sort(
    (a, b) =>
      b.addresses.length - a.addresses.length ||
      Number(b.action.type === 'DEFAULT') - Number(a.action.type === 'DEFAULT') ||
      a.order - b.order,
  )[0];
  const allAction: Action = decision.residual ?? largest?.action ?? { type: 'DEFAULT' };
  const allKey = actionKey(allAction);

  const actions: SyncAction[] = [{ action: wireAction(allAction, notes), allRecipients: true }];
  for (const g of [...groups.values()].sort((a, b) => a.order - b.order)) {
    if (g.key === allKey) continue;
    actions.push({ action: wireAction(g.action, notes), recipients: g.addresses });
  }
  if (copies.length) actions.push({ action: { type: 'DEFAULT' }, recipients: copies });

  return fitSize({ actions }, notes);
}

function dedupeCopies(copies: string[], listed: Map<string, string>, direction: FlowDirection, notes: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of copies) {
    const a = c.trim();
    const lower = a.toLowerCase();
    if (!a || seen.has(lower)) continue;
    seen.add(lower);
    if (listed.has(lower)) {
      notes.push(`copy to ${a} skipped: already a recipient with its own action`);
      continue;
    }
    out.push(a);
  }
  if (direction === 'OUTBOUND') {
    const room = LIMITS.maxOutboundRecipients - listed.size;
    if (out.length > room) {
      notes.push(
        `${out.length - Math.max(room, 0)} copies dropped: outbound responses may list at most ${LIMITS.maxOutboundRecipients} recipients`,
      );
      out.length = Math.max(room, 0);
    }
  }
  return out;
}

function mergeBounces(groups: Map<string, Group>, notes: string[]): void {
  const bounces = [...groups.values()].filter((g) => g.action.type === 'BOUNCE');
  if (bounces.length < 2) return;
  const keep = [...bounces].sort((a, b) => b.addresses.length - a.addresses.length || a.order - b.order)[0]!;
  for (const g of bounces) {
    if (g === keep) continue;
    keep.addresses.push(...g.addresses);
    groups.delete(g.key);
  }
  notes.push(
    `${bounces.length} distinct bounce messages merged into one (${JSON.stringify(keep.action.parameters?.bounceMessage ?? null)}): WorkMail allows at most ${LIMITS.maxActions} actions`,
  );
}

function fitSize(response: SyncResponse, notes: string[]): SyncResponse {
  if (Buffer.byteLength(JSON.stringify(response)) <= LIMITS.maxResponseBytes) return response;
  for (const entry of response.actions) {
    const m = entry.action.parameters?.bounceMessage;
    if (m !== undefined && m.length > MAX_BOUNCE_CHARS_WHEN_OVERSIZE) {
      entry.action.parameters = { bounceMessage: cutAtCodePoint(m, MAX_BOUNCE_CHARS_WHEN_OVERSIZE) };
    }
  }
  notes.push(`bounce messages cut to ${MAX_BOUNCE_CHARS_WHEN_OVERSIZE} characters: the response exceeded ${LIMITS.maxResponseBytes} bytes`);
  if (Buffer.byteLength(JSON.stringify(response)) > LIMITS.maxResponseBytes) {
    throw new PlanError(`the response exceeds ${LIMITS.maxResponseBytes} bytes even with bounce messages cut`);
  }
  return response;
}
