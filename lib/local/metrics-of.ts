/**
 * Reading the CloudWatch metrics an invocation would emit: `metricsOf(result)` flattens the EMF
 * documents of a replay (or EMF lines captured from stdout) into one entry per metric and
 * dimension set, the way CloudWatch extracts them, so a test can assert that a rule fired.
 */
import type { EmfDocument } from '../runtime/metrics';
import { DIMENSION, METRIC } from '../workmail/metric-names';
import { LocalWorkMailError } from './errors';

export interface MetricValue {
  namespace: string;
  name: string;
  unit: string;
  value: number;
  /** Dimension name → value, e.g. { Function, Direction, Rule }. */
  dimensions: Record<string, string>;
}

type Source = { metrics: EmfDocument[] } | readonly (EmfDocument | string)[] | string;

function documents(source: Source): EmfDocument[] {
  if (typeof source === 'string') return documents(source.split('\n').filter((l) => l.includes('"_aws"')));
  const list = Array.isArray(source) ? source : (source as { metrics?: unknown }).metrics;
  if (!Array.isArray(list)) {
    throw new LocalWorkMailError(
      'REPLAY_METRICS',
      'metricsOf expects a replay result (with `metrics`), a list of EMF documents, or EMF lines',
    );
  }
  return list.map((d) => (typeof d === 'string' ? (JSON.parse(d) as EmfDocument) : d));
}

/** Every metric value in the documents, one entry per metric per dimension set. */
export function metricsOf(source: Source): MetricValue[] {
  const out: MetricValue[] = [];
  for (const doc of documents(source)) {
    for (const directive of doc._aws?.CloudWatchMetrics ?? []) {
      for (const set of directive.Dimensions) {
        const dimensions = Object.fromEntries(set.map((k) => [k, String(doc[k])]));
        for (const m of directive.Metrics) {
          out.push({ namespace: directive.Namespace, name: m.Name, unit: m.Unit, value: Number(doc[m.Name]), dimensions });
        }
      }
    }
  }
  return out;
}

/** The sum of a metric's values whose dimensions include `dimensions`. */
export function metricTotal(source: Source, name: string, dimensions: Record<string, string> = {}): number {
  return metricsOf(source)
    .filter((m) => m.name === name && Object.entries(dimensions).every(([k, v]) => m.dimensions[k] === v))
    .reduce((sum, m) => sum + m.value, 0);
}

/** Recipients each enforcing rule decided (RuleHits by Rule), by the rule's dimension value. */
export function ruleHitsOf(source: Source): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of metricsOf(source)) {
    const rule = m.dimensions[DIMENSION.rule];
    if (m.name === METRIC.ruleHits && rule !== undefined) out[rule] = (out[rule] ?? 0) + m.value;
  }
  return out;
}
