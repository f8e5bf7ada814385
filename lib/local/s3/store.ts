/**
 * The local S3's one bucket and its objects, in memory. A key is a map key, never a file path, so
 * `../x` is just a name. Each object body is the one Buffer the request body was collected into
 * (callers must not mutate what `get` returns).
 *
 * ETags: S3 documents that an ETag "may or may not be an MD5 digest". Hashing a 25 MB body with
 * MD5 on every put is what made s3rver slow, so the ETag here is an opaque quoted hex string built
 * from a per-process counter, the length and the CRC32 the put verified (zeros when none was sent):
 * it changes on every put, which is all a client can rely on.
 */
import { noSuchBucket, noSuchKey } from './xml';

export interface StoredObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
  /** base64 of the big-endian CRC32, when the put carried one (sent back as x-amz-checksum-crc32). */
  crc32?: string;
  /** x-amz-meta-* headers, lower-case names. */
  metadata: Record<string, string>;
}

export interface PutInput {
  body: Buffer;
  contentType?: string;
  crc32?: string;
  /** CRC32 value as a number, for the ETag (0 when unknown). */
  crc32Value?: number;
  metadata?: Record<string, string>;
}

let etagCounter = 0;
function makeEtag(length: number, crc: number): string {
  etagCounter = (etagCounter + 1) >>> 0;
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `"${hex(etagCounter, 8)}${hex(length, 16)}${hex(crc >>> 0, 8)}"`;
}

export class S3Store {
  private readonly objects = new Map<string, StoredObject>();
  constructor(readonly bucket: string) {}

  /** NoSuchBucket for any bucket but the one. */
  check(bucket: string): void {
    if (bucket !== this.bucket) throw noSuchBucket(bucket);
  }

  put(bucket: string, key: string, input: PutInput): StoredObject {
    this.check(bucket);
    const object: StoredObject = {
      body: input.body,
      contentType: input.contentType ?? 'binary/octet-stream',
      etag: makeEtag(input.body.length, input.crc32Value ?? 0),
      lastModified: new Date(Math.floor(Date.now() / 1000) * 1000),
      ...(input.crc32 !== undefined ? { crc32: input.crc32 } : {}),
      metadata: input.metadata ?? {},
    };
    this.objects.set(key, object);
    return object;
  }

  get(bucket: string, key: string): StoredObject {
    this.check(bucket);
    const o = this.objects.get(key);
    if (!o) throw noSuchKey(key);
    return o;
  }

  /** The object or null, without errors (for the Message Flow emulator). */
  peek(bucket: string, key: string): StoredObject | null {
    return bucket === this.bucket ? (this.objects.get(key) ?? null) : null;
  }

  /** The keys starting with `prefix`, in S3's order (UTF-8 bytes). */
  list(bucket: string, prefix: string): { key: string; object: StoredObject }[] {
    this.check(bucket);
    return [...this.objects]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .map(([key, object]) => ({ key, object }));
  }
}
