// Module hooks of load-log.mjs.
import { appendFileSync } from 'node:fs';

let file;
export function initialize(logFile) {
  file = logFile;
}
export async function load(url, context, next) {
  if (file && url.startsWith('file:')) appendFileSync(file, `${url}\n`);
  return next(url, context);
}
