import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  GetRawMessageContentCommand,
  InvalidContentLocation,
  MessageFrozen,
  MessageRejected,
  PutRawMessageContentCommand,
  ResourceNotFoundException,
  WorkMailMessageFlowClient,
  WorkMailMessageFlowServiceException,
} from '@aws-sdk/client-workmailmessageflow';
import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { startLocalWorkMail, type LocalWorkMail } from '../../lib/local/workmail';
import { applyEnv } from '../../lib/local/env';
import { messageFlowClient, s3Client } from '../../lib/runtime/clients';

const RAW = Buffer.from(
  [
    'Message-ID: <m1@example.com>',
    'Date: Thu, 26 Nov 2026 10:00:00 +0000',
    'From: Alice <alice@example.com>',
    'To: bob@example.net',
    'Subject: hello',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello Bob.',
    '',
  ].join('\r\n'),
);

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

describe('local WorkMail emulators, real SDK clients', () => {
  let wm: LocalWorkMail;
  let mf: WorkMailMessageFlowClient;
  let s3: S3Client;

  beforeAll(async () => {
    wm = await startLocalWorkMail();
    const credentials = { accessKeyId: wm.env.AWS_ACCESS_KEY_ID!, secretAccessKey: wm.env.AWS_SECRET_ACCESS_KEY! };
    mf = new WorkMailMessageFlowClient({ endpoint: wm.messageFlowEndpoint, region: wm.region, credentials, maxAttempts: 3 });
    s3 = new S3Client({ endpoint: wm.s3Endpoint, region: wm.region, credentials, forcePathStyle: true, maxAttempts: 3 });
  });
  afterAll(async () => {
    mf?.destroy();
    s3?.destroy();
    await wm?.stop();
  });
  beforeEach(() => {
    wm.faults.clear();
    wm.requests.length = 0;
  });

  const stage = async (key: string, body: Buffer) => {
    await s3.send(new PutObjectCommand({ Bucket: wm.bucket, Key: key, Body: body }));
  };

  test('env points at both emulators with static test credentials', () => {
    expect(wm.env).toEqual({
      AWS_ENDPOINT_URL_WORKMAILMESSAGEFLOW: wm.messageFlowEndpoint,
      AWS_ENDPOINT_URL_S3: wm.s3Endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'LOCALWORKMAILRULES',
      AWS_SECRET_ACCESS_KEY: 'local-workmail-rules-secret',
      REWRITE_BUCKET: 'workmail-rules-local',
    });
    expect(wm.messageFlowEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(wm.s3Endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('GetRawMessageContent returns the stored bytes', async () => {
    wm.putMessage('msg-get', RAW);
    const out = await mf.send(new GetRawMessageContentCommand({ messageId: 'msg-get' }));
    expect(Buffer.from(await out.messageContent!.transformToByteArray())).toEqual(RAW);
    expect(wm.requests).toEqual([
      { service: 'messageflow', method: 'GET', path: '/messages/msg-get', operation: 'GetRawMessageContent', status: 200 },
    ]);
  });

  test('GetRawMessageContent of an unknown id raises ResourceNotFoundException', async () => {
    const err = await caught(mf.send(new GetRawMessageContentCommand({ messageId: 'nope' })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect((err as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  test('a successful PutRawMessageContent replaces the stored message', async () => {
    wm.putMessage('msg-put', RAW);
    const edited = Buffer.from(RAW.toString().replace('Subject: hello', 'Subject: [EXT] hello'));
    await stage('rewrites/msg-put', edited);
    const out = await mf.send(
      new PutRawMessageContentCommand({ messageId: 'msg-put', content: { s3Reference: { bucket: wm.bucket, key: 'rewrites/msg-put' } } }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(wm.getMessage('msg-put')).toEqual(edited);
    const got = await mf.send(new GetRawMessageContentCommand({ messageId: 'msg-put' }));
    expect(await got.messageContent!.transformToString()).toContain('Subject: [EXT] hello');
    expect(wm.requests.map((r) => `${r.service}:${r.operation}:${r.status}`)).toEqual([
      's3:PutObject:200',
      'messageflow:PutRawMessageContent:200',
      'messageflow:GetRawMessageContent:200',
    ]);
  });

  test('Put of an unknown message raises ResourceNotFoundException', async () => {
    await stage('k-unknown', RAW);
    const err = await caught(
      mf.send(
        new PutRawMessageContentCommand({ messageId: 'unknown-id', content: { s3Reference: { bucket: wm.bucket, key: 'k-unknown' } } }),
      ),
    );
    expect(err).toBeInstanceOf(ResourceNotFoundException);
  });

  test('Put from another bucket, a missing key or an unknown version raises InvalidContentLocation', async () => {
    wm.putMessage('msg-loc', RAW);
    await stage('present', RAW);
    for (const s3Reference of [
      { bucket: 'some-other-bucket', key: 'present' },
      { bucket: wm.bucket, key: 'absent' },
      { bucket: wm.bucket, key: 'present', objectVersion: 'v123' },
    ]) {
      const err = await caught(mf.send(new PutRawMessageContentCommand({ messageId: 'msg-loc', content: { s3Reference } })));
      expect(err).toBeInstanceOf(InvalidContentLocation);
      expect((err as Error).message).toMatch(/could not access the updated email content/);
    }
    expect(wm.getMessage('msg-loc')).toEqual(RAW);
  });

  test('Put on a frozen message raises MessageFrozen', async () => {
    wm.putMessage('msg-frozen', RAW, { frozen: true });
    await stage('frozen-edit', RAW);
    const err = await caught(
      mf.send(
        new PutRawMessageContentCommand({ messageId: 'msg-frozen', content: { s3Reference: { bucket: wm.bucket, key: 'frozen-edit' } } }),
      ),
    );
    expect(err).toBeInstanceOf(MessageFrozen);
  });

  test('Put of content failing a MIME check raises MessageRejected naming the rule', async () => {
    wm.putMessage('msg-bad', RAW);
    await stage('bad-from', Buffer.from(RAW.toString().replace('From: Alice', 'From: Mallory')));
    await stage('bad-line', Buffer.concat([RAW, Buffer.from(`${'x'.repeat(1200)}\r\n`)]));
    const put = (key: string) =>
      caught(mf.send(new PutRawMessageContentCommand({ messageId: 'msg-bad', content: { s3Reference: { bucket: wm.bucket, key } } })));
    const e1 = await put('bad-from');
    expect(e1).toBeInstanceOf(MessageRejected);
    expect((e1 as Error).message).toMatch(/\[immutable-header\] From was changed/);
    const e2 = await put('bad-line');
    expect(e2).toBeInstanceOf(MessageRejected);
    expect((e2 as Error).message).toMatch(/\[line-length\]/);
    expect(wm.getMessage('msg-bad')).toEqual(RAW);
  });

  test('a bucket or key outside the model patterns is a ValidationException', async () => {
    wm.putMessage('msg-val', RAW);
    for (const s3Reference of [
      { bucket: 'Bad_Bucket', key: 'k' },
      { bucket: wm.bucket, key: 'has.dot' },
    ]) {
      const err = await caught(mf.send(new PutRawMessageContentCommand({ messageId: 'msg-val', content: { s3Reference } })));
      expect(err).toBeInstanceOf(WorkMailMessageFlowServiceException);
      expect((err as Error).name).toBe('ValidationException');
      expect((err as WorkMailMessageFlowServiceException).$metadata.httpStatusCode).toBe(400);
    }
  });

  test('an unsigned request is refused with 403', async () => {
    wm.putMessage('msg-unsigned', RAW);
    const { status, headers, body } = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
      (resolve, reject) => {
        http
          .get(`${wm.messageFlowEndpoint}/messages/msg-unsigned`, (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
          })
          .on('error', reject);
      },
    );
    expect(status).toBe(403);
    expect(headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(JSON.parse(body)).toEqual({ message: 'Missing Authentication Token' });
    expect(body).not.toContain('Hello Bob');
  });

  test('a Message Flow fault reaches the caller as the SDK reports it', async () => {
    wm.putMessage('msg-fault', RAW);
    wm.faults.inject({
      service: 'messageflow',
      operation: 'GetRawMessageContent',
      status: 403,
      code: 'AccessDeniedException',
      message: 'not allowed',
    });
    const err = await caught(mf.send(new GetRawMessageContentCommand({ messageId: 'msg-fault' })));
    expect(err).toBeInstanceOf(WorkMailMessageFlowServiceException);
    expect(err).toMatchObject({ name: 'AccessDeniedException', message: 'not allowed', $metadata: { httpStatusCode: 403 } });
    // consumed: the next call succeeds
    await mf.send(new GetRawMessageContentCommand({ messageId: 'msg-fault' }));
    expect(wm.requests.map((r) => [r.status, r.fault ?? false])).toEqual([
      [403, true],
      [200, false],
    ]);
  });

  test('a transient Message Flow fault is retried by the SDK; three in a row surface', async () => {
    wm.putMessage('msg-retry', RAW);
    wm.faults.inject({ service: 'messageflow', status: 503, times: 1 });
    await mf.send(new GetRawMessageContentCommand({ messageId: 'msg-retry' }));
    expect(wm.requests.map((r) => r.status)).toEqual([503, 200]);
    wm.faults.inject({ service: 'messageflow', status: 500, times: 3 });
    const err = await caught(mf.send(new GetRawMessageContentCommand({ messageId: 'msg-retry' })));
    expect(err).toMatchObject({ name: 'InternalFailure', $metadata: { httpStatusCode: 500, attempts: 3 } });
  });

  test('an S3 fault reaches the caller as the SDK reports it, then S3 works again', async () => {
    wm.faults.inject({ service: 's3', operation: 'PutObject', status: 403 });
    const err = await caught(s3.send(new PutObjectCommand({ Bucket: wm.bucket, Key: 'denied', Body: RAW })));
    expect(err).toBeInstanceOf(S3ServiceException);
    expect(err).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await stage('allowed', RAW);
    const got = await s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: 'allowed' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(RAW);
    expect(wm.requests.map((r) => `${r.operation}:${r.status}`)).toEqual(['PutObject:403', 'PutObject:200', 'GetObject:200']);
  });

  test('a delay-only fault stalls the call, which then succeeds', async () => {
    wm.putMessage('msg-slow', RAW);
    wm.faults.inject({ service: 'messageflow', delayMs: 50 });
    const out = await mf.send(new GetRawMessageContentCommand({ messageId: 'msg-slow' }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(wm.requests).toEqual([expect.objectContaining({ status: 200, fault: true })]);
    expect(wm.faults.pending).toBe(0);
  });

  test('the runtime client factory follows env to the emulators', async () => {
    wm.putMessage('msg-env', RAW);
    const restore = applyEnv(wm.env);
    try {
      const client = await messageFlowClient();
      const out = await client.send(new GetRawMessageContentCommand({ messageId: 'msg-env' }));
      expect(await out.messageContent!.transformToString()).toBe(RAW.toString());
      const s3c = await s3Client();
      await s3c.send(new PutObjectCommand({ Bucket: process.env.REWRITE_BUCKET, Key: 'via-env', Body: RAW }));
      expect(wm.requests.map((r) => r.operation)).toEqual(['GetRawMessageContent', 'PutObject']);
    } finally {
      restore();
    }
  });

  test('putMessage refuses an id the Message Flow API could not address', () => {
    expect(() => wm.putMessage('Upper_Case', RAW)).toThrow(expect.objectContaining({ code: 'LOCAL_MESSAGE_ID' }));
  });

  test('a key with ../ segments stays inside the store: an opaque name, read back as written', async () => {
    const marker = `wm-rules-escape-${process.pid}-${Date.now()}`;
    const keys = [`../../${marker}`, `../../../${marker}`, `a/../../${marker}`, `./${marker}/..`];
    for (const key of keys) {
      await stage(key, Buffer.from(key));
      const got = await s3.send(new GetObjectCommand({ Bucket: wm.bucket, Key: key }));
      expect(await got.Body!.transformToString()).toBe(key);
    }
    // where s3rver would have put them before: the system temp folder and the root
    for (const dir of [os.tmpdir(), path.dirname(os.tmpdir()), path.parse(os.tmpdir()).root]) {
      expect(fs.readdirSync(dir).filter((f) => f.includes(marker))).toEqual([]);
    }
  });

  test('a malformed percent-escape in a message id is a 400 ValidationException (not retried)', async () => {
    const status = await new Promise<{ status?: number; type?: string | string[] }>((resolve, reject) => {
      const req = http.request(
        `${wm.messageFlowEndpoint}/messages/abc%E0%A4%A`,
        {
          method: 'GET',
          headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/workmailmessageflow/aws4_request' },
        },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode, type: res.headers['x-amzn-errortype'] });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toEqual({ status: 400, type: 'ValidationException' });
  });
});
