/**
 * One accepted message, end to end: the LambdaEventData, the synchronous decision, delivery per
 * recipient, the record and its JSON log line, then the asynchronous functions (called after the
 * decision, as WorkMail does; their result changes nothing).
 */
import type { ActionType, FlowDirection } from '../../workmail/types';
import { replay } from '../replay';
import type { LocalWorkMail } from '../workmail';
import { applyDecisions } from './apply';
import { decideSync } from './decide';
import { buildEvent, headerFacts, newIds } from './event';
import type { SandboxFunctions } from './handlers';
import type { MessageStore } from './store';
import type { StoredRecord } from './types';

export interface PipelineContext {
  mailroot: string;
  functions: SandboxFunctions;
  workmail: LocalWorkMail;
  store: MessageStore;
  budgetMs: number;
  ruleFallback: ActionType;
  isLocal(address: string): boolean;
  /** One JSON line per message. */
  log(line: Record<string, unknown>): void;
  logAddresses: boolean;
}

export interface Received {
  direction: FlowDirection;
  mailFrom: string;
  recipients: string[];
  raw: Buffer;
  /** When DATA ended (performance.now()). */
  dataEnd: number;
}

export async function processMessage(ctx: PipelineContext, msg: Received): Promise<StoredRecord> {
  const receivedAt = new Date();
  const { messageId, invocationId } = newIds();
  const facts = headerFacts(msg.raw);
  const { event, omitted } = buildEvent({
    messageId,
    invocationId,
    direction: msg.direction,
    mailFrom: msg.mailFrom,
    recipients: msg.recipients,
    facts,
  });
  const notes = [...facts.notes];
  if (omitted.length)
    notes.push(
      `event truncated: ${omitted.length} recipients left out to keep the payload within 128 KB; they get the * action or the fallback`,
    );
  const sync = await decideSync({
    fn: ctx.functions.syncFor(msg.direction),
    event,
    recipients: msg.recipients,
    raw: msg.raw,
    workmail: ctx.workmail,
    budgetMs: ctx.budgetMs,
    ruleFallback: ctx.ruleFallback,
  });
  const decisionMs = Math.round((performance.now() - msg.dataEnd) * 100) / 100;
  const delivered = sync.rewritten ?? msg.raw;
  const applied = await applyDecisions({
    mailroot: ctx.mailroot,
    direction: msg.direction,
    messageId,
    mailFrom: msg.mailFrom,
    decisions: sync.decisions,
    omitted: new Set(omitted),
    original: msg.raw,
    delivered,
    isLocal: ctx.isLocal,
    receivedAt,
  });
  const record: StoredRecord = {
    id: messageId,
    receivedAt: receivedAt.toISOString(),
    flowDirection: msg.direction,
    mailFrom: msg.mailFrom,
    recipients: msg.recipients,
    subject: event.subject,
    sizeBytes: msg.raw.length,
    ...(sync.functionName ? { functionName: sync.functionName } : {}),
    outcomes: applied.outcomes,
    ...(sync.fallback ? { fallback: sync.fallback } : {}),
    ...(applied.dsnFile ? { dsnFile: applied.dsnFile } : {}),
    ...(sync.trace ? { trace: sync.trace } : {}),
    ...(sync.rewrite ? { rewrite: { ...sync.rewrite, changed: sync.rewritten !== null } } : {}),
    notes,
    decisionMs,
    async: [],
    ...(sync.metrics ? { metrics: sync.metrics } : {}),
    original: msg.raw,
    delivered,
  };
  ctx.store.add(record);
  ctx.log(logLine(record, ctx.logAddresses));
  return record;
}

/** Calls the direction's asynchronous functions with the same event (errors are noted on the record). */
export async function runAsync(ctx: PipelineContext, record: StoredRecord): Promise<void> {
  const fns = ctx.functions.asyncFor(record.flowDirection);
  if (fns.length === 0) return;
  const { event } = buildEvent({
    messageId: record.id,
    invocationId: newIds().invocationId,
    direction: record.flowDirection,
    mailFrom: record.mailFrom,
    recipients: record.recipients,
    facts: headerFacts(record.original),
  });
  for (const f of fns) {
    if (!f.ok) {
      record.async.push({ name: f.fn.name, error: f.error });
      continue;
    }
    try {
      await replay(f.handler, event, { workmail: ctx.workmail, message: record.original, budgetMs: ctx.budgetMs, functionName: f.fn.name });
      record.async.push({ name: f.fn.name });
    } catch (err) {
      record.async.push({ name: f.fn.name, error: (err as Error).message });
    }
  }
  ctx.store.touch(record);
}

const domainOf = (a: string) => a.slice(a.lastIndexOf('@') + 1).toLowerCase();

/** Log lines stay below this many bytes (workmail-rules docs/sandbox.md). */
export const MAX_LOG_LINE_BYTES = 16_384;

/**
 * The log line: outcomes per recipient (addresses only when turned on; otherwise their domain), no
 * subject. A line that would exceed MAX_LOG_LINE_BYTES groups the outcomes instead (`count` per
 * action, rule and placement), so it stays valid JSON and still adds up.
 */
export function logLine(r: StoredRecord, addresses: boolean): Record<string, unknown> {
  const outcomes = r.outcomes.map((o) => ({
    ...(addresses ? { recipient: o.recipient } : { domain: domainOf(o.recipient) }),
    action: o.action,
    ...(o.rule ? { rule: o.rule } : {}),
    placement: o.placement,
    ...(o.copy ? { copy: true } : {}),
  }));
  const line: Record<string, unknown> = {
    eventName: 'SANDBOX_MESSAGE',
    id: r.id,
    flowDirection: r.flowDirection,
    ...(r.functionName ? { functionName: r.functionName } : {}),
    sizeBytes: r.sizeBytes,
    recipientsCount: r.outcomes.length,
    outcomes,
    ...(r.dsnFile ? { dsn: true } : {}),
    ...(r.fallback ? { fallbackReason: r.fallback.reason, fallbackBy: r.fallback.by } : {}),
    ...(r.rewrite ? { rewrite: r.rewrite.status } : {}),
    ...(r.notes.length ? { notes: r.notes.map((n) => n.slice(0, 300)) } : {}),
    decisionMs: r.decisionMs,
  };
  if (Buffer.byteLength(JSON.stringify(line)) <= MAX_LOG_LINE_BYTES) return line;
  const groups = new Map<string, { action: string; rule?: string; placement: string; count: number }>();
  for (const o of r.outcomes) {
    const key = `${o.action}\u0000${o.rule ?? ''}\u0000${o.placement}`;
    const g = groups.get(key) ?? { action: o.action, ...(o.rule ? { rule: o.rule } : {}), placement: o.placement, count: 0 };
    g.count++;
    groups.set(key, g);
  }
  return { ...line, outcomes: [...groups.values()].slice(0, 100), outcomesGrouped: true };
}
