/**
 * The local S3's buckets and objects, in memory. A key is a map key, never a file path, so
 * `../x` is just a name. Each object body is the one Buffer the request body was collected into
 * (callers must not mutate what `get` returns).
 *
 * ETags: S3 documents that an ETag "may or may not be an MD5 digest". Hashing a 25 MB body with
 * MD5 on every put is what made s3rver slow, so the ETag here is an opaque quoted hex string built
 * from a per-process counter, the length and the CRC32 the put verified (zeros when none was sent):
 * it changes on every put, which is all a client can rely on.
 */
import { S3Error, noSuchBucket, noSuchKey, type ListV2Result } from './xml';

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

interface Bucket {
  created: Date;
  objects: Map<string, StoredObject>;
}

let etagCounter = 0;
function makeEtag(length: number, crc: number): string {
  etagCounter = (etagCounter + 1) >>> 0;
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `"${hex(etagCounter, 8)}${hex(length, 16)}${hex(crc >>> 0, 8)}"`;
}

const tokenOf = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

export class S3Store {
  private readonly buckets = new Map<string, Bucket>();

  private bucket(name: string): Bucket {
    const b = this.buckets.get(name);
    if (!b) throw noSuchBucket(name);
    return b;
  }

  createBucket(name: string): void {
    if (this.buckets.has(name)) {
      throw new S3Error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        409,
        {
          BucketName: name,
        },
      );
    }
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) {
      throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name });
    }
    this.buckets.set(name, { created: new Date(), objects: new Map() });
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  deleteBucket(name: string): void {
    if (this.bucket(name).objects.size > 0) {
      throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: name });
    }
    this.buckets.delete(name);
  }

  listBuckets(): { name: string; created: Date }[] {
    return [...this.buckets].map(([name, b]) => ({ name, created: b.created })).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  put(bucket: string, key: string, input: PutInput): StoredObject {
    const b = this.bucket(bucket);
    const object: StoredObject = {
      body: input.body,
      contentType: input.contentType ?? 'binary/octet-stream',
      etag: makeEtag(input.body.length, input.crc32Value ?? 0),
      lastModified: new Date(Math.floor(Date.now() / 1000) * 1000),
      ...(input.crc32 !== undefined ? { crc32: input.crc32 } : {}),
      metadata: input.metadata ?? {},
    };
    b.objects.set(key, object);
    return object;
  }

  get(bucket: string, key: string): StoredObject {
    const o = this.bucket(bucket).objects.get(key);
    if (!o) throw noSuchKey(key);
    return o;
  }

  /** The object or null, without errors (for the Message Flow emulator). */
  peek(bucket: string, key: string): StoredObject | null {
    return this.buckets.get(bucket)?.objects.get(key) ?? null;
  }

  /** Idempotent, as in S3: deleting an absent key succeeds. */
  delete(bucket: string, key: string): void {
    this.bucket(bucket).objects.delete(key);
  }

  listV2(
    bucket: string,
    q: { prefix: string; delimiter?: string; maxKeys: number; continuationToken?: string; startAfter?: string },
  ): ListV2Result {
    const b = this.bucket(bucket);
    let after = q.startAfter ?? '';
    if (q.continuationToken !== undefined) {
      const decoded = Buffer.from(q.continuationToken, 'base64url').toString('utf8');
      if (tokenOf(decoded) !== q.continuationToken) {
        throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', 400, {
          ArgumentName: 'continuation-token',
        });
      }
      after = decoded;
    }
    const keys = [...b.objects.keys()].filter((k) => k.startsWith(q.prefix) && k > after).sort();
    const contents: ListV2Result['contents'] = [];
    const commonPrefixes: string[] = [];
    let next: string | undefined;
    for (const key of keys) {
      let rolled: string | undefined;
      if (q.delimiter) {
        const at = key.indexOf(q.delimiter, q.prefix.length);
        if (at !== -1) rolled = key.slice(0, at + q.delimiter.length);
      }
      if (rolled !== undefined && commonPrefixes.at(-1) === rolled) continue;
      if (contents.length + commonPrefixes.length >= q.maxKeys) {
        if (q.maxKeys > 0) next = tokenOf(lastOf(contents, commonPrefixes));
        break;
      }
      if (rolled !== undefined) commonPrefixes.push(rolled);
      else {
        const o = b.objects.get(key)!;
        contents.push({ key, size: o.body.length, etag: o.etag, lastModified: o.lastModified });
      }
    }
    return {
      bucket,
      prefix: q.prefix,
      ...(q.delimiter ? { delimiter: q.delimiter } : {}),
      maxKeys: q.maxKeys,
      contents,
      commonPrefixes,
      ...(q.continuationToken !== undefined ? { continuationToken: q.continuationToken } : {}),
      ...(next !== undefined ? { nextContinuationToken: next } : {}),
      ...(q.startAfter !== undefined ? { startAfter: q.startAfter } : {}),
    };
  }
}

/**
 * The point to resume after: the last key listed, or for a rolled-up prefix its last possible key
 * (the prefix followed by U+FFFF sorts after everything under it).
 */
function lastOf(contents: ListV2Result['contents'], prefixes: string[]): string {
  const lastKey = contents.at(-1)?.key ?? '';
  const lastPrefix = prefixes.at(-1);
  const p = lastPrefix === undefined ? '' : `${lastPrefix}\uffff`;
  if (p > lastKey) return p;
  return lastKey;
}
