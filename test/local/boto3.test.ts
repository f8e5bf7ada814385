/**
 * The other SDK the benchmarks run against the emulators: boto3 (botocore's own SigV4 signer, S3
 * payload signing over http, its own flexible checksums) must pass both emulators' verification.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { type LocalWorkMail, startLocalWorkMail } from '../../lib/local/workmail';

const PYTHON = '/usr/bin/python3';
const hasBoto3 = spawnSync(PYTHON, ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;

const SCRIPT = `
import os, boto3
from botocore.config import Config
R = os.environ['AWS_REGION']
mf = boto3.client('workmailmessageflow', region_name=R, endpoint_url=os.environ['AWS_ENDPOINT_URL_WORKMAILMESSAGEFLOW'])
s3 = boto3.client('s3', region_name=R, endpoint_url=os.environ['AWS_ENDPOINT_URL_S3'], config=Config(s3={'addressing_style': 'path'}))
b = os.environ['REWRITE_BUCKET']
body = mf.get_raw_message_content(messageId='py-msg')['messageContent'].read()
edited = body.replace(b'Subject: s', b'Subject: [py] s')
for key in ['rewrites/py-msg', 'a b/c+d~=&x']:
    s3.put_object(Bucket=b, Key=key, Body=edited)
    assert s3.get_object(Bucket=b, Key=key)['Body'].read() == edited
print(','.join(o['Key'] for o in s3.list_objects_v2(Bucket=b, Prefix='a b')['Contents']))
mf.put_raw_message_content(messageId='py-msg', content={'s3Reference': {'bucket': b, 'key': 'rewrites/py-msg'}})
bad = boto3.client('s3', region_name=R, endpoint_url=os.environ['AWS_ENDPOINT_URL_S3'], aws_secret_access_key='wrong',
                   aws_access_key_id=os.environ['AWS_ACCESS_KEY_ID'], config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
try:
    bad.get_object(Bucket=b, Key='rewrites/py-msg')
except bad.exceptions.ClientError as e:
    print(e.response['Error']['Code'])
`;

(hasBoto3 ? describe : describe.skip)('boto3 against both emulators', () => {
  let wm: LocalWorkMail;
  beforeAll(async () => {
    wm = await startLocalWorkMail();
  });
  afterAll(() => wm?.stop());

  test('reads, stages (keys needing escapes too), lists and puts back; a wrong secret is SignatureDoesNotMatch', async () => {
    wm.putMessage('py-msg', 'Message-ID: <m@x>\r\nFrom: a@example.com\r\nTo: b@example.net\r\nSubject: s\r\n\r\nbody\r\n');
    const { stdout } = await promisify(execFile)(PYTHON, ['-c', SCRIPT], { env: { ...process.env, ...wm.env } });
    expect(stdout.trim().split('\n')).toEqual(['a b/c+d~=&x', 'SignatureDoesNotMatch']);
    expect(wm.getMessage('py-msg')?.toString()).toContain('Subject: [py] s');
  });
});
