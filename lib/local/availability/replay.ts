/**
 * `replayAvailability(handler, request)`: invoke a Custom Availability Provider handler as WorkMail
 * would (a Lambda-like context with WorkMail's 25 s budget), collect its log lines, and check the
 * response against the request.
 */
import type { ValidationIssue } from '../../workmail/errors';
import { validateAvailabilityResponse } from '../../workmail/availability/response';
import { AVAILABILITY_TIMEOUT_MS, type AvailabilityResponse } from '../../workmail/availability/types';
import type { LogFields } from '../../runtime/log';
import type { EmfDocument } from '../../runtime/metrics';
import { createLocalContext } from '../context';
import { LocalWorkMailError } from '../errors';
import { loadHandler, type LambdaHandler } from '../handler-module';
import { readEventFile } from '../replay';

export interface AvailabilityReplayOptions {
  /** @default WorkMail's 25 000 ms */
  budgetMs?: number;
  functionName?: string;
  /** The module export to call when `handler` is a path. @default handler */
  exportName?: string;
}

export interface AvailabilityReplayResult {
  request: unknown;
  response: AvailabilityResponse;
  /** Why WorkMail would reject the response, with JSON paths (also checked against the request's mailboxes); empty when valid. */
  responseProblems: ValidationIssue[];
  logs: LogFields[];
  /** The CloudWatch EMF documents the invocation would write (read them with metricsOf). */
  metrics: EmfDocument[];
  durationMs: number;
}

/** True when a JSON value is shaped like a CAP request (requester, mailboxes and window), not a flow-rule event. */
export function isAvailabilityRequest(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    'requester' in value &&
    'mailboxes' in value &&
    'window' in value &&
    !('envelope' in value)
  );
}

export async function replayAvailability(
  handler: LambdaHandler | string,
  request: unknown,
  options: AvailabilityReplayOptions = {},
): Promise<AvailabilityReplayResult> {
  const fn = typeof handler === 'string' ? await loadHandler(handler, options.exportName) : handler;
  const req = typeof request === 'string' ? await readEventFile(request) : structuredClone(request);
  const logs: LogFields[] = [];
  const metrics: EmfDocument[] = [];
  const budget = options.budgetMs ?? AVAILABILITY_TIMEOUT_MS;
  const context = createLocalContext({
    functionName: options.functionName ?? 'workmail-rules-availability',
    budgetMs: budget,
    observer: { log: (line) => logs.push(line), metrics: (docs) => metrics.push(...docs) },
  });
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let response: unknown;
  try {
    response = await Promise.race([
      Promise.resolve().then(() => fn(req, context)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new LocalWorkMailError(
                'REPLAY_TIMEOUT',
                `availability handler did not answer within ${budget} ms; WorkMail then fails every mailbox of the request`,
              ),
            ),
          budget,
        );
      }),
    ]);
  } catch (err) {
    if (err instanceof LocalWorkMailError) throw err;
    throw Object.assign(
      new LocalWorkMailError('REPLAY_HANDLER', `availability handler threw: ${err instanceof Error ? err.message : String(err)}`),
      { cause: err, logs, metrics },
    );
  } finally {
    clearTimeout(timer);
  }
  const durationMs = Math.round((performance.now() - started) * 100) / 100;
  const mailboxes = (req as { mailboxes?: unknown })?.mailboxes;
  const listed =
    Array.isArray(mailboxes) && mailboxes.every((m) => typeof m === 'string')
      ? { mailboxes: (mailboxes as string[]).map((m) => m.trim()) }
      : undefined;
  return {
    request: req,
    response: response as AvailabilityResponse,
    responseProblems: validateAvailabilityResponse(response, listed),
    logs,
    metrics,
    durationMs,
  };
}
