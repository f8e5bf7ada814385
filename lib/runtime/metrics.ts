/**
 * CloudWatch Embedded Metric Format, written directly (no library, no API call): a JSON line with an
 * `_aws` block (Timestamp, CloudWatchMetrics directives) and the dimension and metric values as
 * top-level members (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 *
 * A dimension's value is a top-level member, so one document holds one value per dimension name. An
 * invocation's metrics are packed into as few documents as that allows: one in the usual case (all
 * recipients decided alike), one more per further distinct action or rule value.
 */
import {
  DEFAULT_METRICS_NAMESPACE,
  MAX_DIMENSION_VALUE,
  METRIC_UNIT,
  METRICS_ENV,
  UNNAMED_RULE,
  type DimensionName,
  type MetricName,
  type MetricUnit,
} from '../workmail/metric-names';
import { WorkMailRulesError } from '../workmail/errors';

/** One metric value with the dimensions beyond the base ones (Function, Direction). */
export interface MetricEntry {
  name: MetricName;
  value: number;
  /** At most one extra dimension (Reason, Action, Rule, Outcome or Error). */
  dimension?: { name: DimensionName; value: string };
}

export interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: MetricUnit }[];
}

/** One EMF document as written on one line. */
export interface EmfDocument {
  _aws: { Timestamp: number; CloudWatchMetrics: EmfDirective[] };
  [member: string]: unknown;
}

/** Handler option `metrics`. */
export interface MetricsOptions {
  /** CloudWatch namespace (default WorkMailRules); the WORKMAIL_RULES_METRICS_NAMESPACE variable wins. */
  namespace?: string;
  /** RuleHits and AuditHits by rule name (default true); the WORKMAIL_RULES_METRICS_PER_RULE variable wins. */
  perRule?: boolean;
  /** false: no EMF lines (default true); WORKMAIL_RULES_METRICS=off also turns them off. */
  enabled?: boolean;
  /** Where each EMF line goes (default stdout, where Lambda passes it to CloudWatch Logs). */
  sink?: (line: string) => void;
}

export interface MetricsSettings {
  namespace: string;
  perRule: boolean;
  enabled: boolean;
}

const NAMESPACE_DOCS = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Namespace';
/** The characters the CDK side accepts in cdk.json `monitoring.namespace` too: CloudWatch's set without the space. */
const NAMESPACE_CHARACTER = /^[A-Za-z0-9._/#:-]$/;

/**
 * Why `namespace` cannot be a CloudWatch namespace, or undefined when it can: 1 to 255 letters,
 * digits or `. _ / # : -`, not starting with the reserved `AWS/`.
 */
export function namespaceProblem(namespace: unknown): string | undefined {
  if (typeof namespace !== 'string') return `expected a string, got ${namespace === null ? 'null' : typeof namespace}`;
  if (namespace.length === 0) return 'is empty';
  if (namespace.length > 255) return `has ${namespace.length} characters (at most 255)`;
  if (namespace.startsWith('AWS/')) return 'starts with "AWS/", which CloudWatch reserves for AWS services';
  const bad = [...namespace].find((c) => !NAMESPACE_CHARACTER.test(c));
  if (bad !== undefined) {
    const code = bad.codePointAt(0)!;
    const shown =
      code < 0x20 || code === 0x7f ? `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(bad);
    return `contains ${shown}; allowed are letters, digits and . _ / # : -`;
  }
  return undefined;
}

/**
 * A handler is defined with a metrics namespace CloudWatch would refuse (`code: 'METRICS_NAMESPACE'`),
 * thrown where the handler is defined, like HandlerDefinitionError.
 */
export class MetricsNamespaceError extends WorkMailRulesError {
  readonly code = 'METRICS_NAMESPACE' as const;
  override readonly name = 'MetricsNamespaceError';
}

function checkedNamespace(namespace: string, where: string): string {
  const problem = namespaceProblem(namespace);
  if (problem)
    throw new MetricsNamespaceError(
      `${where}: the CloudWatch namespace ${problem} (workmail-rules docs/operations.md, "Namespace"; CloudWatch's rules: ${NAMESPACE_DOCS})`,
    );
  return namespace;
}

/**
 * The options with the deployed environment applied. Throws MetricsNamespaceError (at the
 * handler's definition) when the namespace, from the option or the environment, is not a valid
 * CloudWatch namespace.
 */
export function metricsSettings(
  options: MetricsOptions | undefined,
  env: Record<string, string | undefined> = process.env,
): MetricsSettings {
  const fromEnv = env[METRICS_ENV.namespace]?.trim();
  const ns = fromEnv
    ? checkedNamespace(fromEnv, `environment variable ${METRICS_ENV.namespace}`)
    : options?.namespace !== undefined
      ? checkedNamespace(options.namespace, 'metrics.namespace')
      : DEFAULT_METRICS_NAMESPACE;
  const perRuleEnv = env[METRICS_ENV.perRule];
  const perRule = perRuleEnv === 'true' ? true : perRuleEnv === 'false' ? false : (options?.perRule ?? true);
  const enabled = env[METRICS_ENV.enabled] === 'off' ? false : options?.enabled !== false;
  return { namespace: ns, perRule, enabled };
}

/**
 * A name as a dimension value: CloudWatch takes 1 to 1 024 printable ASCII characters with at least
 * one that is not a space. Accents are dropped (é → e), other characters become `_`, and a value that
 * was changed or cut to 255 characters ends in `~` and 8 hex digits of the original's hash, so two
 * names never share a value by accident. Empty names become `unnamed`.
 */
export function dimensionValue(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const mapped = ascii.replace(/[^\x20-\x7e]/g, '_').trim();
  if (mapped === name && mapped.length > 0 && mapped.length <= MAX_DIMENSION_VALUE) return mapped;
  if (mapped.replace(/_/g, '').trim() === '')
    return name.length === 0 || name.trim() === '' ? UNNAMED_RULE : `${UNNAMED_RULE}~${hash(name)}`;
  const suffix = `~${hash(name)}`;
  return mapped.slice(0, MAX_DIMENSION_VALUE - suffix.length).trimEnd() + suffix;
}

/** FNV-1a, 32 bits, as 8 hex digits: a short stable tag for a mapped name (not a security measure). */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

interface Draft {
  dims: Map<string, string>;
  entries: MetricEntry[];
}

/**
 * The EMF documents for `entries`: every document carries the base dimensions, each metric with
 * the base dimension set plus its own extra dimension. An entry joins the first document where its
 * metric is not yet present and its extra dimension is absent or has the same value.
 */
export function emfDocuments(
  namespace: string,
  base: Record<string, string>,
  entries: readonly MetricEntry[],
  timestamp: number = Date.now(),
): EmfDocument[] {
  const drafts: Draft[] = [];
  for (const entry of entries) {
    const d = entry.dimension;
    const fits = (draft: Draft) =>
      !draft.entries.some((e) => e.name === entry.name) &&
      (!d || draft.dims.get(d.name) === undefined || draft.dims.get(d.name) === d.value);
    let draft = drafts.find(fits);
    if (!draft) drafts.push((draft = { dims: new Map(), entries: [] }));
    if (d) draft.dims.set(d.name, d.value);
    draft.entries.push(entry);
  }
  const baseNames = Object.keys(base);
  return drafts.map((draft) => {
    const directives = new Map<string, EmfDirective>();
    const doc: EmfDocument = { _aws: { Timestamp: timestamp, CloudWatchMetrics: [] }, ...base };
    for (const [k, v] of draft.dims) doc[k] = v;
    for (const e of draft.entries) {
      const dims = e.dimension ? [...baseNames, e.dimension.name] : baseNames;
      const key = dims.join('\u0000');
      let directive = directives.get(key);
      if (!directive) directives.set(key, (directive = { Namespace: namespace, Dimensions: [dims], Metrics: [] }));
      directive.Metrics.push({ Name: e.name, Unit: METRIC_UNIT[e.name] });
      doc[e.name] = e.value;
    }
    doc._aws.CloudWatchMetrics = [...directives.values()];
    return doc;
  });
}

/** Adds `value` to the entry for (name, dimension value), keeping first-seen order. */
export function tally(into: MetricEntry[], name: MetricName, dimension: DimensionName, value: string, by = 1): void {
  const found = into.find((e) => e.name === name && e.dimension?.value === value);
  if (found) found.value += by;
  else into.push({ name, value: by, dimension: { name: dimension, value } });
}

export const stdoutMetricsSink = (line: string): void => {
  process.stdout.write(line + '\n');
};

/**
 * Writes the documents: to the local replay's observer when there is one (so human output stays
 * clean), else to the sink, one line each.
 */
export function writeMetrics(
  docs: EmfDocument[],
  sink: ((line: string) => void) | undefined,
  observed?: (docs: EmfDocument[]) => void,
): void {
  if (observed) {
    observed(docs);
    return;
  }
  const out = sink ?? stdoutMetricsSink;
  for (const doc of docs) out(JSON.stringify(doc));
}
