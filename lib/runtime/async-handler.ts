import type { Context } from 'aws-lambda';
import type { MessageContent } from '../workmail/message-content';
import { EventValidationError } from '../workmail/errors';
import { parseEventWithDeviations } from '../workmail/parse-event';
import type { FlowDirection, LambdaEventData } from '../workmail/types';
import { budgetMs, startDeadline } from './deadline';
import { createLogger, errorFields, type Logger, type LogSink, stdoutSink } from './log';
import { noLoader, noMessage, type Capabilities } from './capabilities';
import { memoizedLoader } from './message-loader';
import { observerOf } from './observer';
import { metricsSettings, type MetricsOptions } from './metrics';
import { UNKNOWN_DIRECTION } from '../workmail/metric-names';
import { asyncEntries, baseDimensions, emitMetrics } from './metrics-invocation';

export interface AsyncTools {
  /** Stable across WorkMail's retries of the same event: use it to make side effects idempotent. */
  invocationId: string;
  signal: AbortSignal;
  loadMessage(): Promise<Buffer>;
  message: MessageContent;
  log: Logger;
  context: Context;
}

export interface AsyncHandlerOptions {
  direction?: FlowDirection;
  logger?: { sink?: LogSink };
  /** Safety margin before Lambda's own timeout, in ms (default 1 000). */
  deadlineMs?: number;
  loadMessage?: (event: LambdaEventData, signal: AbortSignal) => Promise<Buffer>;
  /** CloudWatch metrics (EMF lines on stdout): namespace, on/off (workmail-rules docs/operations.md, "Metrics"). */
  metrics?: MetricsOptions;
}

/**
 * An asynchronous Run-Lambda handler: WorkMail ignores its result and does not wait for it, so it
 * only observes (metrics, archives, notifications). There is deliberately no rewrite option here:
 * PutRawMessageContent from an asynchronous rule does not change what is delivered (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html,
 * https://docs.aws.amazon.com/workmail/latest/adminguide/update-with-lambda.html). An invalid event is logged and swallowed (a retry cannot fix it); other errors are logged
 * and rethrown so Lambda's retry policy applies.
 */
export function createAsyncHandler(
  fn: (event: LambdaEventData, tools: AsyncTools) => unknown | Promise<unknown>,
  options: AsyncHandlerOptions,
  caps: Capabilities,
): (event: unknown, context: Context) => Promise<void> {
  const loadFor = options.loadMessage ?? caps.loadMessage;
  const metrics = metricsSettings(options.metrics);
  return async (rawEvent, context) => {
    const started = performance.now();
    const observer = observerOf(context);
    const log = createLogger(observer ? (l) => observer.log(l) : (options.logger?.sink ?? stdoutSink));
    const emit = (direction: string, recipients: number, failure?: 'invalid-event' | 'error') =>
      emitMetrics(
        metrics,
        options.metrics,
        observer,
        baseDimensions(context?.functionName, direction),
        asyncEntries(recipients, performance.now() - started, failure),
      );
    let event: LambdaEventData;
    let deviated: string[];
    try {
      const parsed = parseEventWithDeviations(rawEvent, { direction: options.direction });
      event = parsed.event;
      deviated = parsed.deviations.map((d) => d.path);
    } catch (err) {
      if (err instanceof EventValidationError) {
        log.error({ eventName: 'RUN_LAMBDA_ASYNC_INVALID_EVENT', ...errorFields(err) });
        emit(options.direction ?? directionOf(rawEvent) ?? UNKNOWN_DIRECTION, 0, 'invalid-event');
        return;
      }
      throw err;
    }
    const deadline = startDeadline(budgetMs(context, options.deadlineMs, 15 * 60_000));
    const ids = { messageId: event.messageId, invocationId: event.invocationId, flowDirection: event.flowDirection };
    try {
      const loader = memoizedLoader(() => (loadFor ? loadFor(event, deadline.signal) : noLoader()), log);
      await fn(event, {
        invocationId: event.invocationId,
        signal: deadline.signal,
        loadMessage: loader.load,
        message: caps.view ? caps.view(loader.load) : noMessage(loader.load),
        log,
        context,
      });
      log.info({
        eventName: 'RUN_LAMBDA_ASYNC',
        ...ids,
        recipientsCount: event.envelope.recipients.length,
        ...(deviated.length ? { deviatedFields: deviated } : {}),
        durationMs: Math.round(performance.now() - started),
      });
      emit(event.flowDirection, event.envelope.recipients.length);
    } catch (err) {
      log.error({ eventName: 'RUN_LAMBDA_ASYNC_ERROR', ...ids, ...errorFields(err) });
      emit(event.flowDirection, event.envelope.recipients.length, 'error');
      throw err;
    } finally {
      deadline.clear();
    }
  };
}

/** The event's flowDirection when it is a valid one (for the metrics of an invalid event). */
function directionOf(raw: unknown): FlowDirection | undefined {
  const d = raw && typeof raw === 'object' ? (raw as { flowDirection?: unknown }).flowDirection : undefined;
  return d === 'INBOUND' || d === 'OUTBOUND' ? d : undefined;
}
