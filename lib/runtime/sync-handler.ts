import type { Context } from 'aws-lambda';
import { deliver, type Action } from '../engine/actions';
import type { Decision, RecipientDecision } from '../engine/decision';
import { cloneAction } from '../engine/actions';
import type { MessageContent } from '../workmail/message-content';
import { planResponse } from '../engine/plan';
import { evaluate } from '../engine/evaluate';
import type { RuleSet } from '../engine/rules';
import { parseEventWithDeviations } from '../workmail/parse-event';
import { actionTypesFor, type FlowDirection, type LambdaEventData, type SyncResponse } from '../workmail/types';
import { validateResponse } from '../workmail/validate-response';
import { budgetMs, DeadlineError, DEFAULT_MARGIN_MS, startDeadline, type Deadline } from './deadline';
import { holds } from '../engine/conditions/holds';
import { rewriteWhenProblem } from '../engine/conditions/analyze';
import { ConditionError } from '../engine/conditions/types';
import { thrownFacts } from '../engine/runaway-thrown';
import { CapabilityError, noLoader, noMessage, type Capabilities } from './capabilities';
import { createLogger, errorFields, type Logger, type LogSink, stdoutSink } from './log';
import { memoizedLoader } from './message-loader';
import { metricsSettings, type MetricsOptions } from './metrics';
import { baseDimensions, emitMetrics, syncEntries } from './metrics-invocation';
import { observerOf, type RewriteReport } from './observer';
import { ruleActionsOf } from './rule-actions';
import type { RemoteRewrite, RewriteOptions } from './rewrite-step';
import { unknownOutcome } from './rewrite-unknown';
import { isTransient } from './transient';
import { contextCopy } from './supervisor/context-copy';
import { UserCodeError } from './supervisor/errors';
import { placeDefinition, type Placement } from './supervisor/place';
import { holdsUserCode } from './supervisor/user-code';
import type { Operations } from './supervisor/worker-side';

/** What `decide` receives besides the event. */
export interface DecideTools {
  /** Fires at the deadline: pass it to anything that can be cancelled. */
  signal: AbortSignal;
  /** The raw MIME, fetched once per invocation on first call (GetRawMessageContent). */
  loadMessage(): Promise<Buffer>;
  /** A lazy parsed view over the same loader. */
  message: MessageContent;
  log: Logger;
  context: Context;
}

export interface SyncHandlerOptions {
  /** A rule set from defineRules; builds `decide` for you. */
  rules?: RuleSet;
  /** Your own decision function (instead of, or without, `rules`). */
  decide?: (event: LambdaEventData, tools: DecideTools) => Decision | Promise<Decision>;
  /** Rewrite the message before delivery (synchronous rules only). */
  rewrite?: RewriteOptions;
  /** 'fallback' (default): any error answers with the fallback. 'retry': transient errors are rethrown so WorkMail retries. */
  onError?: 'fallback' | 'retry';
  /** Action for every recipient when the handler cannot decide (default deliver()). */
  fallback?: Action;
  /** Safety margin before the deadline in ms (default 1 000). */
  deadlineMs?: number;
  /** Direction assumed for events without flowDirection (defaults to the rule set's). */
  direction?: FlowDirection;
  /** Log output; `subject: true` adds the subject to the log line (off by default: no message text in logs). */
  logger?: { sink?: LogSink; subject?: boolean };
  /** Replace the Message Flow loader (tests, other mail services). */
  loadMessage?: (event: LambdaEventData, signal: AbortSignal) => Promise<Buffer>;
  /** CloudWatch metrics (EMF lines on stdout): namespace, per-rule metrics, on/off (workmail-rules docs/operations.md, "Metrics"). */
  metrics?: MetricsOptions;
}

export type SyncHandler = (event: unknown, context: Context) => Promise<SyncResponse>;

function fallbackResponse(action: Action): SyncResponse {
  return {
    actions: [
      {
        action:
          action.type === 'BOUNCE' && action.parameters ? { type: 'BOUNCE', parameters: { ...action.parameters } } : { type: action.type },
        allRecipients: true,
      },
    ],
  };
}

/**
 * A synchronous Run-Lambda handler: validate the event, decide per recipient, plan a response within
 * WorkMail's limits, optionally rewrite the message, and always answer in time with a valid response.
 */
export function createSyncHandler(options: SyncHandlerOptions, caps: Capabilities): SyncHandler {
  const fallback = options.fallback ?? deliver();
  const decideFn = options.decide ?? (options.rules ? rulesDecider(options.rules) : undefined);
  if (!decideFn) throw new TypeError('syncHandler needs `rules` or `decide`');
  const ruleDirection = options.rules?.direction;
  if (ruleDirection && !(actionTypesFor(ruleDirection) as readonly string[]).includes(fallback.type)) {
    throw new TypeError(`fallback ${fallback.type} is not allowed for ${ruleDirection}`);
  }
  const margin = options.deadlineMs ?? DEFAULT_MARGIN_MS;
  const rewriteStep = caps.rewrite;
  if (options.rewrite && !rewriteStep)
    throw new CapabilityError('the rewrite option needs the full entry point: import syncHandler from lib, not lib/envelope');
  const whenProblem = options.rewrite?.when && rewriteWhenProblem(options.rewrite.when);
  if (whenProblem) throw new ConditionError([`syncHandler: ${whenProblem}`]);
  const loadFor = options.loadMessage ?? caps.loadMessage;
  // The rule set's code runs in the supervisor's worker (workmail-rules docs/handlers.md, "Always in time"); only a rule set of
  // built-in envelope conditions without RegExps, no decide and no rewrite stays in this thread.
  const needsWorker =
    options.decide !== undefined || options.rewrite !== undefined || options.rules?.needsMessage === true || holdsUserCode(options.rules);
  const placement = placeDefinition(needsWorker, () => syncOperations(options, caps, decideFn));
  const metrics = metricsSettings(options.metrics);

  return async (rawEvent: unknown, context: Context): Promise<SyncResponse> => {
    const started = performance.now();
    const observer = observerOf(context);
    const sink: LogSink = observer ? (line) => observer.log(line) : (options.logger?.sink ?? stdoutSink);
    const log = createLogger(sink);
    let deadline: Deadline | undefined;
    let event: LambdaEventData | undefined;
    let decision: Decision | undefined;
    let rewrite: RewriteReport | undefined;
    let fallbackReason: string | undefined;
    let fallbackUsed = false;
    let response: SyncResponse;
    let direction: FlowDirection = options.direction ?? ruleDirection ?? 'INBOUND';
    let loader: ReturnType<typeof memoizedLoader> | undefined;
    let deviated: string[] = [];
    const kept: RecipientDecision[] = [];

    try {
      deadline = startDeadline(budgetMs(context, margin));
      const parsed = parseEventWithDeviations(rawEvent, { direction: options.direction ?? ruleDirection });
      event = parsed.event;
      deviated = parsed.deviations.map((d) => d.path);
      direction = event.flowDirection;
      const ev = event;
      const dl = deadline;
      loader = memoizedLoader(() => (loadFor ? loadFor(ev, dl.signal) : noLoader()), log);
      const message = caps.view ? caps.view(loader.load) : noMessage(loader.load);
      const tools: DecideTools = { signal: deadline.signal, loadMessage: loader.load, message, log, context };
      const explain = observer?.explain === true;
      if (explain) (tools as DecideTools & { explain?: boolean }).explain = true;
      const remote = remoteCalls(placement, deadline, context, loader.load, log);
      const onDecided = (r: unknown) => kept.push(r as RecipientDecision);
      (tools as DecideTools & { onDecided?: typeof onDecided }).onDecided = onDecided;
      const decided = await deadline.race(
        remote
          ? (remote('decide', { event: ev, explain }, onDecided) as Promise<Decision>)
          : Promise.resolve().then(() => decideFn(ev, tools)),
      );
      // Work abandoned at the deadline inside the rules may surface as an unknown condition: still late.
      if (performance.now() >= deadline.at) throw new DeadlineError(Math.round(deadline.at - started));
      decision = decided;
      if (options.onError === 'retry' && loader.error && isTransient(loader.error)) throw loader.error;
      observer?.decision?.(decided);
      response = planResponse(decided, { direction });
      const problems = validateResponse(response, direction);
      if (problems.length)
        throw Object.assign(new Error(`planned response is invalid: ${problems.join('; ')}`), { code: 'INVALID_RESPONSE' });
      if (options.rewrite && rewriteStep) {
        const inWorker: RemoteRewrite | undefined = remote && {
          when: () => remote('when', { event: ev }) as Promise<boolean | undefined>,
          edit: () => remote('edit', {}) as ReturnType<RemoteRewrite['edit']>,
        };
        rewrite = await runRewriteInTime(rewriteStep, options.rewrite, ev, decided, loader.load, message, deadline, log, inWorker);
        observer?.rewrite?.(rewrite);
      }
    } catch (err) {
      if (options.onError === 'retry' && transient(err)) {
        log.error({ eventName: 'RUN_LAMBDA_ERROR', ...ids(event, rawEvent), retry: true, ...failureFields(err) });
        deadline?.clear();
        throw err;
      }
      fallbackUsed = true;
      fallbackReason = reasonOf(err);
      log.error({ eventName: 'RUN_LAMBDA_ERROR', ...ids(event, rawEvent), fallbackReason, ...failureFields(err) });
      const safe = (actionTypesFor(direction) as readonly string[]).includes(fallback.type) ? fallback : deliver();
      // At the deadline, the recipients the rules had decided keep their actions; the others get the fallback.
      const partial = decision === undefined && err instanceof DeadlineError && event ? keptDecision(event, kept, safe) : undefined;
      const planned = partial && plannedIfValid(partial, direction);
      if (planned) decision = partial;
      response = planned ?? fallbackResponse(safe);
    } finally {
      deadline?.clear();
    }

    observer?.response?.(response, fallbackReason);
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    emitMetrics(
      metrics,
      options.metrics,
      observer,
      baseDimensions(contextCopy(context).functionName, direction),
      syncEntries(
        {
          recipients: event?.envelope.recipients.length ?? 0,
          durationMs,
          response,
          decision,
          fallbackUsed,
          fallbackCode: fallbackReason,
          rewrite,
        },
        metrics.perRule,
      ),
    );
    log.info({
      eventName: 'RUN_LAMBDA_DECISION',
      ...ids(event, rawEvent),
      summaryVersion: event?.summaryVersion,
      truncated: event?.truncated,
      recipientsCount: event?.envelope.recipients.length,
      ...(options.logger?.subject && event ? { subject: event.subject } : {}),
      ruleActions: ruleActionsOf(response, decision),
      fallbackUsed: fallbackReason !== undefined,
      ...(fallbackReason ? { fallbackReason } : {}),
      ...(rewrite ? { rewrite: rewrite.status, ...(rewrite.reason ? { rewriteReason: rewrite.reason } : {}) } : {}),
      ...(decision?.notes?.length ? { notes: decision.notes } : {}),
      ...(deviated.length ? { deviatedFields: deviated } : {}),
      durationMs,
    });
    return response;
  };
}

function rulesDecider(rules: RuleSet): NonNullable<SyncHandlerOptions['decide']> {
  return (event: LambdaEventData, tools: DecideTools) => {
    const extra = tools as DecideTools & { explain?: boolean; onDecided?: (r: RecipientDecision) => void };
    return evaluate(rules, event, { message: tools.message, explain: extra.explain === true, onDecided: extra.onDecided });
  };
}

async function runRewriteInTime(
  runRewrite: NonNullable<Capabilities['rewrite']>,
  options: RewriteOptions,
  event: LambdaEventData,
  decision: Decision,
  loadRaw: () => Promise<Buffer>,
  message: MessageContent,
  deadline: Deadline,
  log: Logger,
  remote: RemoteRewrite | undefined,
): Promise<RewriteReport> {
  let putSent = false;
  const onPut = () => {
    putSent = true;
  };
  try {
    return await deadline.race(runRewrite({ event, decision, options, loadRaw, message, signal: deadline.signal, log, remote, onPut }));
  } catch (err) {
    // A request that reached the service cannot be taken back: say so instead of "original delivered".
    if (putSent) return unknownOutcome(log, { messageId: event.messageId, invocationId: event.invocationId });
    log.warn({ eventName: 'REWRITE_SKIPPED', reason: 'deadline', ...errorFields(err) });
    return { status: 'failed', reason: 'deadline reached: the original message is delivered' };
  }
}

/** The operations a sync handler's definition offers in the worker: decide, the rewrite's `when`, the edit. */
function syncOperations(options: SyncHandlerOptions, caps: Capabilities, decideFn: NonNullable<SyncHandlerOptions['decide']>): Operations {
  const viewOf = (load: () => Promise<Buffer>) => (caps.view ? caps.view(load) : noMessage(load));
  return {
    decide: ({ input, context, loadMessage, log, progress }) => {
      const { event, explain } = input as { event: LambdaEventData; explain: boolean };
      const tools: DecideTools & { explain?: boolean; onDecided?: (r: RecipientDecision) => void } = {
        onDecided: progress,
        signal: new AbortController().signal, // the supervisor ends this worker at the deadline
        loadMessage,
        message: viewOf(loadMessage),
        log,
        context: context as unknown as Context,
        ...(explain ? { explain: true } : {}),
      };
      return decideFn(event, tools);
    },
    when: ({ input, loadMessage }) =>
      holds(options.rewrite!.when!, { event: (input as { event: LambdaEventData }).event, message: viewOf(loadMessage) }),
    edit: async ({ loadMessage }) => caps.edit!(await loadMessage(), options.rewrite!.edits),
  };
}

/** Calls into the worker for this invocation, or undefined when the definition runs in this thread. */
function remoteCalls(placement: Placement, deadline: Deadline, context: unknown, load: () => Promise<Buffer>, log: Logger) {
  if (placement.where !== 'worker') return undefined;
  const { supervisor, key } = placement;
  const ctx = contextCopy(context);
  return (op: string, input: unknown, progress?: (v: unknown) => void) =>
    supervisor.call(key, op, input, { deadlineAt: deadline.at, signal: deadline.signal, context: ctx, load, log, progress });
}

/** The decision at the deadline: what was decided in time, the fallback for every other recipient. */
function keptDecision(event: LambdaEventData, kept: readonly RecipientDecision[], fallback: Action): Decision | undefined {
  if (kept.length === 0) return undefined;
  const byAddress = new Map(kept.map((r) => [r.address.trim().toLowerCase(), r]));
  const recipients = event.envelope.recipients.map(
    ({ address }) => byAddress.get(address.trim().toLowerCase()) ?? { address, action: cloneAction(fallback) },
  );
  const late = recipients.length - kept.length;
  return {
    recipients,
    ...(event.truncated ? { residual: cloneAction(fallback) } : {}),
    notes: [`deadline reached: ${late} recipient(s) not decided in time get the fallback; the others keep their decisions`],
  };
}

function plannedIfValid(decision: Decision, direction: FlowDirection): SyncResponse | undefined {
  try {
    const response = planResponse(decision, { direction });
    return validateResponse(response, direction).length ? undefined : response;
  } catch {
    return undefined;
  }
}

/** The fallback's reason: the error's stable code, whatever was thrown (null, a Symbol, a Proxy). */
function reasonOf(err: unknown): string {
  if (err instanceof UserCodeError) return err.thrown.code ?? err.thrown.type;
  const f = thrownFacts(err);
  return f.code ?? f.type;
}

function failureFields(err: unknown): Record<string, unknown> {
  if (err instanceof UserCodeError) return { errorName: err.thrown.type, ...(err.thrown.code ? { errorCode: err.thrown.code } : {}) };
  return err instanceof Error ? errorFields(err) : { errorName: thrownFacts(err).type };
}

function transient(err: unknown): boolean {
  return err instanceof UserCodeError ? err.thrown.transient === true : isTransient(err);
}

function ids(event: LambdaEventData | undefined, raw: unknown): Record<string, unknown> {
  const src = (event ?? (raw && typeof raw === 'object' ? raw : {})) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 120) : undefined);
  return { messageId: str(src.messageId), invocationId: str(src.invocationId), flowDirection: str(src.flowDirection) };
}
