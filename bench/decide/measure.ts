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
  /** Warm-up calls at least (default 3). */
  warmupCalls?: number;
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
  while (calls < (opts.warmupCalls ?? 3) || ms(w0, now()) < opts.warmupMs) {
    await fn();
    calls++;
  }
  // Calibrate on warm code: double a probe batch until it lasts minRunMs.
  let batch = 1;
  while (opts.minRunMs > 0) {
    const t0 = now();
    for (let i = 0; i < batch; i++) await fn();
    const took = ms(t0, now());
    if (took >= opts.minRunMs || batch >= 1 << 20) break;
    batch = took > 0 ? Math.max(batch * 2, Math.ceil((batch * opts.minRunMs * 1.1) / took)) : batch * 2;
  }
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
