/**
 * Jest matchers over the metrics of a replay: `expect(result).toHaveRuleHit('block-spoofing')`,
 * `expect(result).toEmitMetric('Fallbacks', { Reason: 'Deadline' })`. Failure messages list what
 * the invocation did emit.
 */
import { dimensionValue } from '../runtime/metrics';
import { METRIC } from '../workmail/metric-names';
import { metricsOf, metricTotal, ruleHitsOf, type MetricValue } from './metrics-of';

interface MatcherThis {
  isNot?: boolean;
}

function listing(metrics: MetricValue[]): string {
  if (metrics.length === 0) return 'no metrics were emitted';
  const lines = metrics.map((m) => {
    const dims = Object.entries(m.dimensions)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    return `  ${m.name} ${m.value} ${m.unit} (${dims})`;
  });
  return `metrics emitted:\n${lines.join('\n')}`;
}

function asSource(received: unknown): { metrics: never[] } {
  if (!received || typeof received !== 'object' || !Array.isArray((received as { metrics?: unknown }).metrics)) {
    throw new TypeError('metric matchers expect the result of replay() or replayAvailability(): an object with `metrics`');
  }
  return received as { metrics: never[] };
}

export const metricMatchers = {
  /** RuleHits for the rule (its name as the dimension shows it), optionally exactly `count` recipients. */
  toHaveRuleHit(this: MatcherThis, received: unknown, rule: string, count?: number) {
    const source = asSource(received);
    const got = ruleHitsOf(source)[dimensionValue(rule)] ?? 0;
    const pass = count === undefined ? got > 0 : got === count;
    return {
      pass,
      message: () =>
        `expected ${this.isNot ? 'no ' : ''}${METRIC.ruleHits} for rule "${rule}"${count !== undefined ? ` = ${count}` : ''}; got ${got}\n${listing(metricsOf(source))}`,
    };
  },
  /** A metric was emitted with these dimensions (among others), optionally with this total value. */
  toEmitMetric(this: MatcherThis, received: unknown, name: string, dimensions: Record<string, string> = {}, value?: number) {
    const source = asSource(received);
    const matching = metricsOf(source).filter(
      (m) => m.name === name && Object.entries(dimensions).every(([k, v]) => m.dimensions[k] === v),
    );
    const total = metricTotal(source, name, dimensions);
    const pass = matching.length > 0 && (value === undefined || total === value);
    const dims = Object.entries(dimensions).map(([k, v]) => `${k}=${v}`);
    return {
      pass,
      message: () =>
        `expected ${this.isNot ? 'no ' : ''}${name}${dims.length ? ` with ${dims.join(', ')}` : ''}${value !== undefined ? ` = ${value}` : ''}; got ${matching.length ? total : 'none'}\n${listing(metricsOf(source))}`,
    };
  },
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The rule decided at least one recipient (RuleHits), or exactly `count`. */
      toHaveRuleHit(rule: string, count?: number): R;
      /** The invocation emitted the metric with these dimensions (e.g. { Reason: 'Deadline' }), optionally totalling `value`. */
      toEmitMetric(name: string, dimensions?: Record<string, string>, value?: number): R;
    }
  }
}
