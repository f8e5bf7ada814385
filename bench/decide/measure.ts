/**
 * In-process timing with `process.hrtime.bigint()`: warm up, pick a batch size so one measured run
 * lasts at least `minRunMs`, then time `runs` batches. Each sample is the per-call time of a batch (ms).
 */
import { summarize, type Summary } from '../lib/stats';

export interface InProcessOptions {
  /** Measured runs (at least 5). */
  runs: number;
  /** Minimum duration of one measured run, ms. */
  minRunMs: number;
  /** Warm-up duration, ms (at least 3 calls). */
  warmupMs: number;
  /** Stop adding measured runs past this many ms (never below 5 runs). */
  budgetMs: number;
}

export interface InProcessFigure extends Summary {
  /** Calls per measured run. */
  batch: number;
}

const now = () => process.hrtime.bigint();
const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;

export async function measureAsync(fn: () => Promise<unknown> | unknown, opts: InProcessOptions): Promise<InProcessFigure> {
  const runs = Math.max(5, opts.runs);
  let calls = 0;
  const w0 = now();
  while (calls < 3 || ms(w0, now()) < opts.warmupMs) {
    await fn();
    calls++;
  }
  const perCall = ms(w0, now()) / calls;
  const batch = Math.max(1, Math.ceil(opts.minRunMs / Math.max(perCall, 1e-6)));
  const samples: number[] = [];
  const started = now();
  while (samples.length < runs) {
    const t0 = now();
    for (let i = 0; i < batch; i++) await fn();
    samples.push(ms(t0, now()) / batch);
    if (samples.length >= 5 && ms(started, now()) > opts.budgetMs) break;
  }
  return { ...summarize(samples), batch };
}
