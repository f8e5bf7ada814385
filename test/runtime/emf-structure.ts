/**
 * The structure of a CloudWatch Embedded Metric Format document as the specification documents it
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * a root `_aws` member with an integer `Timestamp` (ms since the epoch) and a `CloudWatchMetrics`
 * array of directives, each with a `Namespace`, `Dimensions` (an array of dimension sets, each an
 * array of at most 30 member names whose values are strings) and `Metrics` (at most 100 of
 * `{ Name, Unit }`, each Name a member whose value is a number or an array of numbers).
 * Returns the problems found; empty when the document is valid.
 */
const UNITS = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]);

export function emfProblems(doc: unknown): string[] {
  const out: string[] = [];
  if (typeof doc !== 'object' || doc === null) return ['not an object'];
  const d = doc as Record<string, any>;
  const aws = d._aws;
  if (typeof aws !== 'object' || aws === null) return ['no _aws object'];
  if (!Number.isInteger(aws.Timestamp) || aws.Timestamp < 1e12) out.push('_aws.Timestamp is not an epoch time in ms');
  if (!Array.isArray(aws.CloudWatchMetrics) || aws.CloudWatchMetrics.length === 0) return [...out, 'no CloudWatchMetrics directives'];
  aws.CloudWatchMetrics.forEach((dir: any, i: number) => {
    const at = `_aws.CloudWatchMetrics[${i}]`;
    if (typeof dir.Namespace !== 'string' || dir.Namespace.length === 0 || dir.Namespace.length > 1024) out.push(`${at}.Namespace`);
    if (!Array.isArray(dir.Dimensions)) out.push(`${at}.Dimensions is not an array`);
    else
      dir.Dimensions.forEach((set: unknown, j: number) => {
        if (!Array.isArray(set) || set.length > 30) {
          out.push(`${at}.Dimensions[${j}] is not a set of at most 30 names`);
          return;
        }
        for (const name of set) {
          const v = d[name];
          if (typeof v !== 'string') out.push(`${at}.Dimensions[${j}]: member ${name} is not a string`);
          else if (v.length < 1 || v.length > 1024 || !/^[\x20-\x7e]+$/.test(v) || v.trim() === '')
            out.push(`${at}.Dimensions[${j}]: ${name} is not 1-1024 printable ASCII characters`);
        }
      });
    if (!Array.isArray(dir.Metrics) || dir.Metrics.length === 0 || dir.Metrics.length > 100) out.push(`${at}.Metrics: 1 to 100 entries`);
    else
      for (const m of dir.Metrics) {
        if (typeof m.Name !== 'string' || m.Name.length === 0) out.push(`${at}.Metrics: a Name is missing`);
        if (m.Unit !== undefined && !UNITS.has(m.Unit)) out.push(`${at}.Metrics ${m.Name}: unit ${m.Unit}`);
        const v = d[m.Name];
        const ok = typeof v === 'number' ? Number.isFinite(v) : Array.isArray(v) && v.length <= 100 && v.every(Number.isFinite);
        if (!ok) out.push(`${at}.Metrics ${m.Name}: the member is not a number`);
      }
  });
  return out;
}
