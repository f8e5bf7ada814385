/** The benchmark harness's pure helpers: summary statistics and target bookkeeping (no timing here). */
import { median, percentile, ratio, summarize, StatsError } from '../../bench/lib/stats';
import { target } from '../../bench/lib/results';
import { moduleOf } from '../../bench/lib/profile';
import * as path from 'node:path';

describe('bench stats', () => {
  test('median of odd and even counts, order-independent', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
  });

  test('nearest-rank percentile: p99 of fewer than 100 values is the maximum; of 200 values the 198th', () => {
    expect(percentile([1, 9, 5, 7], 99)).toBe(9);
    const values = Array.from({ length: 200 }, (_, i) => 200 - i); // 200..1, unsorted order
    expect(percentile(values, 99)).toBe(198);
    expect(percentile(values, 50)).toBe(100);
  });

  test('summarize reports min, max, mean, run count', () => {
    expect(summarize([2, 4, 9])).toEqual({ median: 4, min: 2, max: 9, p99: 9, mean: 5, runs: 3 });
  });

  test('no values, NaN or a zero baseline are refused with a typed error', () => {
    expect(() => summarize([])).toThrow(StatsError);
    expect(() => summarize([1, Number.NaN])).toThrow(/non-finite/);
    expect(() => ratio(1, 0)).toThrow(StatsError);
    expect(ratio(10, 4)).toBe(2.5);
  });

  test('a target passes at its limit and fails above it', () => {
    expect(target('x', 'x', 5, 5, '×').pass).toBe(true);
    expect(target('x', 'x', 5.01, 5, '×').pass).toBe(false);
  });

  test('profile frames are grouped by package or project folder', () => {
    const root = path.resolve(__dirname, '..', '..');
    expect(moduleOf(`file://${root}/node_modules/@smithy/core/dist-cjs/index.js`)).toBe('@smithy/core');
    expect(moduleOf(`${root}/node_modules/mailparser/lib/x.js`)).toBe('mailparser');
    expect(moduleOf(`file://${root}/lib/engine/evaluate.ts`)).toBe('lib/engine');
    expect(moduleOf('node:internal/modules/esm/loader')).toBe('node:internal');
  });
});
