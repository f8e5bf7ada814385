/**
 * Staging a rewritten message: S3 PutObject, then PutRawMessageContent pointing at it (https://docs.aws.amazon.com/workmail/latest/adminguide/update-with-lambda.html).
 * Every service answer becomes a typed outcome, never a throw. The SDK clients are passed in.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { WorkMailMessageFlowClient } from '@aws-sdk/client-workmailmessageflow';
import { WorkMailRulesError } from '../workmail/errors';

/** S3Reference.bucket as the Message Flow API accepts it (https://docs.aws.amazon.com/workmail/latest/adminguide/update-with-lambda.html): 3–63, no dots or underscores. */
export const BUCKET_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** S3Reference.key: 1–1024 of letters, digits, `-` and `/`. */
export const KEY_PATTERN = /^[a-zA-Z0-9/-]{1,1024}$/;

export class StageError extends WorkMailRulesError {
  readonly code = 'STAGE' as const;
  override readonly name = 'StageError';
}

/** `<keyPrefix><messageId>/<invocationId>`, refused characters as `-`: an invocation's retries overwrite one object. */
export function stagingKey(keyPrefix: string, messageId: string, invocationId: string): string {
  const clean = (s: string) => s.replace(/[^a-zA-Z0-9/-]/g, '-');
  const key = `${clean(keyPrefix)}${clean(messageId)}/${clean(invocationId || 'invocation')}`;
  if (!KEY_PATTERN.test(key))
    throw new StageError(`staging key is ${key.length} characters; the Message Flow API accepts 1-1024: shorten keyPrefix`);
  return key;
}

export function checkBucket(bucket: string): void {
  if (!BUCKET_PATTERN.test(bucket)) {
    throw new StageError(
      `rewrite bucket "${bucket}" cannot be used with PutRawMessageContent: the name must be 3-63 lower-case letters, digits or "-" (no dots or underscores)`,
    );
  }
}

/** WorkMail's own refusals of PutRawMessageContent, each an outcome (frozen: usually a redirected email; rejected: the MIME, never retried). */
type Refusal = 'frozen' | 'rejected' | 'not-found' | 'invalid-location';
const PUT_OUTCOMES = new Map<string, Refusal>([
  ['MessageFrozen', 'frozen'],
  ['MessageRejected', 'rejected'],
  ['ResourceNotFoundException', 'not-found'],
  ['InvalidContentLocation', 'invalid-location'],
]);

export type StageOutcome =
  /** The message is replaced: WorkMail delivers the new content. */
  | { status: 'updated'; key: string; objectVersion?: string }
  /** WorkMail refused it (see PUT_OUTCOMES); `message` is its answer. */
  | { status: Refusal; key: string; message: string }
  /** PutObject failed (nothing was handed to WorkMail), or PutRawMessageContent otherwise (throttling or 5xx after the SDK's retries, deadline, access). */
  | { status: 'upload-failed' | 'put-failed'; key: string; error: unknown };

export interface StageArgs {
  s3: S3Client;
  messageFlow: WorkMailMessageFlowClient;
  bucket: string;
  key: string;
  messageId: string;
  raw: Buffer;
  signal?: AbortSignal;
}

const errorName = (err: unknown): string => (err && typeof err === 'object' && 'name' in err ? String(err.name) : '');
const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The body is protected by the CRC32 checksum the SDK sends with it (S3 verifies it and refuses a
 * mismatch) and, in Lambda, by TLS; signing it as well would hash every message with SHA-256 once
 * more (25 MB: tens of ms). So the signature covers the headers, checksum included, and the payload
 * is marked UNSIGNED-PAYLOAD, as boto3 and the SDK for Java send uploads over HTTPS.
 */
const unsignedPayload =
  <A extends { request: unknown }, R>(next: (args: A) => Promise<R>) =>
  (args: A): Promise<R> => {
    const headers = (args.request as { headers?: Record<string, string> } | null)?.headers;
    if (headers) headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    return next(args);
  };

/** Upload `raw` and point the in-transit message at it. */
export async function stageMessage(args: StageArgs): Promise<StageOutcome> {
  const { s3, messageFlow, bucket, key, messageId, raw, signal } = args;
  checkBucket(bucket);
  if (!KEY_PATTERN.test(key))
    throw new StageError(`staging key "${key}" has characters the Message Flow API refuses; build it with stagingKey()`);
  const [{ PutObjectCommand }, { PutRawMessageContentCommand }] = await Promise.all([import('./s3-sdk'), import('./message-flow-sdk')]);
  let objectVersion: string | undefined;
  try {
    const command = new PutObjectCommand({ Bucket: bucket, Key: key, Body: raw, ContentType: 'message/rfc822', ContentLength: raw.length });
    command.middlewareStack.add(unsignedPayload, { step: 'build', name: 'workmailRulesUnsignedPayload' });
    const put = await s3.send(command, { abortSignal: signal });
    if (put.VersionId && put.VersionId !== 'null') objectVersion = put.VersionId;
  } catch (error) {
    return { status: 'upload-failed', key, error };
  }
  // Past the deadline nothing is handed to WorkMail: the handler has answered already.
  if (signal?.aborted) return { status: 'put-failed', key, error: signal.reason };
  try {
    await messageFlow.send(
      new PutRawMessageContentCommand({
        messageId,
        content: { s3Reference: { bucket, key, ...(objectVersion ? { objectVersion } : {}) } },
      }),
      { abortSignal: signal },
    );
    return { status: 'updated', key, ...(objectVersion ? { objectVersion } : {}) };
  } catch (error) {
    const status = PUT_OUTCOMES.get(errorName(error));
    return status ? { status, key, message: errorMessage(error) } : { status: 'put-failed', key, error };
  }
}
