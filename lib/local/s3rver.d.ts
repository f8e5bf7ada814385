/** Just the part of s3rver 3.7 (untyped CommonJS) that lib/local uses. */
declare module 's3rver' {
  import type { Readable } from 'node:stream';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    vhostBuckets?: boolean;
    allowMismatchedSignatures?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  interface S3rverObject {
    content: Readable | null;
    metadata: Record<string, string>;
  }

  interface S3rverStore {
    getObject(bucket: string, key: string): Promise<S3rverObject | null>;
  }

  class S3rver {
    constructor(options?: S3rverOptions);
    readonly store: S3rverStore;
    /** Set by run(). */
    readonly httpServer?: import('node:http').Server;
    run(): Promise<{ address: string; port: number; family: string }>;
    close(): Promise<void>;
  }

  export = S3rver;
}
