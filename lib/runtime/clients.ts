/**
 * AWS SDK clients, created once per process on first use and loaded lazily so an envelope-only
 * handler never pays for them. The SDK itself honours AWS_ENDPOINT_URL_WORKMAILMESSAGEFLOW and
 * AWS_ENDPOINT_URL_S3; when S3's endpoint is overridden we switch to path-style addressing, which
 * local emulators need.
 */
import type { WorkMailMessageFlowClient } from '@aws-sdk/client-workmailmessageflow';
import type { S3Client } from '@aws-sdk/client-s3';

let messageFlow: Promise<WorkMailMessageFlowClient> | undefined;
let s3: Promise<S3Client> | undefined;

export function messageFlowClient(): Promise<WorkMailMessageFlowClient> {
  messageFlow ??= import('../message/message-flow-sdk').then(
    ({ WorkMailMessageFlowClient }) => new WorkMailMessageFlowClient({ maxAttempts: 3 }),
  );
  return messageFlow;
}

export function s3Client(): Promise<S3Client> {
  s3 ??= import('../message/s3-sdk').then(
    ({ S3Client }) =>
      new S3Client({
        maxAttempts: 3,
        forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL),
      }),
  );
  return s3;
}

/** Forget cached clients (tests that change endpoint variables between suites). */
export function resetClients(): void {
  messageFlow = undefined;
  s3 = undefined;
}
