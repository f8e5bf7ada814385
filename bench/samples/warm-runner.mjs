// Warm runner: one node process imports a Lambda bundle once (the execution environment reused) and
// calls its handler once per event line, timing each invocation. Prints `BENCH_WARM <json>`.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventsFile, warmupArg] = process.argv.slice(2);
const events = readFileSync(eventsFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const warmup = Number(warmupArg);
const mod = await import(pathToFileURL(bundle).href);
const times = [];
for (const [i, event] of events.entries()) {
  const started = Date.now();
  const context = {
    functionName: 'bench',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:bench',
    memoryLimitInMB: '1024',
    awsRequestId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    logGroupName: '/aws/lambda/bench',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, 60_000 - (Date.now() - started)),
  };
  const t0 = performance.now();
  await mod.handler(event, context);
  if (i >= warmup) times.push(performance.now() - t0);
}
process.stdout.write(`\nBENCH_WARM ${JSON.stringify({ times, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
