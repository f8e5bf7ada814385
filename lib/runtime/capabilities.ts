/**
 * What a handler can do beyond the envelope: read the message, view it, rewrite it. The handler core
 * (sync-handler.ts, async-handler.ts) imports none of these modules, so a bundle that does not plug
 * them in (lib/envelope.ts) carries neither the AWS SDK nor the MIME libraries. lib/index.ts plugs
 * all of them in.
 */
import type { MessageContent } from '../workmail/message-content';
import type { LambdaEventData } from '../workmail/types';
import type { RewriteReport } from './observer';
import type { EditResult, RunRewriteArgs } from './rewrite-step';
import type { Edit } from '../message/rewrite/edits';
import { WorkMailRulesError } from '../workmail/errors';

export interface Capabilities {
  /** Fetch the raw MIME for an event (GetRawMessageContent in Lambda). */
  loadMessage?: (event: LambdaEventData, signal: AbortSignal) => Promise<Buffer>;
  /** A lazy parsed view over a loader. */
  view?: (load: () => Promise<Buffer>) => MessageContent;
  /** The rewrite step, run after the decision. */
  rewrite?: (args: RunRewriteArgs) => Promise<RewriteReport>;
  /** Edit a message and check the result (run in the supervisor's worker for the rewrite step). */
  edit?: (raw: Buffer, edits: Edit[]) => Promise<EditResult>;
}

/** Raised when a handler asks for something its entry point did not plug in. */
export class CapabilityError extends WorkMailRulesError {
  readonly code = 'CAPABILITY' as const;
  override readonly name = 'CapabilityError';
}

const unavailable = (what: string) => () =>
  Promise.reject(
    new CapabilityError(
      `${what} is not available in this entry point: import syncHandler from 'workmail-rules' (not 'workmail-rules/envelope') to read messages`,
    ),
  );

/**
 * The view when no parser is plugged in: every method asks the loader first (so a failure is logged
 * once, as for any unreadable message), then rejects. Content conditions become unknown.
 */
export function noMessage(load: () => Promise<Buffer>): MessageContent {
  const reject = () => load().then(unavailable('the parsed message'));
  return { size: reject, headers: reject, text: reject, attachments: reject };
}

export function noLoader(): Promise<Buffer> {
  return unavailable('the message')();
}
