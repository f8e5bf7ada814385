/**
 * One synchronous decision, through replay's invocation path (`replay()`: the message stored in the
 * local Message Flow emulator, the Lambda-like context, the budget). When the handler cannot be
 * loaded, throws, or does not answer within the budget, WorkMail retries until the rule timeout and
 * then applies the flow rule's fallback action to every recipient; the sandbox applies that fallback
 * at once (default DEFAULT, the setting `workmail-rules checklist` suggests) and records why.
 */
import type { ActionType, LambdaEventData } from '../../workmail/types';
import { decisionFor, type ReplayDecision } from '../decisions';
import { metricsOf, type MetricValue } from '../metrics-of';
import { replay } from '../replay';
import type { LocalWorkMail } from '../workmail';
import type { LoadedFunction } from './handlers';
import type { SandboxRecord, TraceLine } from './types';

export interface SyncOutcome {
  /** One per envelope recipient, then the added recipients (copies). */
  decisions: ReplayDecision[];
  fallback?: SandboxRecord['fallback'];
  trace?: Record<string, TraceLine[]>;
  rewritten: Buffer | null;
  rewrite?: { status: string; reason?: string };
  functionName?: string;
  /** The CloudWatch metrics the invocation would emit (workmail-rules docs/operations.md, "Metrics"). */
  metrics?: MetricValue[];
}

export async function decideSync(input: {
  fn: LoadedFunction | undefined;
  event: LambdaEventData;
  /** Every accepted recipient, also those cut from a truncated event. */
  recipients: readonly string[];
  raw: Buffer;
  workmail: LocalWorkMail;
  budgetMs: number;
  ruleFallback: ActionType;
}): Promise<SyncOutcome> {
  const { fn, recipients } = input;
  const everyone = (action: ActionType, rule?: string): ReplayDecision[] =>
    recipients.map((recipient) => ({ recipient, action, ...(rule ? { rule } : {}) }));
  if (!fn) return { decisions: everyone('DEFAULT'), rewritten: null, ...noFunction() };
  const functionName = fn.fn.name;
  if (!fn.ok) {
    input.workmail.putMessage(input.event.messageId, input.raw);
    return {
      decisions: everyone(input.ruleFallback),
      fallback: { reason: 'HANDLER_LOAD', by: 'flow-rule', detail: fn.error },
      rewritten: null,
      functionName,
    };
  }
  try {
    const result = await replay(fn.handler, input.event, {
      workmail: input.workmail,
      message: input.raw,
      explain: true,
      budgetMs: input.budgetMs,
      functionName,
      direction: input.event.flowDirection,
    });
    const listed = new Set(recipients.map((r) => r.toLowerCase()));
    const decisions: ReplayDecision[] = recipients.map((recipient) => {
      const d = decisionFor(result.decisions, recipient);
      // not in the response and no allRecipients action: the flow rule's fallback (ADM-LAMBDA)
      return d ? { ...d, recipient } : { recipient, action: input.ruleFallback };
    });
    for (const d of result.decisions) {
      if (d.recipient === '*' || listed.has(d.recipient.toLowerCase())) continue;
      listed.add(d.recipient.toLowerCase());
      decisions.push({ ...d, copy: true });
    }
    return {
      decisions,
      ...(result.fallbackReason !== undefined
        ? { fallback: { reason: result.fallbackReason, by: 'handler' as const, ...detailOf(result.logs) } }
        : {}),
      ...(result.decision?.trace ? { trace: result.decision.trace as Record<string, TraceLine[]> } : {}),
      rewritten: result.rewritten,
      ...(result.rewrite
        ? { rewrite: { status: result.rewrite.status, ...(result.rewrite.reason ? { reason: result.rewrite.reason } : {}) } }
        : {}),
      functionName,
      metrics: metricsOf(result),
    };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return {
      decisions: everyone(input.ruleFallback),
      fallback: {
        reason: e.code === 'REPLAY_TIMEOUT' ? 'HANDLER_TIMEOUT' : 'HANDLER_ERROR',
        by: 'flow-rule',
        detail: String(e.message ?? err),
      },
      rewritten: null,
      functionName,
    };
  }
}

function noFunction(): Pick<SyncOutcome, 'fallback'> {
  return {
    fallback: {
      reason: 'NO_FUNCTION',
      by: 'flow-rule',
      detail: 'no synchronous function serves this direction: every recipient gets DEFAULT',
    },
  };
}

/** The handler's own error line (RUN_LAMBDA_ERROR), for the page: the error's message. */
function detailOf(logs: readonly Record<string, unknown>[]): { detail?: string } {
  const line = logs.find((l) => l['eventName'] === 'RUN_LAMBDA_ERROR');
  const message = line?.['errorMessage'] ?? line?.['message'];
  if (typeof message === 'string') return { detail: message };
  // The rule set's own errors are logged by type (and code) only: their text may quote the message.
  const name = line?.['errorName'];
  const code = line?.['errorCode'];
  return typeof name === 'string' ? { detail: `${name}${typeof code === 'string' ? ` (${code})` : ''}` } : {};
}
