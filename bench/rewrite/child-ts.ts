/**
 * The TypeScript side of the rewrite benchmark, run in its own process (bundled by run.ts):
 *   time <in.eml> <iterations>   rewriteMessage timed in process, after warm-up, GC between runs
 *   oneshot <in.eml> <out.eml>   read, rewrite, write: the whole-process run (peak RSS, wall)
 * Prints one JSON line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { rewriteMessage } from '../../lib/message/rewrite';
import { BENCH_EDITS } from './edits';

const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const [mode, input, arg] = process.argv.slice(2);
  if (!input || (mode !== 'time' && mode !== 'oneshot')) throw new Error('usage: child-ts (time <in> <iterations> | oneshot <in> <out>)');
  const raw = readFileSync(input);
  if (mode === 'oneshot') {
    const r = await rewriteMessage(raw, BENCH_EDITS);
    if (!r.changed) throw new Error('the benchmark message was not changed');
    writeFileSync(arg!, r.raw);
    process.stdout.write(JSON.stringify({ bytes: r.raw.length, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
    return;
  }
  const iterations = Number(arg ?? 10);
  const t0 = process.hrtime.bigint();
  const first = await rewriteMessage(raw, BENCH_EDITS); // cold: loads the MIME modules lazily
  const firstMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!first.changed) throw new Error('the benchmark message was not changed');
  await rewriteMessage(raw, BENCH_EDITS);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    gc?.();
    const t = process.hrtime.bigint();
    await rewriteMessage(raw, BENCH_EDITS);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  process.stdout.write(JSON.stringify({ firstMs, times, gc: Boolean(gc) }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
