// Cold-start runner: a fresh node process imports one Lambda bundle (as the Node.js runtime does,
// an ESM import of the file) and calls its handler once with the event file. The last stdout line
// is `BENCH_RESULT <json>`; a handler error exits 1.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const bootMs = performance.now(); // node start-up until this module runs
// stdout is a pipe here: its stream is set up on first use. The runner writes its result there
// anyway, so set it up now and keep that cost out of the handler's phase.
process.stdout.write('');

const [bundle, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const started = Date.now();
const context = {
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:bench',
  memoryLimitInMB: '256',
  awsRequestId: '00000000-0000-4000-8000-000000000000',
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, 10_000 - (Date.now() - started)),
};
try {
  const t0 = performance.now();
  const mod = await import(pathToFileURL(bundle).href);
  const t1 = performance.now();
  const result = await mod.handler(event, context);
  const t2 = performance.now();
  // A bundle may say how much of its import went to its own top-level work (bench/cold-start/envelope-handler.ts).
  const defineMs = typeof mod.benchDefineMs === 'number' ? mod.benchDefineMs : undefined;
  process.stdout.write(`\nBENCH_TIMING ${JSON.stringify({ bootMs, importMs: t1 - t0, handleMs: t2 - t1, defineMs })}\n`);
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result ?? null)}\n`);
} catch (err) {
  process.stderr.write(String(err?.stack || err) + '\n');
  process.exitCode = 1;
}
