/**
 * `startLocalWorkMail()`: the Message Flow API emulator and a local S3 on 127.0.0.1, with the
 * environment variables that point the real SDK clients at them.
 */
import { LIMITS } from '../workmail/limits';
import { LocalWorkMailError } from './errors';
import { Faults } from './faults';
import { startMessageFlowServer, type StoredMessage } from './message-flow-server';
import { startS3Server } from './s3/server';
import type { RequestRecord } from './types';

export interface LocalWorkMailOptions {
  /** Staging bucket created in the local S3 (default `workmail-rules-local`). */
  bucket?: string;
  /** Region put in `env.AWS_REGION` (default us-east-1). */
  region?: string;
  /** Let the process exit while the emulators still run (the shared replay instance uses this). */
  unref?: boolean;
}

export interface LocalWorkMail {
  messageFlowEndpoint: string;
  s3Endpoint: string;
  bucket: string;
  region: string;
  /** AWS_ENDPOINT_URL_WORKMAILMESSAGEFLOW, AWS_ENDPOINT_URL_S3, AWS_REGION, static credentials, REWRITE_BUCKET. */
  env: Record<string, string>;
  /** Stores a message as WorkMail holds it in transit; `frozen` makes PutRawMessageContent fail with MessageFrozen. */
  putMessage(id: string, raw: Buffer | string, options?: { frozen?: boolean }): void;
  /** The message as currently stored (after any successful PutRawMessageContent), or undefined. */
  getMessage(id: string): Buffer | undefined;
  faults: Faults;
  /** Every request the emulators received, in order. */
  requests: RequestRecord[];
  stop(): Promise<void>;
}

export const DEFAULT_BUCKET = 'workmail-rules-local';
export const DEFAULT_REGION = 'us-east-1';
/** The one account both emulators know: requests must be SigV4-signed with it (not a real AWS key). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'LOCALWORKMAILRULES', secretAccessKey: 'local-workmail-rules-secret' } as const;

export async function startLocalWorkMail(options: LocalWorkMailOptions = {}): Promise<LocalWorkMail> {
  const bucket = options.bucket ?? DEFAULT_BUCKET;
  const region = options.region ?? DEFAULT_REGION;
  if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new LocalWorkMailError(
      'LOCAL_WORKMAIL',
      `startLocalWorkMail: bucket "${bucket}" does not fit the Message Flow API's S3Reference pattern ^[a-z0-9][a-z0-9-]*$ (3-63 chars); choose another name`,
    );
  }
  const faults = new Faults();
  const requests: RequestRecord[] = [];
  const messages = new Map<string, StoredMessage>();

  const s3 = await startS3Server({ bucket, faults, requests, credentials: LOCAL_CREDENTIALS, unref: options.unref });
  let messageFlow;
  try {
    messageFlow = await startMessageFlowServer({
      messages,
      bucket,
      faults,
      requests,
      credentials: LOCAL_CREDENTIALS,
      readObject: s3.readObject,
      unref: options.unref,
    });
  } catch (err) {
    await s3.close();
    throw err;
  }

  let stopped: Promise<void> | undefined;
  const mf = messageFlow;
  return {
    messageFlowEndpoint: mf.endpoint,
    s3Endpoint: s3.endpoint,
    bucket,
    region,
    env: {
      AWS_ENDPOINT_URL_WORKMAILMESSAGEFLOW: mf.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      REWRITE_BUCKET: bucket,
    },
    putMessage(id, raw, opts = {}) {
      if (!LIMITS.messageIdPattern.test(id)) {
        throw new LocalWorkMailError(
          'LOCAL_MESSAGE_ID',
          `putMessage: message id "${id}" does not match ${LIMITS.messageIdPattern} (the Message Flow API's messageId); use lower-case letters, digits and "-"`,
        );
      }
      const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
      messages.set(id, { raw: buf, original: buf, frozen: opts.frozen ?? false });
    },
    getMessage(id) {
      return messages.get(id)?.raw;
    },
    faults,
    requests,
    stop() {
      stopped ??= Promise.all([mf.close(), s3.close()]).then(() => undefined);
      return stopped;
    },
  };
}
