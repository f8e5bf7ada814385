import { S3Client } from '@aws-sdk/client-s3';
import { WorkMailMessageFlowClient } from '@aws-sdk/client-workmailmessageflow';
import { startLocalWorkMail, type LocalWorkMail } from '../../lib/local/workmail';
import { checkBucket, stageMessage, StageError, stagingKey } from '../../lib/message/stage';

describe('stagingKey and checkBucket', () => {
  test('builds <prefix><messageId>/<invocationId> with only the characters the API accepts', () => {
    expect(stagingKey('rewrites/', 'abc-123', 'inv_1.2')).toBe('rewrites/abc-123/inv-1-2');
    expect(stagingKey('my prefix/', 'a', 'b')).toBe('my-prefix/a/b');
    expect(stagingKey('', 'a', '')).toBe('a/invocation');
  });
  test('refuses a key longer than 1024 characters', () => {
    expect(() => stagingKey('p/'.repeat(600), 'a', 'b')).toThrow(StageError);
  });
  test.each(['my.bucket', 'my_bucket', 'MyBucket', 'ab', '-bucket'])('refuses bucket %s', (b) => {
    expect(() => checkBucket(b)).toThrow(/no dots or underscores/);
  });
  test('accepts a plain bucket name', () => {
    expect(() => checkBucket('rewrite-bucket-1')).not.toThrow();
  });
});

describe('stageMessage against the local WorkMail', () => {
  let wm: LocalWorkMail;
  let s3: S3Client;
  let mf: WorkMailMessageFlowClient;
  const raw = Buffer.from('From: a@example.net\r\nSubject: x\r\nMessage-ID: <s@x>\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n\r\nbody\r\n');
  const edited = Buffer.from(raw.toString().replace('Subject: x', 'Subject: [EXT] x'));

  beforeAll(async () => {
    wm = await startLocalWorkMail();
    const credentials = { accessKeyId: wm.env.AWS_ACCESS_KEY_ID!, secretAccessKey: wm.env.AWS_SECRET_ACCESS_KEY! };
    s3 = new S3Client({ endpoint: wm.s3Endpoint, region: wm.region, credentials, forcePathStyle: true, maxAttempts: 1 });
    mf = new WorkMailMessageFlowClient({ endpoint: wm.messageFlowEndpoint, region: wm.region, credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    s3?.destroy();
    mf?.destroy();
    await wm?.stop();
  });
  beforeEach(() => wm.faults.clear());

  const stage = (id: string, over: Partial<Parameters<typeof stageMessage>[0]> = {}) =>
    stageMessage({ s3, messageFlow: mf, bucket: wm.bucket, key: `rewrites/${id}/i1`, messageId: id, raw: edited, ...over });

  test('uploads and replaces the message', async () => {
    wm.putMessage('st-ok', raw);
    expect(await stage('st-ok')).toEqual({ status: 'updated', key: 'rewrites/st-ok/i1' });
    expect(wm.getMessage('st-ok')!.equals(edited)).toBe(true);
  });
  test.each([
    ['frozen', { frozen: true }, undefined],
    ['rejected', {}, { status: 400, code: 'MessageRejected', message: 'bad MIME' }],
    ['not-found', {}, { status: 404, code: 'ResourceNotFoundException' }],
    ['invalid-location', {}, { status: 400, code: 'InvalidContentLocation' }],
    ['put-failed', {}, { status: 503, code: 'ServiceUnavailable' }],
  ] as const)('maps the service answer to %s and keeps the original', async (status, putOpts, fault) => {
    const id = `st-${status}`;
    wm.putMessage(id, raw, putOpts);
    if (fault) wm.faults.inject({ service: 'messageflow', operation: 'PutRawMessageContent', ...fault });
    const out = await stage(id);
    expect(out.status).toBe(status);
    if (status === 'rejected') expect(out).toMatchObject({ message: 'bad MIME' });
    expect(wm.getMessage(id)!.equals(raw)).toBe(true);
  });
  test('reports a failed upload without calling PutRawMessageContent', async () => {
    wm.putMessage('st-up', raw);
    wm.faults.inject({ service: 's3', operation: 'PutObject', status: 500 });
    wm.requests.length = 0;
    expect((await stage('st-up')).status).toBe('upload-failed');
    expect(wm.requests.map((r) => r.operation)).toEqual(['PutObject']);
  });
  test('refuses a bucket or key the API would refuse, before any call', async () => {
    await expect(stage('st-x', { bucket: 'Bad_Bucket' })).rejects.toThrow(StageError);
    await expect(stage('st-x', { key: 'a.b' })).rejects.toThrow(StageError);
  });
});
