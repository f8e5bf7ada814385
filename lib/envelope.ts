/// <reference types="node" preserve="true" />
/**
 * The envelope-only entry: handlers whose rules look only at senders, recipients and the subject.
 * It plugs in no Message Flow client, no MIME library and no rewriter, so its bundle stays small and
 * its cold start close to bare Node. Content conditions evaluate as unknown here.
 */
import type { Context } from 'aws-lambda';
import type { LambdaEventData } from './workmail/types';
import { createAsyncHandler, type AsyncHandlerOptions, type AsyncTools } from './runtime/async-handler';
import { createSyncHandler, type SyncHandler, type SyncHandlerOptions } from './runtime/sync-handler';
import { describeAsync, describeSync, withDescription, type Described } from './runtime/describe';

export * from './rules-api';
export * from './availability-api';

export function syncHandler(options: Omit<SyncHandlerOptions, 'rewrite'>): Described<SyncHandler> {
  return withDescription(createSyncHandler(options, {}), describeSync(options, {}));
}

export function asyncHandler(
  fn: (event: LambdaEventData, tools: AsyncTools) => unknown | Promise<unknown>,
  options: AsyncHandlerOptions = {},
): Described<(event: unknown, context: Context) => Promise<void>> {
  return withDescription(createAsyncHandler(fn, options, {}), describeAsync(options, {}));
}
