/**
 * The rewrite step of a synchronous handler: after the decision, edit the message, check it, stage it
 * in S3 and hand it to WorkMail with PutRawMessageContent. It never throws and never changes the
 * decided actions: whatever happens, it returns a RewriteReport, and when the rewrite did not
 * complete WorkMail delivers the original. No message text reaches the logs.
 */
import { DEFAULT_REWRITE_KEY_PREFIX } from '../workmail/constants';
import { isDelivering } from '../engine/actions';
import type { Decision } from '../engine/decision';
import type { MessageContent } from '../workmail/message-content';
import { holds } from '../engine/conditions/holds';
import type { Condition } from '../engine/conditions/types';
import type { Edit } from '../message/rewrite/edits';
import type { StageOutcome } from '../message/stage';
import { once } from '../message/once';
import type { LambdaEventData } from '../workmail/types';
import { DeadlineError } from './deadline';
import { errorFields, type Logger } from './log';
import { unknownOutcome } from './rewrite-unknown';
import type { RewriteReport } from './observer';

// The heavy parts load on the first rewrite, once per process.
const stageModule = once(() => import('../message/stage'));
const rewriteModule = once(() => import('../message/rewrite/rewrite'));
const checkModule = once(() => import('../message/check'));
const clientsModule = once(() => import('./clients'));
/** The MIME libraries, each a chunk of its own in a deployed bundle, loaded as the edit and check need them. */
const libsModule = once(() => import('../message/libs'));

export interface RewriteOptions {
  /** Rewrite only when this condition holds (unknown counts as no). */
  when?: Condition;
  edits: Edit[];
  /** Staging bucket (default `process.env.REWRITE_BUCKET`). */
  bucket?: string;
  /** Prefix of the staging key (default `rewrites/`). */
  keyPrefix?: string;
}

export interface RunRewriteArgs {
  event: LambdaEventData;
  decision: Decision;
  options: RewriteOptions;
  /** Memoized by the caller: the same fetch the rules used. */
  loadRaw: () => Promise<Buffer>;
  /** A view over the same loader, for `when`. */
  message: MessageContent;
  signal: AbortSignal;
  log: Logger;
  /** The rule set's code (`when`, the edits' callbacks) run by the supervisor's worker; without it, in this thread. */
  remote?: RemoteRewrite;
  /** Called when PutRawMessageContent is handed to the SDK: from then on, a deadline leaves the outcome unknown. */
  onPut?: () => void;
}

/** What the worker does for the rewrite: evaluate `when`, and edit and check the message it reads. */
export interface RemoteRewrite {
  when(): Promise<boolean | undefined>;
  edit(): Promise<EditResult>;
}

/** An edit and its check: the new bytes, whether they changed, the edits' notes, the failed check rules. */
export interface EditResult {
  raw: Uint8Array;
  changed: boolean;
  notes: string[];
  problems: string[];
}

/** Edit `raw` and check the result against it (the MIME libraries load on first use). */
export async function editAndCheck(raw: Buffer, edits: Edit[]): Promise<EditResult> {
  const [{ rewriteSync }, { checkMime }, libs] = await Promise.all([
    rewriteModule(),
    checkModule(),
    libsModule().then((l) => l.mailsplit.load().then(() => l)),
  ]);
  return libs.withMimeLibraries(() => {
    const r = rewriteSync(raw, edits);
    const problems = r.changed ? checkMime(r.raw, raw).map((p) => p.rule) : [];
    return { raw: r.raw, changed: r.changed, notes: r.notes, problems };
  });
}

export const DEFAULT_KEY_PREFIX = DEFAULT_REWRITE_KEY_PREFIX;

/** Does anyone still receive the message under this decision? */
export function someoneReceives(decision: Decision): boolean {
  return (
    decision.recipients.some((r) => isDelivering(r.action)) ||
    (decision.residual !== undefined && isDelivering(decision.residual)) ||
    (decision.copies?.length ?? 0) > 0
  );
}

/**
 * Run the rewrite step. The outcome goes back as a RewriteReport (the handler puts its status and
 * reason on the invocation's log line); only the outcomes the issue names get a line of their own
 * (MessageFrozen info, MessageRejected and ResourceNotFound warn, InvalidContentLocation error, ...).
 */
export async function runRewrite(args: RunRewriteArgs): Promise<RewriteReport> {
  const { event, log } = args;
  try {
    return await attempt(args);
  } catch (err) {
    // attempt() handles every expected failure; this is the net under it.
    log.error({ eventName: 'REWRITE_ERROR', messageId: event.messageId, invocationId: event.invocationId, ...errorFields(err) });
    return {
      status: 'failed',
      reason: `unexpected error: ${err instanceof Error ? err.name : 'error'}; the original message is delivered`,
    };
  }
}

async function attempt(args: RunRewriteArgs): Promise<RewriteReport> {
  const { event, decision, options, loadRaw, message, signal, log } = args;
  const ids = { messageId: event.messageId, invocationId: event.invocationId };
  if (!someoneReceives(decision)) return { status: 'skipped', reason: 'no recipient receives the message' };
  if (!options.edits?.length) return { status: 'skipped', reason: 'no edits configured' };

  if (options.when) {
    let truth: boolean | undefined;
    const when = options.when;
    try {
      truth = await (args.remote ? args.remote.when() : holds(when, { event, message }));
    } catch (err) {
      if (err instanceof DeadlineError) {
        log.warn({ eventName: 'REWRITE_ABANDONED', ...ids, reason: 'deadline' });
        return { status: 'failed', reason: 'deadline reached while evaluating `when`; the original message is delivered' };
      }
      log.error({ eventName: 'REWRITE_CONDITION_ERROR', ...ids, ...errorFields(err) });
      return { status: 'failed', reason: 'the rewrite `when` condition failed; the original message is delivered' };
    }
    if (truth === undefined) return { status: 'skipped', reason: '`when` is unknown (message unreadable?); not rewritten' };
    if (!truth) return { status: 'skipped', reason: '`when` does not hold' };
  }

  const bucket = options.bucket ?? process.env.REWRITE_BUCKET;
  if (!bucket) {
    return {
      status: 'failed',
      reason: 'no staging bucket: set rewrite.bucket or the REWRITE_BUCKET environment variable; the original message is delivered',
    };
  }
  const stage = await stageModule();
  let key: string;
  try {
    stage.checkBucket(bucket);
    key = stage.stagingKey(options.keyPrefix ?? process.env.REWRITE_KEY_PREFIX ?? DEFAULT_KEY_PREFIX, event.messageId, event.invocationId);
  } catch (err) {
    return { status: 'failed', reason: err instanceof Error ? err.message : String(err) };
  }

  // The code of the edit, the check and the upload loads (a cold start's largest cost) while the message is fetched.
  const ready = args.remote ? Promise.resolve() : Promise.all([rewriteModule(), checkModule(), libsModule()]);
  const s3Ready = clientsModule().then((c) => c.s3Client());
  for (const p of [ready, s3Ready]) p.catch(() => undefined); // awaited below, or abandoned with the message
  let raw: Buffer;
  try {
    raw = await loadRaw();
  } catch (err) {
    return { status: 'failed', reason: `the message could not be read (${err instanceof Error ? err.name : 'error'}); nothing to rewrite` };
  }

  let edited: EditResult;
  try {
    edited = await (args.remote ? args.remote.edit() : editAndCheck(raw, options.edits));
  } catch (err) {
    if (err instanceof DeadlineError) {
      log.warn({ eventName: 'REWRITE_ABANDONED', ...ids, reason: 'deadline', bytesBefore: raw.length });
      return {
        status: 'failed',
        reason: 'deadline reached while editing or checking the message; nothing was uploaded, the original is delivered',
        bytesBefore: raw.length,
      };
    }
    log.warn({ eventName: 'REWRITE_NOT_EDITABLE', ...ids, ...errorFields(err) });
    return {
      status: 'failed',
      reason: `the message cannot be edited safely (${(err as { code?: string } | null)?.code ?? 'error'}); the original is delivered`,
      bytesBefore: raw.length,
    };
  }
  const result = { ...edited, raw: Buffer.from(edited.raw.buffer, edited.raw.byteOffset, edited.raw.byteLength) };
  const problems = edited.problems;
  const sizes = { bytesBefore: raw.length, bytesAfter: result.raw.length };
  if (!result.changed) return { status: 'unchanged', notes: result.notes, bytesBefore: raw.length };

  if (problems.length) {
    log.error({
      eventName: 'REWRITE_FAILS_MIME_CHECKS',
      ...ids,
      rules: [...new Set(problems)],
      problems: problems.length,
    });
    return {
      status: 'failed',
      reason: `the rewritten message fails the MIME checks (${[...new Set(problems)].join(', ')}); not uploaded, the original is delivered`,
      notes: result.notes,
      ...sizes,
    };
  }
  if (signal.aborted)
    return { status: 'failed', reason: 'deadline reached before upload; the original message is delivered', notes: result.notes, ...sizes };

  const { messageFlowClient } = await clientsModule();
  const client = await messageFlowClient();
  const onPut = args.onPut;
  // The same client, telling when the Put is handed over: a request once sent cannot be taken back.
  const messageFlow = onPut
    ? (Object.create(client, { send: { value: (...a: Parameters<typeof client.send>) => (onPut(), client.send(...a)) } }) as typeof client)
    : client;
  const outcome = await stage.stageMessage({
    s3: await s3Ready,
    messageFlow,
    bucket,
    key,
    messageId: event.messageId,
    raw: result.raw,
    signal,
  });
  return reportOutcome(outcome, result.notes, sizes, signal, log, ids);
}

function reportOutcome(
  o: StageOutcome,
  notes: string[],
  sizes: { bytesBefore: number; bytesAfter: number },
  signal: AbortSignal,
  log: Logger,
  ids: Record<string, string>,
): RewriteReport {
  const base = { key: o.key, notes, ...sizes };
  switch (o.status) {
    case 'updated':
      return { status: 'rewritten', ...base };
    case 'frozen':
      log.info({
        eventName: 'REWRITE_MESSAGE_FROZEN',
        ...ids,
        note: 'WorkMail does not accept updates for this message (usually a redirect); original delivered',
      });
      return {
        status: 'failed',
        outcome: 'frozen',
        reason: 'MessageFrozen: the message is not eligible for update; the original is delivered',
        ...base,
      };
    case 'rejected':
      log.warn({ eventName: 'REWRITE_REJECTED', ...ids, serviceMessage: o.message });
      return {
        status: 'failed',
        outcome: 'rejected',
        reason: `MessageRejected: ${o.message}; the original is delivered (not retried)`,
        ...base,
      };
    case 'not-found':
      log.warn({ eventName: 'REWRITE_MESSAGE_NOT_FOUND', ...ids, serviceMessage: o.message });
      return {
        status: 'failed',
        reason: 'ResourceNotFoundException: the message is no longer available; the original is delivered',
        ...base,
      };
    case 'invalid-location':
      log.error({
        eventName: 'REWRITE_INVALID_CONTENT_LOCATION',
        ...ids,
        serviceMessage: o.message,
        likelyCause:
          'the staging bucket is in another Region than WorkMail, belongs to another account, or its bucket policy does not let workmail.<region>.amazonaws.com read the object',
      });
      return {
        status: 'failed',
        reason:
          'InvalidContentLocation: WorkMail could not read the staged object (bucket Region, account or bucket policy); the original is delivered',
        ...base,
      };
    case 'put-failed':
      if (signal.aborted) return unknownOutcome(log, ids, base);
      return callFailed(o, signal, log, ids, base);
    case 'upload-failed':
      return callFailed(o, signal, log, ids, base);
  }
}

function callFailed(
  o: Extract<StageOutcome, { status: 'upload-failed' | 'put-failed' }>,
  signal: AbortSignal,
  log: Logger,
  ids: Record<string, string>,
  base: Partial<RewriteReport>,
): RewriteReport {
  const deadline = signal.aborted;
  const what = o.status === 'upload-failed' ? 'S3 PutObject' : 'PutRawMessageContent';
  log.warn({ eventName: 'REWRITE_CALL_FAILED', ...ids, call: what, deadline, ...errorFields(o.error) });
  return {
    status: 'failed',
    reason: deadline
      ? `deadline reached during ${what}; the original message is delivered`
      : `${what} failed (${o.error instanceof Error ? o.error.name : 'error'}) after the SDK's retries; the original is delivered`,
    ...base,
  };
}
