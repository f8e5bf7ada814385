/**
 * `workmail-rules/constants`: WorkMail's limits, the metric and dimension names the handlers write
 * (for alarms and dashboards of your own), the reasons they record, and the Custom Availability
 * Provider's error codes, Regions and time limit. Values only: importing it loads no handler code.
 */
export { LIMITS } from './workmail/limits';
export {
  METRIC,
  DIMENSION,
  DEFAULT_METRICS_NAMESPACE,
  FALLBACK_REASON,
  REWRITE_OUTCOME,
  ASYNC_ERROR_REASON,
  type MetricName,
  type MetricUnit,
  type DimensionName,
} from './workmail/metric-names';
export { AVAILABILITY_ERRORS, AVAILABILITY_REGIONS, AVAILABILITY_TIMEOUT_MS } from './workmail/availability/types';
