import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Faults } from '../../lib/local/faults';
import { startS3Server } from '../../lib/local/s3/server';
import type { RequestRecord } from '../../lib/local/types';
import { LOCAL_CREDENTIALS } from '../../lib/local/workmail';
import { caught, rawSigned, s3ClientFor, tamperBeforeSigning } from './s3-helpers';

const BUCKET = 'checks-bucket';
const MIB = 1024 * 1024;

describe('local S3 body checks: x-amz-content-sha256, CRC32, Content-MD5, size bound', () => {
  let server: Awaited<ReturnType<typeof startS3Server>>;
  let s3: S3Client;
  const requests: RequestRecord[] = [];

  beforeAll(async () => {
    server = await startS3Server({ bucket: BUCKET, faults: new Faults(), requests, credentials: LOCAL_CREDENTIALS, maxBodyBytes: 4096 });
    s3 = s3ClientFor(server.endpoint, LOCAL_CREDENTIALS);
  });
  afterAll(async () => {
    s3?.destroy();
    await server?.close();
  });

  const withTamper = async (edit: (h: Record<string, string>) => void, body: string | Buffer = 'payload') => {
    const client = s3ClientFor(server.endpoint, LOCAL_CREDENTIALS);
    tamperBeforeSigning(client, edit);
    try {
      return await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tampered', Body: body }));
    } finally {
      client.destroy();
    }
  };

  test('readObject hands back the stored bytes; absent is null', async () => {
    const body = Buffer.from('stored bytes');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'r', Body: body }));
    expect(await server.readObject(BUCKET, 'r')).toEqual(body);
    expect(await server.readObject(BUCKET, 'absent')).toBeNull();
    expect(await server.readObject('no-bucket', 'r')).toBeNull();
  });

  test('a wrong x-amz-checksum-crc32 is BadDigest; a malformed one InvalidRequest; nothing is stored', async () => {
    const bad = await caught(withTamper((h) => (h['x-amz-checksum-crc32'] = 'AAAAAA==')));
    expect(bad).toMatchObject({ name: 'BadDigest', message: 'The CRC32 you specified did not match the calculated checksum.' });
    expect(bad.$metadata?.httpStatusCode).toBe(400);
    const malformed = await caught(withTamper((h) => (h['x-amz-checksum-crc32'] = 'nope')));
    expect(malformed).toMatchObject({ name: 'InvalidRequest', message: 'Value for x-amz-checksum-crc32 header is invalid.' });
    expect(await server.readObject(BUCKET, 'tampered')).toBeNull();
  });

  test('a body whose SHA-256 differs from the signed x-amz-content-sha256 is XAmzContentSHA256Mismatch', async () => {
    const other = createHash('sha256').update('something else').digest('hex');
    const err = await caught(withTamper((h) => (h['x-amz-content-sha256'] = other)));
    expect(err).toMatchObject({ name: 'XAmzContentSHA256Mismatch', $metadata: { httpStatusCode: 400 } });
  });

  test('UNSIGNED-PAYLOAD is accepted, as by S3', async () => {
    await withTamper((h) => {
      h['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    }, 'unsigned body');
    expect((await server.readObject(BUCKET, 'tampered'))?.toString()).toBe('unsigned body');
  });

  test('Content-MD5: a match is stored, a mismatch is BadDigest', async () => {
    const body = Buffer.from('md5 body');
    const md5 = createHash('md5').update(body).digest('base64');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'md5', Body: body, ContentMD5: md5 }));
    const wrong = createHash('md5').update('other').digest('base64');
    const err = await caught(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'md5', Body: body, ContentMD5: wrong })));
    expect(err).toMatchObject({ name: 'BadDigest', $metadata: { httpStatusCode: 400 } });
  });

  test('a body over the bound is refused with EntityTooLarge, stream or not', async () => {
    const err = await caught(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'big', Body: Buffer.alloc(5000) })));
    expect(err).toMatchObject({ name: 'EntityTooLarge', $metadata: { httpStatusCode: 400 } });
    // the SDK warns about a failed non-retryable stream upload: expected here
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const streamed = await caught(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'big', Body: Readable.from([Buffer.alloc(5000)]), ContentLength: 5000 })),
    );
    warn.mockRestore();
    expect(streamed).toMatchObject({ name: 'EntityTooLarge', $metadata: { httpStatusCode: 400 } });
    expect(await server.readObject(BUCKET, 'big')).toBeNull();
  });

  test('with Expect: 100-continue an oversized body is refused before the client sends it', async () => {
    const res = await rawSigned(server.endpoint, LOCAL_CREDENTIALS, {
      method: 'PUT',
      path: `/${BUCKET}/huge`,
      headers: { 'content-length': String(65 * MIB), expect: '100-continue', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      body: Buffer.alloc(65 * MIB),
    });
    expect(res.status).toBe(400);
    expect(res.continued).toBe(false);
    expect(res.body).toContain('<Code>EntityTooLarge</Code>');
    expect(res.body).toContain('<MaxSizeAllowed>4096</MaxSizeAllowed>');
  });

  test('a raw PUT without Content-Type stores binary/octet-stream; signed aws-chunk payloads are NotImplemented', async () => {
    const res = await rawSigned(server.endpoint, LOCAL_CREDENTIALS, {
      method: 'PUT',
      path: `/${BUCKET}/typeless`,
      headers: { 'content-length': '3', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      body: Buffer.from('abc'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'typeless' }));
    expect(got.ContentType).toBe('binary/octet-stream');
    expect(got.ChecksumCRC32).toBeUndefined();
    const signed = await rawSigned(server.endpoint, LOCAL_CREDENTIALS, {
      method: 'PUT',
      path: `/${BUCKET}/signed-chunks`,
      headers: {
        'content-length': '3',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '1',
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      },
      body: Buffer.from('abc'),
    });
    expect(signed.status).toBe(501);
    expect(signed.body).toContain('<Code>NotImplemented</Code>');
  });
});
