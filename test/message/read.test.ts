import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkMailMessageFlowClient } from '@aws-sdk/client-workmailmessageflow';
import { startLocalWorkMail, type LocalWorkMail } from '../../lib/local/workmail';
import { getRawMessage, MessageIdError } from '../../lib/message/read';

const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };

describe('getRawMessage: the stored bytes, whatever the framing of the response', () => {
  let wm: LocalWorkMail;
  let mf: WorkMailMessageFlowClient;
  beforeAll(async () => {
    wm = await startLocalWorkMail();
    const creds = { accessKeyId: wm.env.AWS_ACCESS_KEY_ID!, secretAccessKey: wm.env.AWS_SECRET_ACCESS_KEY! };
    mf = new WorkMailMessageFlowClient({ endpoint: wm.messageFlowEndpoint, region: wm.region, credentials: creds, maxAttempts: 1 });
  });
  afterAll(async () => {
    mf?.destroy();
    await wm?.stop();
  });

  test('a 3 MB message arriving in many chunks comes back byte for byte', async () => {
    const raw = Buffer.concat([Buffer.from('Subject: big\r\n\r\n'), Buffer.alloc(3 * 1024 * 1024 + 7, 'x')]);
    raw[raw.length - 1] = 0x0a;
    wm.putMessage('read-big', raw);
    const got = await getRawMessage(mf, 'read-big');
    expect(got.equals(raw)).toBe(true);
  });

  test('an empty body is an empty Buffer', async () => {
    wm.putMessage('read-empty', Buffer.alloc(0));
    expect((await getRawMessage(mf, 'read-empty')).length).toBe(0);
  });

  test('a message id the API refuses is never fetched', async () => {
    await expect(getRawMessage(mf, 'Bad_ID')).rejects.toBeInstanceOf(MessageIdError);
  });
});

describe('getRawMessage against a server that sends a chunked or a sized body', () => {
  let server: http.Server;
  let endpoint: string;
  const body = Buffer.from('Subject: chunked\r\n\r\n' + 'y'.repeat(200_000) + '\r\n');
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url?.endsWith('/chunked')) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }); // no content-length: chunked
        for (let i = 0; i < body.length; i += 10_000) res.write(body.subarray(i, i + 10_000));
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test.each(['chunked', 'sized'])('%s response', async (id) => {
    const client = new WorkMailMessageFlowClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    try {
      expect((await getRawMessage(client, id)).equals(body)).toBe(true);
    } finally {
      client.destroy();
    }
  });
});
