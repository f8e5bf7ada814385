import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type LocalWorkMail, startLocalWorkMail } from '../../lib/local/workmail';
import { caught, rawSigned, s3ClientFor, tamperBeforeSigning } from './s3-helpers';

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
    // a second put of the same key replaces it and gets another ETag
    const again = await put('obj/a', 'second');
    expect(again.ETag).not.toBe(out.ETag);
    const reread = await s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'obj/a' }));
    expect(reread).toMatchObject({ ETag: again.ETag, ContentType: 'application/octet-stream' });
    expect(await reread.Body!.transformToString()).toBe('second');
  });

  test('GetObject of an absent key is NoSuchKey; another bucket is NoSuchBucket for a put and a get', async () => {
    const get = await caught(s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'absent' })));
    expect(get).toBeInstanceOf(NoSuchKey);
    expect(get.$metadata?.httpStatusCode).toBe(404);
    const putElsewhere = await caught(s3.send(new PutObjectCommand({ Bucket: 'other-bucket', Key: 'k', Body: 'x' })));
    expect(putElsewhere).toBeInstanceOf(NoSuchBucket);
    const getElsewhere = await caught(s3.send(new GetObjectCommand({ Bucket: 'other-bucket', Key: 'k' })));
    expect(getElsewhere).toBeInstanceOf(NoSuchBucket);
    expect(wm.requests.map((r) => `${r.operation}:${r.status}`)).toEqual(['GetObject:404', 'PutObject:404', 'GetObject:404']);
  });

  test('ListObjectsV2 lists every key under the prefix once, in byte order, with size and ETag', async () => {
    // U+1F600 sorts before U+FF5E in UTF-16 but after it in UTF-8 bytes, as S3 lists
    const keys = ['list/b', 'list/a', 'list/c/1', 'list/é', 'list/\u{1F600}', 'list/\uFF5E', 'list/z', 'other'];
    const etags = new Map<string, string>();
    for (const k of keys) etags.set(k, (await put(k, k)).ETag!);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: wm.bucket, Prefix: 'list/' }));
    expect(listed.Contents?.map((o) => [o.Key, o.Size, o.ETag])).toEqual(
      ['list/a', 'list/b', 'list/c/1', 'list/z', 'list/é', 'list/\uFF5E', 'list/\u{1F600}'].map((k) => [
        k,
        Buffer.byteLength(k),
        etags.get(k),
      ]),
    );
    expect(listed).toMatchObject({ KeyCount: 7, IsTruncated: false, Prefix: 'list/' });
    const none = await s3.send(new ListObjectsV2Command({ Bucket: wm.bucket, Prefix: 'nothing/' }));
    expect([none.KeyCount, none.Contents]).toEqual([0, undefined]);
  });

  test('what the local S3 does not serve is 501 NotImplemented, through the SDK and as S3 XML', async () => {
    await put('src', '0123456789');
    for (const command of [
      new CreateBucketCommand({ Bucket: 'extra-bucket' }),
      new ListBucketsCommand({}),
      new DeleteObjectCommand({ Bucket: wm.bucket, Key: 'src' }),
      new GetObjectCommand({ Bucket: wm.bucket, Key: 'src', Range: 'bytes=2-5' }),
      new GetObjectCommand({ Bucket: wm.bucket, Key: 'src', VersionId: 'v1' }),
      new GetObjectTaggingCommand({ Bucket: wm.bucket, Key: 'src' }),
      new CopyObjectCommand({ Bucket: wm.bucket, Key: 'dst', CopySource: `${wm.bucket}/src` }),
      new CreateMultipartUploadCommand({ Bucket: wm.bucket, Key: 'big' }),
      new ListObjectsV2Command({ Bucket: wm.bucket, Prefix: 'list/', Delimiter: '/' }),
      new ListObjectsV2Command({ Bucket: wm.bucket, MaxKeys: 2 }),
    ]) {
      const err = await caught(s3.send(command as any));
      expect(err).toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
      expect(err.message).toContain('the local S3 serves PutObject, GetObject and ListObjectsV2');
    }
    // HEAD answers carry no body: the SDK names the error from the status alone
    const head = await caught(s3.send(new HeadObjectCommand({ Bucket: wm.bucket, Key: 'src' })));
    expect(head.$metadata?.httpStatusCode).toBe(501);
    const raw = await rawSigned(wm.s3Endpoint, creds(), { method: 'DELETE', path: `/${wm.bucket}`, headers: {} });
    expect(raw.status).toBe(501);
    expect(raw.headers['content-type']).toBe('application/xml');
    expect(raw.body).toMatch(
      /<Error><Code>NotImplemented<\/Code><Message>[^<]*DeleteBucket[^<]*<\/Message><Resource>\/workmail-rules-local<\/Resource>/,
    );
    // nothing was changed by the refused calls
    const got = await s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'src' }));
    expect(await got.Body!.transformToString()).toBe('0123456789');
    expect(await caught(s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'dst' })))).toBeInstanceOf(NoSuchKey);
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
    wm.faults.inject({ service: 's3', operation: 'PutObject', status: 403 });
    const denied = await caught(put('faulty', 'y'));
    expect(denied.$metadata?.httpStatusCode).toBe(403);
    const got = await s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'faulty' }));
    expect(await got.Body!.transformToString()).toBe('x');
    expect(wm.requests.map((r) => [r.operation, r.status, r.fault ?? false])).toEqual([
      ['PutObject', 200, false],
      ['GetObject', 503, true],
      ['PutObject', 403, true],
      ['GetObject', 200, false],
    ]);
  });
});
