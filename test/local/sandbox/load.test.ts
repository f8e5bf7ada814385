/**
 * Nothing lost under load (bounded: 50 concurrent connections, 300 messages; `npm run bench` runs
 * 2 000): every accepted message has one record, each recipient one outcome, and the files on disk
 * match the records and the log lines. No timing is asserted (figures are in BENCHMARKS.md).
 */
import { runSandboxLoad } from '../../../bench/sandbox/load';

test('50 concurrent SMTP connections, 300 messages: one outcome per recipient, disk matches the log', async () => {
  const r = await runSandboxLoad({ messages: 300, connections: 50 });
  expect(r.problems).toEqual([]);
  expect(r.refused).toBe(0);
  expect(r.accepted).toBe(300);
  // the mix: 2 + 1 + 1 + 2 + 1 + 2 outcomes per 6 messages
  expect(r.outcomes).toBe(50 * 9);
  // files: 2 + 1 + 1 DSN + 1 + 1 junk + 2 per 6 messages
  expect(r.filesOnDisk).toBe(50 * 8);
}, 120_000);
