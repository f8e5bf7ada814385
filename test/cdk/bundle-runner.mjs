// Loads a produced Lambda bundle the way the Node.js runtime does (ESM import of index.mjs) and calls
// its handler with the event file; prints {"result": ...} or {"error": ...} on stdout.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const started = Date.now();
const context = {
  functionName: 'bundle-test', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:bundle-test',
  memoryLimitInMB: '256', awsRequestId: '00000000-0000-4000-8000-000000000000', logGroupName: '/aws/lambda/bundle-test',
  logStreamName: 'local', callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, 12_000 - (Date.now() - started)),
};
try {
  const mod = await import(pathToFileURL(bundle).href);
  const result = await mod.handler(event, context);
  process.stdout.write(JSON.stringify({ result: result === undefined ? null : result }));
} catch (err) {
  process.stdout.write(JSON.stringify({ error: String(err && err.stack || err) }));
  process.exitCode = 1;
}
