/** Summary statistics of repeated measurements. Pure functions; no timing of their own. */

export interface Summary {
  /** Middle value (mean of the two middle values for an even count). */
  median: number;
  min: number;
  max: number;
  /** 99th percentile, nearest-rank. With fewer than 100 runs this is the maximum. */
  p99: number;
  mean: number;
  runs: number;
}

export class StatsError extends Error {
  readonly code = 'BENCH_STATS' as const;
  constructor(message: string) {
    super(message);
    this.name = 'StatsError';
  }
}

/** Nearest-rank percentile of `values` (0 < p ≤ 100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new StatsError('percentile of no values: measure at least one run first');
  if (!(p > 0 && p <= 100)) throw new StatsError(`percentile ${p} is outside (0, 100]`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new StatsError('median of no values: measure at least one run first');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new StatsError('summary of no values: measure at least one run first');
  for (const v of values) if (!Number.isFinite(v)) throw new StatsError(`non-finite measurement ${v}`);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { median: median(values), min, max, p99: percentile(values, 99), mean: sum / values.length, runs: values.length };
}

/** `a / b`, rounded to 3 significant decimals for reports. */
export function ratio(a: number, b: number): number {
  if (!(b > 0)) throw new StatsError(`ratio against a non-positive baseline ${b}`);
  return Math.round((a / b) * 1000) / 1000;
}

/** Round every number of a summary to `digits` decimals (for the results file). */
export function rounded(s: Summary, digits = 4): Summary {
  const f = 10 ** digits;
  const r = (x: number) => Math.round(x * f) / f;
  return { median: r(s.median), min: r(s.min), max: r(s.max), p99: r(s.p99), mean: r(s.mean), runs: s.runs };
}
