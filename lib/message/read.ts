import type { WorkMailMessageFlowClient } from '@aws-sdk/client-workmailmessageflow';
import { LIMITS } from '../workmail/limits';

/** Larger declared lengths are not trusted for one allocation (WorkMail's messages are at most 40 MB). */
const MAX_PREALLOCATED = 2 * LIMITS.maxMimeBytes;
import { once } from './once';
import { WorkMailRulesError } from '../workmail/errors';

const sdk = once(() => import('./message-flow-sdk'));

/** The message id cannot be fetched: it does not match the Message Flow API's pattern (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda-content.html). */
export class MessageIdError extends WorkMailRulesError {
  readonly code = 'MESSAGE_ID' as const;
  override readonly name = 'MessageIdError';
}

/** GetRawMessageContent (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda-content.html); the SDK's own errors reach the caller unchanged. */
export async function getRawMessage(
  client: WorkMailMessageFlowClient,
  messageId: string,
  options: { signal?: AbortSignal } = {},
): Promise<Buffer> {
  if (!LIMITS.messageIdPattern.test(messageId)) {
    throw new MessageIdError(
      `messageId ${JSON.stringify(messageId.slice(0, 130))} does not match ${LIMITS.messageIdPattern}: it cannot be fetched with GetRawMessageContent`,
    );
  }
  const { GetRawMessageContentCommand } = await sdk();
  const out = await client.send(new GetRawMessageContentCommand({ messageId }), { abortSignal: options.signal });
  if (!out.messageContent) throw new Error(`GetRawMessageContent returned no content for ${messageId}`);
  return collect(out.messageContent);
}

/**
 * The body in one Buffer. With the length known (Content-Length), each chunk is copied into place as
 * it arrives, while the rest is still on the way; the SDK's own transformToByteArray collects first
 * and then copies the whole message twice more.
 */
async function collect(body: { transformToByteArray(): Promise<Uint8Array> }): Promise<Buffer> {
  if (typeof (body as Partial<AsyncIterable<Uint8Array>>)[Symbol.asyncIterator] !== 'function') {
    const bytes = await body.transformToByteArray();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  const declared = Number((body as { headers?: Record<string, unknown> }).headers?.['content-length']);
  let out = Number.isSafeInteger(declared) && declared >= 0 && declared <= MAX_PREALLOCATED ? Buffer.allocUnsafe(declared) : undefined;
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const c of body as unknown as AsyncIterable<Uint8Array>) {
    const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    if (out && length + chunk.length <= out.length) chunk.copy(out, length);
    else {
      if (out) chunks.push(out.subarray(0, length)); // more than declared: collect the rest as it comes
      out = undefined;
      chunks.push(chunk);
    }
    length += chunk.length;
  }
  if (out) return length === out.length ? out : out.subarray(0, length);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
}
