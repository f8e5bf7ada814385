/**
 * The S3 parts the runtime uses, imported by name so a bundler keeps only these: a namespace
 * `import('@aws-sdk/client-s3')` would bring every S3 command into the chunk parsed on the first
 * rewrite. Load with `import()`; only a rewrite needs it.
 */
export { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
