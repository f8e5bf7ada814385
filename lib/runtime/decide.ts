/**
 * `decide(ruleSet, event, options?)`: the rules' decision for one invocation. The message is read
 * through `loadMessage` at most once, and only when a content condition is actually reached;
 * without a loader (or a view), content conditions are unknown.
 */
import type { Decision } from '../engine/decision';
import type { MessageContent } from '../workmail/message-content';
import { evaluate } from '../engine/evaluate';
import type { RuleSet } from '../engine/rules';
import { createMessageView } from '../message/view';
import type { LambdaEventData } from '../workmail/types';

export interface DecideOptions {
  /** Returns the raw MIME (GetRawMessageContent in Lambda, a file locally). */
  loadMessage?: () => Promise<Buffer>;
  /** A ready view instead of a loader (the handler shares one with the rewriter). */
  message?: MessageContent;
  /** Add a per-recipient trace of each rule's outcome. */
  explain?: boolean;
}

export function decide(ruleSet: RuleSet, event: LambdaEventData, options: DecideOptions = {}): Promise<Decision> {
  const message = options.message ?? (options.loadMessage ? createMessageView(options.loadMessage) : undefined);
  return evaluate(ruleSet, event, { ...(message ? { message } : {}), ...(options.explain ? { explain: true } : {}) });
}
