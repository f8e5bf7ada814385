import type { LambdaEventData, SyncResponse } from './workmail/types';
import { createAsyncHandler, type AsyncHandlerOptions, type AsyncTools } from './runtime/async-handler';
import { createSyncHandler, type SyncHandlerOptions } from './runtime/sync-handler';
import { describeAsync, describeSync, HandlerDefinitionError, withDescription, type Handler } from './runtime/describe';

export * from './rules-api';

/**
 * A rule that reads the message would always be unknown here, so it would never act: refused at
 * definition (and so at synth, which loads the handler), naming the rule and the import to use.
 */
function refuseMessageRules(options: Omit<SyncHandlerOptions, 'rewrite'>): void {
  if (options.loadMessage !== undefined || options.rules?.needsMessage !== true) return;
  const readers = options.rules.rules.filter((r) => r.needsMessage).map((r) => `"${r.name}"`);
  throw new HandlerDefinitionError(
    `syncHandler from 'workmail-rules/envelope' cannot read messages, but rule ${readers.join(', ')} reads the message ` +
      `(body, header, attachment or size conditions)${options.rules.source ? ` (rules defined at ${options.rules.source})` : ''}: ` +
      'it would never act. Import syncHandler from \'workmail-rules\' instead (workmail-rules docs/handlers.md, "The envelope-only entry").',
  );
}

// The actions written out: a project's declaration files then name the type without the package's internal ActionType.
export function syncHandler(
  options: Omit<SyncHandlerOptions, 'rewrite'>,
): Handler<SyncResponse<'BOUNCE' | 'DROP' | 'DEFAULT' | 'BYPASS_SPAM_CHECK' | 'MOVE_TO_JUNK'>> {
  refuseMessageRules(options);
  return withDescription(createSyncHandler(options, {}), describeSync(options, {}));
}

export function asyncHandler(
  fn: (event: LambdaEventData, tools: AsyncTools) => unknown | Promise<unknown>,
  options: AsyncHandlerOptions = {},
): Handler<void> {
  return withDescription(createAsyncHandler(fn, options, {}), describeAsync(options, {}));
}
