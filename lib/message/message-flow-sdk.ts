/**
 * The Message Flow API parts the runtime uses, imported by name (see s3-sdk.ts). Load with
 * `import()`; only reading or replacing a message needs it.
 */
export {
  GetRawMessageContentCommand,
  PutRawMessageContentCommand,
  WorkMailMessageFlowClient,
} from '@aws-sdk/client-workmailmessageflow';
