// The floor under both handlers: the three calls alone (GetRawMessageContent, S3 PutObject,
// PutRawMessageContent) with the AWS SDK for JavaScript, in one warm process, on the stored messages
// named by the event lines, putting back each message unchanged, the way our handler makes them
// (lib/message/read.ts: the body collected with one copy; lib/message/stage.ts: the upload marked
// UNSIGNED-PAYLOAD beside its CRC32 checksum). Prints `BENCH_FLOOR <json>` (ms).
import { readFileSync } from 'node:fs';
import { GetRawMessageContentCommand, PutRawMessageContentCommand, WorkMailMessageFlowClient } from '@aws-sdk/client-workmailmessageflow';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const [eventsFile, warmupArg] = process.argv.slice(2);
const ids = readFileSync(eventsFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).messageId);
const bucket = process.env.REWRITE_BUCKET;
const mf = new WorkMailMessageFlowClient({ maxAttempts: 3 });
const s3 = new S3Client({ maxAttempts: 3, forcePathStyle: true });
const t = { get: [], put: [], raw: [], total: [] };
for (const [i, messageId] of ids.entries()) {
  const t0 = performance.now();
  const g = await mf.send(new GetRawMessageContentCommand({ messageId }));
  const chunks = [];
  for await (const c of g.messageContent) chunks.push(c);
  const body = Buffer.concat(chunks);
  const t1 = performance.now();
  const key = `floor/${messageId}`;
  const put = new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length });
  put.middlewareStack.add(
    (next) => (args) => {
      args.request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      return next(args);
    },
    { step: 'build' },
  );
  await s3.send(put);
  const t2 = performance.now();
  await mf.send(new PutRawMessageContentCommand({ messageId, content: { s3Reference: { bucket, key } } }));
  const t3 = performance.now();
  if (i < Number(warmupArg)) continue;
  t.get.push(t1 - t0);
  t.put.push(t2 - t1);
  t.raw.push(t3 - t2);
  t.total.push(t3 - t0);
}
mf.destroy();
s3.destroy();
process.stdout.write(`BENCH_FLOOR ${JSON.stringify(t)}\n`);
