/**
 * The TypeScript side of the rewrite benchmark, run in its own process (bundled by run.ts):
 *   time <in.eml> <iterations>   rewriteMessage timed in process, after warm-up, GC between runs;
 *                                also a plain mailsplit Splitter → Joiner pass over the same bytes,
 *                                the cost the rewriter avoids by not walking untouched parts
 *   oneshot <in.eml> <out.eml>   read, rewrite, write: the whole-process run (peak RSS, wall)
 * Prints one JSON line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadMimeLibraries } from '../../lib/message/libs';
import { rewriteMessage } from '../../lib/message/rewrite';
import { BENCH_EDITS, WARMUP_CALLS } from './edits';

const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const [mode, input, arg] = process.argv.slice(2);
  if (!input || (mode !== 'time' && mode !== 'oneshot')) throw new Error('usage: child-ts (time <in> <iterations> | oneshot <in> <out>)');
  const raw = readFileSync(input);
  // A bundled program: the MIME libraries are loaded once before the synchronous edits (README "Rewriting messages").
  await loadMimeLibraries();
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
  // Steady state, as in a reused Lambda environment: the first few 25 MB outputs touch fresh memory pages.
  for (let i = 0; i < WARMUP_CALLS; i++) await rewriteMessage(raw, BENCH_EDITS);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    gc?.();
    const t = process.hrtime.bigint();
    await rewriteMessage(raw, BENCH_EDITS);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const splitJoin: number[] = [];
  for (let i = 0; i < 3; i++) {
    gc?.();
    const t = process.hrtime.bigint();
    const out = await splitAndJoin(raw);
    splitJoin.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!out.equals(raw)) throw new Error('mailsplit split → join did not reproduce the message');
  }
  process.stdout.write(JSON.stringify({ firstMs, times, splitJoin, gc: Boolean(gc) }) + '\n');
}

async function splitAndJoin(raw: Buffer): Promise<Buffer> {
  const { Splitter, Joiner } = await import('@zone-eu/mailsplit');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const splitter = new Splitter() as unknown as NodeJS.ReadWriteStream;
    const joiner = new Joiner() as unknown as NodeJS.ReadWriteStream;
    splitter.on('error', reject);
    joiner.on('error', reject);
    joiner.on('data', (c: Buffer) => chunks.push(c));
    joiner.on('end', () => resolve(Buffer.concat(chunks)));
    splitter.pipe(joiner);
    splitter.end(raw);
  });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
