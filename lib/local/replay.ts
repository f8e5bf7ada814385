/**
 * `replay(handler, event)`: invoke a handler exactly as Lambda would, against a local WorkMail: the
 * raw message is stored under the event's messageId first, process.env points the real SDK clients
 * at the emulators, and an observer on the context collects the decision, logs and rewrite.
 */
import * as fs from 'node:fs/promises';
import type { ObservedDecision as Decision } from './types';
import type { LogFields } from '../runtime/log';
import type { EmfDocument } from '../runtime/metrics';
import type { InvocationObserver, RewriteReport } from '../runtime/observer';
import { LIMITS } from '../workmail/limits';
import type { FlowDirection, SyncResponse } from '../workmail/types';
import { validateResponse } from '../workmail/validate-response';
import { createLocalContext, type LocalContext } from './context';
import { decisionsFromDecision, decisionsFromResponse, type ReplayDecision } from './decisions';
import { applyEnv } from './env';
import { LocalWorkMailError } from './errors';
import { generateMessage, type EventLike } from './generate-message';
import { readEventFile } from './event-file';
import { fillEventIds } from './event-ids';
import { loadHandler, type LambdaHandler } from './handler-module';
import { defaultLocalWorkMail } from './shared';
import type { LocalWorkMail } from './workmail';

export interface ReplayOptions {
  /** The raw message to store (default: the event file's sibling `<name>.eml`, else one generated from the event). */
  message?: Buffer | string;
  /** Store the message frozen: PutRawMessageContent then fails with MessageFrozen. */
  frozen?: boolean;
  /** The emulator to use (default: the suite's from useLocalWorkMail, else a shared one started on demand). */
  workmail?: LocalWorkMail;
  /** Ask the rules for a per-recipient trace (result.decision.trace). */
  explain?: boolean;
  /** The invocation budget in ms (default WorkMail's 15 000); the replay fails when the handler takes longer. */
  budgetMs?: number;
  functionName?: string;
  /** The module export to call when `handler` is a path (default `handler`). */
  exportName?: string;
  /** Direction to validate the response against when the event has no flowDirection. */
  direction?: FlowDirection;
}

export interface ReplayResult {
  /** The event's messageId (generated when the event has none; the message was stored under it when it fits the Message Flow pattern). */
  messageId: string;
  /** The event's invocationId (generated when the event has none, as WorkMail always sends one). */
  invocationId: string;
  /** The event's recipients (matchers refuse to judge an address that is none of them). */
  recipients: string[];
  /** What replay filled in or noticed about the event (a generated messageId), then the decision's notes. */
  notes: string[];
  /** What the handler returned. */
  response: SyncResponse;
  /** One entry per recipient (and `*` for the rest), with the deciding rule when the framework reported it. */
  decisions: ReplayDecision[];
  /** The full Decision the framework reported, if any (with `trace` when explain was on). */
  decision?: Decision;
  /** Set when the handler answered with its fallback; the reason code. */
  fallbackReason?: string;
  rewrite?: RewriteReport;
  /** The stored message after the call, when the handler replaced it; otherwise null. */
  rewritten: Buffer | null;
  /** The message as stored before the call. */
  original: Buffer;
  /** Why WorkMail would reject the response (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html); empty when valid. */
  responseProblems: string[];
  /** Log lines the handler sent to the observer. */
  logs: LogFields[];
  /** The CloudWatch EMF documents the invocation would write (read them with metricsOf). */
  metrics: EmfDocument[];
  durationMs: number;
}

export { readEventFile };

/** `<name>.eml` beside `<name>.json`, if present. */
export async function siblingMessage(eventFile: string): Promise<Buffer | undefined> {
  const eml = eventFile.replace(/\.json$/i, '') + '.eml';
  try {
    return await fs.readFile(eml);
  } catch {
    return undefined;
  }
}

function invoke(fn: LambdaHandler, event: unknown, context: LocalContext): Promise<unknown> {
  if (fn.length < 3) return Promise.resolve().then(() => fn(event, context));
  return new Promise((resolve, reject) => {
    try {
      const r = fn(event, context, (err, value) => (err ? reject(err) : resolve(value)));
      if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).then(resolve, reject);
    } catch (err) {
      reject(err);
    }
  });
}

function withBudget<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new LocalWorkMailError(
            'REPLAY_TIMEOUT',
            `handler did not answer within ${ms} ms; WorkMail treats that as a failed invocation, retries until the rule timeout, then applies the fallback action`,
          ),
        ),
      ms,
    );
  });
  return Promise.race([p, expired]).finally(() => clearTimeout(timer));
}

/** "an INBOUND", "an OUTBOUND". */
export const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

const recipientsOf = (ev: unknown): string[] =>
  ((ev as EventLike | null)?.envelope?.recipients ?? []).map((r) => r?.address).filter((a): a is string => typeof a === 'string');

export async function replay(handler: LambdaHandler | string, event: unknown, options: ReplayOptions = {}): Promise<ReplayResult> {
  const fn = typeof handler === 'string' ? await loadHandler(handler, options.exportName) : handler;
  const eventFile = typeof event === 'string' ? event : undefined;
  const ev = eventFile !== undefined ? readEventFile(eventFile) : structuredClone(event);
  const eventNotes = fillEventIds(ev, eventFile);
  const declared = (fn as { description?: { direction?: FlowDirection } }).description?.direction;
  const given = (ev as { flowDirection?: unknown } | null)?.flowDirection;
  if (declared && (given === 'INBOUND' || given === 'OUTBOUND') && given !== declared) {
    throw new LocalWorkMailError(
      'REPLAY_DIRECTION',
      `${article(given)} ${given} event, but the handler's rules are written for ${declared}: WorkMail would never send it this event; use ${article(declared)} ${declared} event or ${article(given)} ${given} handler`,
    );
  }
  const wm = options.workmail ?? (await defaultLocalWorkMail());

  const messageId = typeof (ev as EventLike | null)?.messageId === 'string' ? ((ev as EventLike).messageId as string) : '';
  const original =
    options.message !== undefined
      ? Buffer.isBuffer(options.message)
        ? options.message
        : Buffer.from(options.message, 'utf8')
      : ((eventFile !== undefined ? await siblingMessage(eventFile) : undefined) ?? (await generateMessage((ev ?? {}) as EventLike)));
  const storable = LIMITS.messageIdPattern.test(messageId);
  if (storable) wm.putMessage(messageId, original, { frozen: options.frozen });

  const logs: LogFields[] = [];
  const metrics: EmfDocument[] = [];
  let decision: Decision | undefined;
  let fallbackReason: string | undefined;
  let rewrite: RewriteReport | undefined;
  const observer: InvocationObserver & { explain?: boolean } = {
    explain: options.explain === true,
    log: (line) => logs.push(line),
    decision: (d) => {
      decision = d;
    },
    response: (_r, reason) => {
      fallbackReason = reason;
    },
    rewrite: (r) => {
      rewrite = r;
    },
    metrics: (docs) => {
      metrics.push(...docs);
    },
  };
  const budget = options.budgetMs ?? LIMITS.responseTimeoutMs;
  const context = createLocalContext({ functionName: options.functionName, budgetMs: budget, region: wm.region, observer });

  const restore = applyEnv(wm.env);
  const started = performance.now();
  let response: unknown;
  try {
    response = await withBudget(invoke(fn, ev, context), budget);
  } catch (err) {
    if (err instanceof LocalWorkMailError) throw err;
    const e = new LocalWorkMailError(
      'REPLAY_HANDLER',
      `handler threw for message ${messageId || '(no messageId)'}: ${err instanceof Error ? err.message : String(err)}`,
    );
    Object.assign(e, { cause: err, logs, metrics });
    throw e;
  } finally {
    restore();
  }
  const durationMs = Math.round((performance.now() - started) * 100) / 100;

  const after = storable ? wm.getMessage(messageId) : undefined;
  const rewritten = after && !after.equals(original) ? after : null;
  const evDirection = (ev as { flowDirection?: unknown } | null)?.flowDirection;
  const direction: FlowDirection = evDirection === 'INBOUND' || evDirection === 'OUTBOUND' ? evDirection : (options.direction ?? 'INBOUND');
  const responseProblems = validateResponse(response, direction);
  const decisions = decision && fallbackReason === undefined ? decisionsFromDecision(decision) : decisionsFromResponse(response);
  return {
    messageId,
    invocationId: String((ev as { invocationId?: unknown }).invocationId ?? ''),
    recipients: recipientsOf(ev),
    notes: [...eventNotes, ...(decision?.notes ?? [])],
    response: response as SyncResponse,
    decisions,
    ...(decision ? { decision } : {}),
    ...(fallbackReason !== undefined ? { fallbackReason } : {}),
    ...(rewrite ? { rewrite } : {}),
    rewritten,
    original,
    responseProblems,
    logs,
    metrics,
    durationMs,
  };
}
