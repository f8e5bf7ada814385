import type { Context } from 'aws-lambda';
import { deliver, type Action } from '../engine/actions';
import type { Decision } from '../engine/decision';
import type { MessageContent } from '../workmail/message-content';
import { planResponse } from '../engine/plan';
import { evaluate } from '../engine/evaluate';
import type { RuleSet } from '../engine/rules';
import { parseEventWithDeviations } from '../workmail/parse-event';
import { actionTypesFor, type FlowDirection, type LambdaEventData, type SyncResponse } from '../workmail/types';
import { validateResponse } from '../workmail/validate-response';
import { budgetMs, DeadlineError, DEFAULT_MARGIN_MS, startDeadline, type Deadline } from './deadline';
import { enterDeadline, guardRegExps, runBefore } from './guard';
import { CapabilityError, noLoader, noMessage, type Capabilities } from './capabilities';
import { createLogger, errorFields, type Logger, type LogSink, stdoutSink } from './log';
import { memoizedLoader } from './message-loader';
import { metricsSettings, type MetricsOptions } from './metrics';
import { baseDimensions, emitMetrics, syncEntries } from './metrics-invocation';
import { observerOf, type RewriteReport } from './observer';
import { ruleActionsOf } from './rule-actions';
import type { RewriteOptions } from './rewrite-step';
import { isTransient } from './transient';

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
  /** CloudWatch metrics (EMF lines on stdout): namespace, per-rule metrics, on/off (README "Metrics"). */
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
  const loadFor = options.loadMessage ?? caps.loadMessage;
  // Matching by the rules' own RegExps obeys the deadline, also after an await (README "Always in time").
  // Rules holding neither a RegExp nor a predicate are the evaluator's own bounded work: no guarded call.
  const decideRunsLong = guardRegExps(options.rules) || options.decide !== undefined;
  guardRegExps(options.rewrite?.when);
  const metrics = metricsSettings(options.metrics);

  return async (rawEvent: unknown, context: Context): Promise<SyncResponse> => {
    const started = performance.now();
    const observer = observerOf(context);
    const sink: LogSink = observer ? (line) => observer.log(line) : (options.logger?.sink ?? stdoutSink);
    const log = createLogger(sink);
    const deadline = startDeadline(budgetMs(context, margin));
    const leave = enterDeadline(deadline.at);
    let event: LambdaEventData | undefined;
    let decision: Decision | undefined;
    let rewrite: RewriteReport | undefined;
    let fallbackReason: string | undefined;
    let fallbackUsed = false;
    let response: SyncResponse;
    let direction: FlowDirection = options.direction ?? ruleDirection ?? 'INBOUND';
    let loader: ReturnType<typeof memoizedLoader> | undefined;
    let deviated: string[] = [];

    try {
      const parsed = parseEventWithDeviations(rawEvent, { direction: options.direction ?? ruleDirection });
      event = parsed.event;
      deviated = parsed.deviations.map((d) => d.path);
      direction = event.flowDirection;
      const ev = event;
      loader = memoizedLoader(() => (loadFor ? loadFor(ev, deadline.signal) : noLoader()), log);
      const message = caps.view ? caps.view(loader.load) : noMessage(loader.load);
      const tools: DecideTools = { signal: deadline.signal, loadMessage: loader.load, message, log, context };
      if (observer?.explain) (tools as DecideTools & { explain?: boolean }).explain = true;
      // The synchronous part of deciding (RegExps, user predicates) is stopped at the deadline.
      const decide = () => decideFn(ev, tools);
      const decided = await deadline.race(Promise.resolve(decideRunsLong ? runBefore(deadline.at, decide) : decide()));
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
        rewrite = await runRewriteInTime(rewriteStep, options.rewrite, ev, decided, loader.load, message, deadline, log);
        observer?.rewrite?.(rewrite);
      }
    } catch (err) {
      if (options.onError === 'retry' && isTransient(err)) {
        log.error({ eventName: 'RUN_LAMBDA_ERROR', ...ids(event, rawEvent), retry: true, ...errorFields(err) });
        deadline.clear();
        throw err;
      }
      fallbackUsed = true;
      fallbackReason = (err as { code?: string }).code ?? (err as Error).name ?? 'error';
      log.error({ eventName: 'RUN_LAMBDA_ERROR', ...ids(event, rawEvent), fallbackReason, ...errorFields(err) });
      const safe = (actionTypesFor(direction) as readonly string[]).includes(fallback.type) ? fallback : deliver();
      response = fallbackResponse(safe);
    } finally {
      deadline.clear();
      leave();
    }

    observer?.response?.(response, fallbackReason);
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    emitMetrics(
      metrics,
      options.metrics,
      observer,
      baseDimensions(context?.functionName, direction),
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

function rulesDecider(rules: RuleSet) {
  return (event: LambdaEventData, tools: DecideTools) =>
    evaluate(rules, event, { message: tools.message, explain: (tools as { explain?: boolean }).explain === true });
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
): Promise<RewriteReport> {
  try {
    return await deadline.race(
      runRewrite({ event, decision, options, loadRaw, message, signal: deadline.signal, deadlineAt: deadline.at, log }),
    );
  } catch (err) {
    log.warn({ eventName: 'REWRITE_SKIPPED', reason: 'deadline', ...errorFields(err) });
    return { status: 'failed', reason: 'deadline reached: the original message is delivered' };
  }
}

function ids(event: LambdaEventData | undefined, raw: unknown): Record<string, unknown> {
  const src = (event ?? (raw && typeof raw === 'object' ? raw : {})) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 120) : undefined);
  return { messageId: str(src.messageId), invocationId: str(src.invocationId), flowDirection: str(src.flowDirection) };
}
