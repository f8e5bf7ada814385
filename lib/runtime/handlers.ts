import type { LambdaEventData, SyncResponse } from '../workmail/types';
import { createMessageView } from '../message/view';
import { createAsyncHandler, type AsyncHandlerOptions, type AsyncTools } from './async-handler';
import type { Capabilities } from './capabilities';
import { defaultLoad } from './message-flow-loader';
import { editAndCheck, runRewrite } from './rewrite-step';
import { describeAsync, describeSync, withDescription, type Handler } from './describe';
import { createSyncHandler, type SyncHandlerOptions } from './sync-handler';

const full: Capabilities = { loadMessage: defaultLoad, view: createMessageView, rewrite: runRewrite, edit: editAndCheck };

/**
 * A synchronous Run-Lambda handler: validate the event, decide per recipient, plan a response within
 * WorkMail's limits, optionally rewrite the message, and always answer in time with a valid response.
 */
// The actions written out: a project's declaration files then name the type without the package's internal ActionType.
export function syncHandler(
  options: SyncHandlerOptions,
): Handler<SyncResponse<'BOUNCE' | 'DROP' | 'DEFAULT' | 'BYPASS_SPAM_CHECK' | 'MOVE_TO_JUNK'>> {
  const description = describeSync(options, full);
  return withDescription(createSyncHandler(options, full), description);
}

/**
 * An asynchronous Run-Lambda handler. It has no rewrite option: WorkMail ignores message updates made
 * from asynchronous rules (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html, https://docs.aws.amazon.com/workmail/latest/adminguide/update-with-lambda.html).
 */
export function asyncHandler(
  fn: (event: LambdaEventData, tools: AsyncTools) => unknown | Promise<unknown>,
  options: AsyncHandlerOptions = {},
): Handler<void> {
  return withDescription(createAsyncHandler(fn, options, full), describeAsync(options, full));
}
