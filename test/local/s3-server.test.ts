import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { type LocalWorkMail, startLocalWorkMail } from '../../lib/local/workmail';
import { caught, s3ClientFor, tamperBeforeSigning } from './s3-helpers';

const crc32b64 = (b: Buffer): string => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(b) >>> 0);
  return out.toString('base64');
};

describe('local S3 (in memory), real S3Client over HTTP', () => {
  let wm: LocalWorkMail;
  let s3: S3Client;
  const creds = () => ({ accessKeyId: wm.env.AWS_ACCESS_KEY_ID!, secretAccessKey: wm.env.AWS_SECRET_ACCESS_KEY! });

  beforeAll(async () => {
    wm = await startLocalWorkMail();
    s3 = s3ClientFor(wm.s3Endpoint, creds());
  });
  afterAll(async () => {
    s3?.destroy();
    await wm?.stop();
  });
  beforeEach(() => {
    wm.faults.clear();
    wm.requests.length = 0;
  });

  const put = (Key: string, Body: Buffer | string, extra: Record<string, unknown> = {}) =>
    s3.send(new PutObjectCommand({ Bucket: wm.bucket, Key, Body, ...extra }));

  test('buckets: create, head, list, delete; BucketNotEmpty and NoSuchBucket as S3 sends them', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'extra-bucket' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'extra-bucket' }));
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toEqual(['extra-bucket', wm.bucket]);
    expect(listed.Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
    await s3.send(new PutObjectCommand({ Bucket: 'extra-bucket', Key: 'k', Body: 'x' }));
    const notEmpty = await caught(s3.send(new DeleteBucketCommand({ Bucket: 'extra-bucket' })));
    expect(notEmpty).toMatchObject({ name: 'BucketNotEmpty', $metadata: { httpStatusCode: 409 } });
    await s3.send(new DeleteObjectCommand({ Bucket: 'extra-bucket', Key: 'k' }));
    const deleted = await s3.send(new DeleteBucketCommand({ Bucket: 'extra-bucket' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const head = await caught(s3.send(new HeadBucketCommand({ Bucket: 'extra-bucket' })));
    expect(head).toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    const missing = await caught(s3.send(new PutObjectCommand({ Bucket: 'extra-bucket', Key: 'k', Body: 'x' })));
    expect(missing).toBeInstanceOf(NoSuchBucket);
    expect(wm.requests.map((r) => `${r.operation}:${r.status}`)).toEqual([
      'CreateBucket:200',
      'HeadBucket:200',
      'ListBuckets:200',
      'PutObject:200',
      'DeleteBucket:409',
      'DeleteObject:204',
      'DeleteBucket:204',
      'HeadBucket:404',
      'PutObject:404',
    ]);
  });

  test('PutObject then GetObject: same bytes and the headers the SDK reads', async () => {
    const body = Buffer.from('Subject: hi\r\n\r\nbody\r\n');
    const out = await put('obj/a', body, { ContentType: 'message/rfc822', Metadata: { origin: 'test' } });
    expect(out.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(out.ChecksumCRC32).toBe(crc32b64(body));
    expect(out.VersionId).toBeUndefined();
    const got = await s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'obj/a' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body);
    expect(got).toMatchObject({ ETag: out.ETag, ContentType: 'message/rfc822', ContentLength: body.length, Metadata: { origin: 'test' } });
    expect(got.ChecksumCRC32).toBe(crc32b64(body));
    expect(got.VersionId).toBeUndefined();
    expect(got.LastModified).toBeInstanceOf(Date);
    expect(got.$metadata.requestId).toMatch(/^LOCAL[0-9A-F]{9,}$/);
    // a second put of the same key gets another ETag
    const again = await put('obj/a', body);
    expect(again.ETag).not.toBe(out.ETag);
    const head = await s3.send(new HeadObjectCommand({ Bucket: wm.bucket, Key: 'obj/a' }));
    expect(head).toMatchObject({ ETag: again.ETag, ContentLength: body.length, ContentType: 'application/octet-stream' });
  });

  test('Range reads: 206 with Content-Range, suffix ranges, 416 InvalidRange past the end', async () => {
    await put('ranged', '0123456789');
    const mid = await s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'ranged', Range: 'bytes=2-5' }));
    expect(mid.$metadata.httpStatusCode).toBe(206);
    expect(mid.ContentRange).toBe('bytes 2-5/10');
    expect(await mid.Body!.transformToString()).toBe('2345');
    const tail = await s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'ranged', Range: 'bytes=-3' }));
    expect(await tail.Body!.transformToString()).toBe('789');
    const open = await s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'ranged', Range: 'bytes=8-100' }));
    expect([open.ContentRange, await open.Body!.transformToString()]).toEqual(['bytes 8-9/10', '89']);
    const err = await caught(s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'ranged', Range: 'bytes=10-' })));
    expect(err).toMatchObject({ name: 'InvalidRange', $metadata: { httpStatusCode: 416 } });
  });

  test('GetObject and HeadObject of an absent key; DeleteObject is 204 and idempotent', async () => {
    await put('doomed', 'x');
    const d1 = await s3.send(new DeleteObjectCommand({ Bucket: wm.bucket, Key: 'doomed' }));
    const d2 = await s3.send(new DeleteObjectCommand({ Bucket: wm.bucket, Key: 'doomed' }));
    expect([d1.$metadata.httpStatusCode, d2.$metadata.httpStatusCode]).toEqual([204, 204]);
    const get = await caught(s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'doomed' })));
    expect(get).toBeInstanceOf(NoSuchKey);
    expect(get.$metadata?.httpStatusCode).toBe(404);
    const head = await caught(s3.send(new HeadObjectCommand({ Bucket: wm.bucket, Key: 'doomed' })));
    expect(head).toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
  });

  test('ListObjectsV2: prefix, max-keys and continuation tokens page through every key once; delimiter rolls up', async () => {
    const keys = ['list/a', 'list/b', 'list/c/1', 'list/c/2', 'list/d', 'other'];
    for (const k of keys) await put(k, k);
    const pages: string[][] = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 2 }, { Bucket: wm.bucket, Prefix: 'list/' })) {
      pages.push((page.Contents ?? []).map((o) => o.Key!));
    }
    expect(pages).toEqual([['list/a', 'list/b'], ['list/c/1', 'list/c/2'], ['list/d']]);
    const rolled = await s3.send(new ListObjectsV2Command({ Bucket: wm.bucket, Prefix: 'list/', Delimiter: '/' }));
    expect(rolled.Contents?.map((o) => [o.Key, o.Size])).toEqual([
      ['list/a', 6],
      ['list/b', 6],
      ['list/d', 6],
    ]);
    expect(rolled.CommonPrefixes).toEqual([{ Prefix: 'list/c/' }]);
    expect(rolled).toMatchObject({ KeyCount: 4, IsTruncated: false });
    const bad = await caught(s3.send(new ListObjectsV2Command({ Bucket: wm.bucket, ContinuationToken: 'not a token' })));
    expect(bad).toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
  });

  test('operations the local S3 does not implement are 501 NotImplemented', async () => {
    await put('src', 'x');
    for (const command of [
      new GetObjectTaggingCommand({ Bucket: wm.bucket, Key: 'src' }),
      new CopyObjectCommand({ Bucket: wm.bucket, Key: 'dst', CopySource: `${wm.bucket}/src` }),
    ]) {
      const err = await caught(s3.send(command as any));
      expect(err).toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
    }
  });

  test('a stream body goes aws-chunked with a CRC32 trailer and reads back the same', async () => {
    const parts = [Buffer.alloc(70_000, 'a'), Buffer.from('middle'), Buffer.alloc(5000, 'z')];
    const whole = Buffer.concat(parts);
    const seen: Record<string, string>[] = [];
    const client = s3ClientFor(wm.s3Endpoint, creds());
    tamperBeforeSigning(client, (h) => seen.push({ ...h }));
    try {
      const out = await client.send(
        new PutObjectCommand({ Bucket: wm.bucket, Key: 'streamed', Body: Readable.from(parts), ContentLength: whole.length }),
      );
      expect(out.ChecksumCRC32).toBe(crc32b64(whole));
    } finally {
      client.destroy();
    }
    expect(seen[0]).toMatchObject({ 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' });
    const got = await s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'streamed' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(whole)).toBe(true);
  });

  test('faults are still injected before the operation, in S3 XML', async () => {
    wm.faults.inject({ service: 's3', operation: 'GetObject', status: 503, code: 'SlowDown', message: 'slow down' });
    await put('faulty', 'x');
    const err = await caught(s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'faulty' })));
    expect(err).toMatchObject({ name: 'SlowDown', message: 'slow down', $metadata: { httpStatusCode: 503 } });
    wm.faults.inject({ service: 's3', operation: 'HeadObject', status: 403 });
    const head = await caught(s3.send(new HeadObjectCommand({ Bucket: wm.bucket, Key: 'faulty' })));
    expect(head.$metadata?.httpStatusCode).toBe(403);
    expect(wm.requests.map((r) => [r.operation, r.status, r.fault ?? false])).toEqual([
      ['PutObject', 200, false],
      ['GetObject', 503, true],
      ['HeadObject', 403, true],
    ]);
  });
});
