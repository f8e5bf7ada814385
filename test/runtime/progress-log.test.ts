/**
 * The shared progress log: entries appended by one side are read whole by the other, in order; an
 * entry that does not fit is refused without writing; a reset empties it for the next call.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { transformSync } from 'esbuild';
import { appendProgress, newProgressLog, readProgress, resetProgress } from '../../lib/runtime/supervisor/progress-log';

/** The module as CommonJS JavaScript, for a bare worker thread (no TypeScript loader there). */
const compiled = (rel: string) => transformSync(readFileSync(require.resolve(rel), 'utf8'), { loader: 'ts', format: 'cjs' }).code;

test('entries come back in order, with their values', () => {
  const log = newProgressLog(1024);
  const entries = [{ recipient: 'a@corp.example', action: { type: 'BOUNCE', message: 'não\n"quoted"' } }, { n: 2 }, 'text', null];
  for (const e of entries) expect(appendProgress(log, e)).toBe(true);
  expect(readProgress(log)).toEqual(entries);
});

test('an entry that does not fit is refused and nothing of it is read', () => {
  const log = newProgressLog(64);
  expect(appendProgress(log, { a: 'x'.repeat(20) })).toBe(true);
  expect(appendProgress(log, { b: 'y'.repeat(60) })).toBe(false);
  expect(readProgress(log)).toEqual([{ a: 'x'.repeat(20) }]);
  resetProgress(log);
  expect(readProgress(log)).toEqual([]);
  expect(appendProgress(log, { c: 1 })).toBe(true);
  expect(readProgress(log)).toEqual([{ c: 1 }]);
});

test('what a thread wrote just before it loops forever is read after it is terminated', async () => {
  const log = newProgressLog(4096);
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const m = { exports: {} };
     new Function('module', 'exports', workerData.code)(m, m.exports);
     const { appendProgress } = m.exports;
     for (let i = 0; i < 3; i++) appendProgress(workerData.log, { i });
     parentPort.postMessage('looping');
     for (;;);`,
    { eval: true, workerData: { log, code: compiled('../../lib/runtime/supervisor/progress-log.ts') } },
  );
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  expect(readProgress(log)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
});
