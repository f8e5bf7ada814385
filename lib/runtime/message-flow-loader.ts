/**
 * The Message Flow loader (GetRawMessageContent), plugged in by the full entry only: an envelope-only
 * bundle never references it, so neither the SDK nor this file's lazy imports end up in it.
 */
import { once } from '../message/once';
import type { LambdaEventData } from '../workmail/types';

const readModule = once(() => import('../message/read'));
const clientsModule = once(() => import('./clients'));

/** GetRawMessageContent through the Message Flow API; both modules load only when first needed. */
export async function defaultLoad(event: LambdaEventData, signal: AbortSignal): Promise<Buffer> {
  const [{ getRawMessage }, { messageFlowClient }] = await Promise.all([readModule(), clientsModule()]);
  return getRawMessage(await messageFlowClient(), event.messageId, { signal });
}
