import * as http from 'node:http';
import {
  GetRawMessageContentCommand,
  WorkMailMessageFlowClient,
  WorkMailMessageFlowServiceException,
} from '@aws-sdk/client-workmailmessageflow';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { type LocalWorkMail, startLocalWorkMail } from '../../lib/local/workmail';
import { caught, s3ClientFor } from './s3-helpers';

const RAW = 'From: a@example.com\r\nTo: b@example.net\r\nSubject: s\r\n\r\nbody\r\n';
const MINUTE = 60_000;

describe('SigV4 verification in both emulators', () => {
  let wm: LocalWorkMail;
  const good = () => ({ accessKeyId: wm.env.AWS_ACCESS_KEY_ID!, secretAccessKey: wm.env.AWS_SECRET_ACCESS_KEY! });
  const wrongSecret = () => ({ ...good(), secretAccessKey: 'not-the-secret' });
  const unknownKey = () => ({ ...good(), accessKeyId: 'AKIDSOMEONEELSE' });

  beforeAll(async () => {
    wm = await startLocalWorkMail();
    wm.putMessage('signed-msg', RAW);
  });
  afterAll(() => wm?.stop());

  async function s3With(credentials: { accessKeyId: string; secretAccessKey: string }, extra: Record<string, unknown> = {}) {
    const client = s3ClientFor(wm.s3Endpoint, credentials, extra);
    try {
      return await caught(client.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'any' })));
    } finally {
      client.destroy();
    }
  }

  async function mfWith(credentials: { accessKeyId: string; secretAccessKey: string }, extra: Record<string, unknown> = {}) {
    const client = new WorkMailMessageFlowClient({
      endpoint: wm.messageFlowEndpoint,
      region: wm.region,
      credentials,
      maxAttempts: 1,
      ...extra,
    });
    try {
      return await caught(client.send(new GetRawMessageContentCommand({ messageId: 'signed-msg' })));
    } finally {
      client.destroy();
    }
  }

  test('keys and query values with characters that need escaping are signed and verified like S3 does', async () => {
    const s3 = s3ClientFor(wm.s3Endpoint, good());
    try {
      const keys = ['a b/c+d~é=&?x', 'per%cent/semi;colon', "quote'star*(paren)", 'dir//double/./dot'];
      for (const Key of keys) {
        await s3.send(new PutObjectCommand({ Bucket: wm.bucket, Key, Body: Key }));
        const got = await s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key }));
        expect(await got.Body!.transformToString()).toBe(Key);
      }
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: wm.bucket, Prefix: 'a b/c+d~é' }));
      expect(listed.Contents?.map((o) => o.Key)).toEqual([keys[0]]);
    } finally {
      s3.destroy();
    }
  });

  test('S3: a wrong secret is SignatureDoesNotMatch naming the canonical request', async () => {
    const err = await s3With(wrongSecret());
    expect(err).toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    expect(err.message).toContain('canonical request was "GET\\n/workmail-rules-local/any\\n');
    expect(err.message).toContain('AWS4-HMAC-SHA256');
  });

  test('S3: an unknown access key is InvalidAccessKeyId; a request time 20 minutes off is RequestTimeTooSkewed', async () => {
    expect(await s3With(unknownKey())).toMatchObject({ name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } });
    expect(await s3With(good(), { systemClockOffset: 20 * MINUTE })).toMatchObject({
      name: 'RequestTimeTooSkewed',
      $metadata: { httpStatusCode: 403 },
    });
  });

  test('S3: an unsigned request is AccessDenied', async () => {
    const status = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      http
        .get(`${wm.s3Endpoint}/${wm.bucket}/any`, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode, body }));
        })
        .on('error', reject);
    });
    expect(status.status).toBe(403);
    expect(status.body).toContain('<Code>AccessDenied</Code>');
  });

  test('Message Flow: a wrong secret is InvalidSignatureException, an unknown key UnrecognizedClientException', async () => {
    const bad = await mfWith(wrongSecret());
    expect(bad).toBeInstanceOf(WorkMailMessageFlowServiceException);
    expect(bad).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    expect(bad.message).toContain('canonical request was "GET\\n/messages/signed-msg\\n');
    expect(await mfWith(unknownKey())).toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 403 } });
  });

  test('Message Flow: a request time 20 minutes off is refused as expired; within 15 minutes it passes', async () => {
    const err = await mfWith(good(), { systemClockOffset: -20 * MINUTE });
    expect(err).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    expect(err.message).toMatch(/^Signature expired/);
    const client = new WorkMailMessageFlowClient({
      endpoint: wm.messageFlowEndpoint,
      region: wm.region,
      credentials: good(),
      maxAttempts: 1,
      systemClockOffset: 10 * MINUTE,
    });
    try {
      const out = await client.send(new GetRawMessageContentCommand({ messageId: 'signed-msg' }));
      expect(await out.messageContent!.transformToString()).toBe(RAW);
    } finally {
      client.destroy();
    }
  });
});
