// The floor under both handlers: the three calls alone (GetRawMessageContent, S3 PutObject,
// PutRawMessageContent) with the AWS SDK for JavaScript, in one warm process, on the stored messages
// named by the event lines, putting back each message unchanged. Prints `BENCH_FLOOR <json>` (ms).
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
  const body = Buffer.from(await g.messageContent.transformToByteArray());
  const t1 = performance.now();
  const key = `floor/${messageId}`;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length }));
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
