/** Project constants shared by the runtime and the CDK side (both may import this layer). */

/** Where a rewriting handler stages new messages in its S3 bucket; the bucket's policy covers this prefix. */
export const DEFAULT_REWRITE_KEY_PREFIX = 'rewrites/';
