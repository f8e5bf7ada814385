// Loads a produced Lambda bundle the way the Node.js runtime does (ESM import of index.mjs), calls its
// handler with the event file and writes {"result": ...} or {"error": ...} to the result file.
// The handler's own log lines stay on stdout.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile, resultFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const started = Date.now();
const context = {
  functionName: 'bundle-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:bundle-test',
  memoryLimitInMB: '256',
  awsRequestId: '00000000-0000-4000-8000-000000000000',
  logGroupName: '/aws/lambda/bundle-test',
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, 12_000 - (Date.now() - started)),
};
try {
  const mod = await import(pathToFileURL(bundle).href);
  const result = await mod.handler(event, context);
  writeFileSync(resultFile, JSON.stringify({ result: result === undefined ? null : result }));
} catch (err) {
  writeFileSync(resultFile, JSON.stringify({ error: String(err?.stack || err) }));
  process.exitCode = 1;
}
