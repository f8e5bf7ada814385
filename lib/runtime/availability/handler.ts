/**
 * `availabilityHandler(fn)`: a Custom Availability Provider Lambda. It validates the request, calls
 * `fn` once per mailbox (default) or once per request, and always answers in time with a valid
 * response holding exactly one entry per requested mailbox: a lookup that throws, returns something
 * invalid or misses the deadline becomes that mailbox's error entry, never a failed invocation.
 */
import type { Context } from 'aws-lambda';
import { AvailabilityValidationError, isObject, parseAvailabilityRequest } from '../../workmail/availability/request';
import { validateAvailabilityResponse, validateMailboxAnswer } from '../../workmail/availability/response';
import {
  AVAILABILITY_TIMEOUT_MS,
  type AvailabilityRequest,
  type AvailabilityResponse,
  type MailboxAnswer,
  type MailboxAvailability,
  type MailboxError,
} from '../../workmail/availability/types';
import { collectAnswers, fitResponseSize, forwardedAnswer, summarize, type Outcome } from './outcome';
import { budgetMs, DEFAULT_MARGIN_MS, DeadlineError, startDeadline } from '../deadline';
import { createLogger, errorFields, stdoutSink, type Logger, type LogSink } from '../log';
import { observerOf } from '../observer';
import { metricsSettings, type MetricsOptions } from '../metrics';
import { availabilityEntries, baseDimensions, emitMetrics } from '../metrics-invocation';

export interface AvailabilityTools {
  /** Fires at the deadline (WorkMail waits 25 s): pass it to anything that can be cancelled. */
  signal: AbortSignal;
  log: Logger;
  context: Context;
  /** In per-mailbox mode, the mailbox being looked up (as requested). */
  mailbox?: string;
}

/** What a per-mailbox lookup returns: its events and working hours, or an error; `mailbox` may be left out. */
export type MailboxResult =
  | (Omit<MailboxAvailability, 'mailbox'> & { mailbox?: string })
  | (Omit<MailboxError, 'mailbox'> & { mailbox?: string });

export interface AvailabilityHandlerOptions {
  /** 'mailbox' (default): `fn` once per distinct mailbox, `concurrency` at a time; 'request': once with the whole request. */
  per?: 'mailbox' | 'request';
  /** Lookups running at once in per-mailbox mode. @default 8 */
  concurrency?: number;
  /** Safety margin before WorkMail's 25 s (or the Lambda's remaining time) in ms. @default 1 000 */
  deadlineMs?: number;
  /** Log output; `subjects: true` adds the answered events' subjects (off by default). */
  logger?: { sink?: LogSink; subjects?: boolean };
  /** CloudWatch metrics (EMF lines on stdout): namespace, on/off (workmail-rules docs/operations.md, "Metrics"). */
  metrics?: MetricsOptions;
}

export type AvailabilityHandler = (request: unknown, context: Context) => Promise<AvailabilityResponse>;
type Awaitable<T> = T | Promise<T>;
export type MailboxLookup = (request: AvailabilityRequest, tools: AvailabilityTools & { mailbox: string }) => Awaitable<MailboxResult>;
export type RequestLookup = (request: AvailabilityRequest, tools: AvailabilityTools) => Awaitable<AvailabilityResponse | MailboxAnswer[]>;

export function availabilityHandler(fn: MailboxLookup, options?: AvailabilityHandlerOptions & { per?: 'mailbox' }): AvailabilityHandler;
export function availabilityHandler(fn: RequestLookup, options: AvailabilityHandlerOptions & { per: 'request' }): AvailabilityHandler;
export function availabilityHandler(fn: MailboxLookup | RequestLookup, options: AvailabilityHandlerOptions = {}): AvailabilityHandler {
  const per = options.per ?? 'mailbox';
  if (per !== 'mailbox' && per !== 'request')
    throw new TypeError(`availabilityHandler: per must be "mailbox" or "request", got ${JSON.stringify(per)}`);
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new TypeError(`availabilityHandler: concurrency must be a positive integer, got ${String(concurrency)}`);
  const margin = options.deadlineMs ?? DEFAULT_MARGIN_MS;
  const metrics = metricsSettings(options.metrics);

  return async (raw: unknown, context: Context): Promise<AvailabilityResponse> => {
    const started = performance.now();
    const observer = observerOf(context);
    const log = createLogger(observer ? (line) => observer.log(line) : (options.logger?.sink ?? stdoutSink));
    const deadline = startDeadline(budgetMs(context, margin, AVAILABILITY_TIMEOUT_MS));
    let request: AvailabilityRequest | undefined;
    let outcomes: Outcome[] = [];
    let requestIssues: AvailabilityValidationError['issues'] | undefined;
    try {
      request = parseAvailabilityRequest(raw);
      const tools: AvailabilityTools = { signal: deadline.signal, log, context };
      outcomes =
        per === 'mailbox'
          ? await perMailbox(fn as MailboxLookup, request, tools, concurrency, deadline)
          : await perRequest(fn as RequestLookup, request, tools, deadline);
    } catch (err) {
      if (err instanceof AvailabilityValidationError) requestIssues = err.issues;
      else log.error({ eventName: 'AVAILABILITY_ERROR', ...errorFields(err) });
      outcomes = listedMailboxes(raw).map((mailbox) => ({
        answer: { mailbox, error: 'ErrorFreeBusyGenerationFailed' },
        reason: requestIssues ? 'invalid-request' : 'error',
      }));
    } finally {
      deadline.clear();
    }
    outcomes = fitResponseSize(outcomes); // per mailbox too: the answer stays within Lambda's 6 MB
    const response: AvailabilityResponse = { mailboxes: outcomes.map((o) => o.answer) };
    const leftover = validateAvailabilityResponse(response, request);
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const errors = response.mailboxes.flatMap((m) => ('error' in m ? [m.error] : []));
    emitMetrics(
      metrics,
      options.metrics,
      observer,
      baseDimensions(context?.functionName),
      availabilityEntries(outcomes.length, durationMs, errors),
    );
    log[requestIssues || outcomes.some((o) => o.reason) ? 'warn' : 'info']({
      eventName: 'AVAILABILITY_RESPONSE',
      invocationId: context?.awsRequestId,
      organization: request?.requester.organization ?? organizationOf(raw),
      ...(requestIssues ? { invalidRequest: true, issues: requestIssues } : {}),
      ...summarize(outcomes, options.logger?.subjects === true),
      ...(leftover.length ? { responseProblems: leftover } : {}),
      durationMs,
    });
    return response;
  };
}

type Deadline = ReturnType<typeof startDeadline>;

function failure(mailbox: string, err: unknown): Outcome {
  if (err instanceof DeadlineError) return { answer: { mailbox, error: 'ErrorTimeoutExpired' }, reason: 'timeout' };
  return { answer: { mailbox, error: 'ErrorFreeBusyGenerationFailed' }, reason: 'threw', error: errorFields(err) };
}

/** The lookup's result as this mailbox's entry, or an error entry when it is not a valid one. */
export function checkedAnswer(mailbox: string, result: unknown): Outcome {
  if (!isObject(result))
    return {
      answer: { mailbox, error: 'ErrorResponseSchemaValidation' },
      reason: 'invalid',
      issues: [{ path: '', message: 'expected an object' }],
    };
  if (
    result.mailbox !== undefined &&
    (typeof result.mailbox !== 'string' || result.mailbox.trim().toLowerCase() !== mailbox.trim().toLowerCase())
  ) {
    return {
      answer: { mailbox, error: 'ErrorResponseSchemaValidation' },
      reason: 'invalid',
      issues: [{ path: 'mailbox', message: 'answers another mailbox' }],
    };
  }
  const answer = { ...result, mailbox } as MailboxAnswer;
  const issues = validateMailboxAnswer(answer, '');
  if (issues.length) return { answer: { mailbox, error: 'ErrorResponseSchemaValidation' }, reason: 'invalid', issues };
  return { answer: forwardedAnswer(answer) };
}

async function perMailbox(
  fn: MailboxLookup,
  request: AvailabilityRequest,
  tools: AvailabilityTools,
  concurrency: number,
  deadline: Deadline,
): Promise<Outcome[]> {
  const first = new Map<string, string>();
  for (const m of request.mailboxes) if (!first.has(m.toLowerCase())) first.set(m.toLowerCase(), m);
  const distinct = [...first.values()];
  const results = new Map<string, Outcome>();
  let next = 0;
  const worker = async () => {
    while (next < distinct.length) {
      const mailbox = distinct[next++]!;
      if (deadline.signal.aborted) {
        results.set(mailbox.toLowerCase(), failure(mailbox, deadline.signal.reason));
        continue;
      }
      const one = { ...request, mailboxes: [mailbox] };
      try {
        const result = await deadline.race(Promise.resolve().then(() => fn(one, { ...tools, mailbox })));
        results.set(mailbox.toLowerCase(), checkedAnswer(mailbox, result));
      } catch (err) {
        results.set(mailbox.toLowerCase(), failure(mailbox, err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, distinct.length) }, worker));
  return request.mailboxes.map((m) => {
    const o = results.get(m.toLowerCase())!;
    return { ...o, answer: { ...o.answer, mailbox: m } };
  });
}

async function perRequest(
  fn: RequestLookup,
  request: AvailabilityRequest,
  tools: AvailabilityTools,
  deadline: Deadline,
): Promise<Outcome[]> {
  let result: unknown;
  try {
    result = await deadline.race(Promise.resolve().then(() => fn(request, tools)));
  } catch (err) {
    return request.mailboxes.map((m) => failure(m, err));
  }
  return collectAnswers(request.mailboxes, result, checkedAnswer);
}

function listedMailboxes(raw: unknown): string[] {
  const list = isObject(raw) ? raw.mailboxes : undefined;
  return Array.isArray(list) ? list.filter((m): m is string => typeof m === 'string' && m.trim() !== '') : []; // as requested
}

function organizationOf(raw: unknown): string | undefined {
  const r = isObject(raw) ? raw.requester : undefined;
  return isObject(r) && typeof r.organization === 'string' ? r.organization.slice(0, 40) : undefined;
}
