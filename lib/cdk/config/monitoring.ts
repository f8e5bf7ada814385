/**
 * The `workmail.monitoring` configuration: the metrics namespace, per-rule metrics, the alarms
 * (each one's threshold, period and evaluation periods, or off), the alarm topic, the dashboard, and
 * the asynchronous functions' retries and failure queue. docs/operations.md "Alarms" shows each default.
 * Imports only lib/workmail (no aws-cdk-lib), like config.ts.
 */
import { DEFAULT_METRICS_NAMESPACE, FALLBACK_REASON } from '../../workmail/metric-names';
import { ConfigError } from '../errors';

export interface AlarmSettings {
  enabled: boolean;
  /** The alarm fires when the value reaches this (>=). */
  threshold: number;
  periodMinutes: number;
  evaluationPeriods: number;
}

export interface MonitoringConfig {
  namespace: string;
  perRuleMetrics: boolean;
  dashboard: boolean;
  /** 'new': a topic in the stack (KMS-encrypted); an ARN: an existing topic; undefined: alarms without actions. */
  alarmTopic?: 'new' | string;
  alarms: {
    /** Fallbacks with these reasons, summed (sync functions). */
    fallbacks: AlarmSettings & { reasons: string[] };
    /** DurationMs p99 within `marginSeconds` of the function's timeout (sync functions); threshold is derived. */
    lateAnswers: Omit<AlarmSettings, 'threshold'> & { marginSeconds: number };
    /** Lambda Errors of the function (async functions). */
    asyncErrors: AlarmSettings;
    /** Events in the failure queue (async functions). */
    failedEvents: AlarmSettings;
    /** Rewrites with Outcome failed or rejected, MessageFrozen excepted (rewriting functions). */
    rewriteFailures: AlarmSettings;
  };
  /** Lambda's retries of a failed asynchronous invocation (0 to 2). */
  asyncRetryAttempts: number;
  /** Days the failure queue keeps an event (1 to 14, SQS's limit). */
  failureQueueRetentionDays: number;
}

export type MonitoringConfigInput = {
  [K in keyof Omit<MonitoringConfig, 'alarms'>]?: MonitoringConfig[K];
} & { alarms?: { [K in keyof MonitoringConfig['alarms']]?: boolean | Partial<MonitoringConfig['alarms'][K]> } };

const ALARM = { enabled: true, periodMinutes: 5, evaluationPeriods: 1 };
export const DEFAULT_MONITORING: MonitoringConfig = {
  namespace: DEFAULT_METRICS_NAMESPACE,
  perRuleMetrics: true,
  dashboard: true,
  alarms: {
    fallbacks: { ...ALARM, threshold: 1, reasons: [FALLBACK_REASON.error, FALLBACK_REASON.deadline, FALLBACK_REASON.invalidPlan] },
    lateAnswers: { ...ALARM, evaluationPeriods: 3, marginSeconds: 2 },
    asyncErrors: { ...ALARM, threshold: 1 },
    failedEvents: { ...ALARM, threshold: 1 },
    rewriteFailures: { ...ALARM, threshold: 1 },
  },
  asyncRetryAttempts: 2,
  failureQueueRetentionDays: 14,
};

const KEYS = ['namespace', 'perRuleMetrics', 'dashboard', 'alarmTopic', 'alarms', 'asyncRetryAttempts', 'failureQueueRetentionDays'];
const ALARM_KEYS = Object.keys(DEFAULT_MONITORING.alarms);
/** CloudWatch namespaces: 1-255 characters, not starting with AWS/ (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Namespace). */
const NAMESPACE_PATTERN = /^(?!AWS\/)[A-Za-z0-9._/#:-]{1,255}$/;
const TOPIC_ARN_PATTERN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
/** CloudWatch alarm periods of a minute or more must be multiples of 60 s; evaluation spans at most one day. */
const PERIODS = [1, 5, 10, 15, 30, 60, 360, 720, 1440];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

function known(key: string, obj: Record<string, unknown>, keys: readonly string[]): void {
  for (const k of Object.keys(obj))
    if (!keys.includes(k)) throw new ConfigError(`${key}.${k}`, `unknown key; allowed keys: ${keys.join(', ')}`);
}

function bool(key: string, v: unknown, d: boolean): boolean {
  if (v === undefined) return d;
  if (typeof v !== 'boolean') throw new ConfigError(key, `got ${show(v)}; allowed values: true, false`);
  return v;
}

function num(key: string, v: unknown, d: number, min: number, max: number, integer = true): number {
  if (v === undefined) return d;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
    throw new ConfigError(key, `got ${show(v)}; allowed values: ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  return v;
}

function alarm<T extends Partial<AlarmSettings> & { enabled: boolean; periodMinutes: number; evaluationPeriods: number }>(
  key: string,
  input: unknown,
  defaults: T,
  extra: Record<string, (k: string, v: unknown) => unknown>,
): T {
  if (input === undefined) return defaults;
  if (typeof input === 'boolean') return { ...defaults, enabled: input };
  if (!isRecord(input))
    throw new ConfigError(key, `got ${show(input)}; allowed values: true, false, or an object with ${Object.keys(defaults).join(', ')}`);
  known(key, input, Object.keys(defaults));
  const periodMinutes = input.periodMinutes === undefined ? defaults.periodMinutes : Number(input.periodMinutes);
  if (!PERIODS.includes(periodMinutes))
    throw new ConfigError(`${key}.periodMinutes`, `got ${show(input.periodMinutes)}; allowed values: ${PERIODS.join(', ')}`);
  const out = {
    ...defaults,
    enabled: bool(`${key}.enabled`, input.enabled, defaults.enabled),
    periodMinutes,
    evaluationPeriods: num(
      `${key}.evaluationPeriods`,
      input.evaluationPeriods,
      defaults.evaluationPeriods,
      1,
      Math.floor(1440 / periodMinutes),
    ),
    ...('threshold' in defaults ? { threshold: num(`${key}.threshold`, input.threshold, defaults.threshold as number, 1, 1_000_000) } : {}),
  } as T;
  for (const [k, check] of Object.entries(extra))
    if (input[k] !== undefined) (out as Record<string, unknown>)[k] = check(`${key}.${k}`, input[k]);
  return out;
}

function reasons(key: string, v: unknown): string[] {
  const allowed = Object.values(FALLBACK_REASON) as string[];
  if (!Array.isArray(v) || v.length === 0 || !v.every((r) => typeof r === 'string' && allowed.includes(r)))
    throw new ConfigError(key, `got ${show(v)}; allowed values: a non-empty list of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  return [...new Set(v as string[])];
}

/**
 * Validates an `alarms` object (`workmail.monitoring.alarms`, or a function's own `alarms`) and
 * applies it over `base`: what it leaves out keeps the base's settings.
 */
export function parseAlarms(key: string, input: unknown, base: MonitoringConfig['alarms']): MonitoringConfig['alarms'] {
  if (input !== undefined && !isRecord(input))
    throw new ConfigError(key, `got ${show(input)}; expected an object with keys ${ALARM_KEYS.join(', ')}`);
  const a = input ?? {};
  known(key, a, ALARM_KEYS);
  return {
    fallbacks: alarm(`${key}.fallbacks`, a.fallbacks, base.fallbacks, { reasons }),
    lateAnswers: alarm(`${key}.lateAnswers`, a.lateAnswers, base.lateAnswers, {
      marginSeconds: (k, v) => num(k, v, 2, 0.1, 14, false),
    }),
    asyncErrors: alarm(`${key}.asyncErrors`, a.asyncErrors, base.asyncErrors, {}),
    failedEvents: alarm(`${key}.failedEvents`, a.failedEvents, base.failedEvents, {}),
    rewriteFailures: alarm(`${key}.rewriteFailures`, a.rewriteFailures, base.rewriteFailures, {}),
  };
}

/** What decides a function's alarms (a FunctionConfig). */
export interface AlarmedFunction {
  rule: 'sync' | 'async';
  rewrite: boolean;
  alarms?: MonitoringConfig['alarms'];
}

/** The alarms the stack creates for a function, as lib/cdk/alarms.ts does (an asynchronous function always has its failure queue). */
export function functionAlarmIds(fn: AlarmedFunction, monitoring: MonitoringConfig): string[] {
  const a = fn.alarms ?? monitoring.alarms;
  const ids: [string, boolean][] =
    fn.rule === 'sync'
      ? [
          ['Fallbacks', a.fallbacks.enabled],
          ['LateAnswers', a.lateAnswers.enabled],
        ]
      : [
          ['AsyncErrors', a.asyncErrors.enabled],
          ['FailedEvents', a.failedEvents.enabled],
        ];
  if (fn.rewrite) ids.push(['RewriteFailures', a.rewriteFailures.enabled]);
  return ids.filter(([, on]) => on).map(([id]) => id);
}

/** The id of the synth warning for alarms that notify nobody. */
export const ALARMS_WITHOUT_ACTION = 'workmail-rules:alarms-without-action';

/** What synth and the checklist say about `count` alarms without an action. */
export const alarmsWithoutActionMessage = (count: number): string =>
  `${count} alarm${count === 1 ? ' has' : 's have'} no alarm action, so nobody is notified when ${count === 1 ? 'it fires' : 'they fire'}: ` +
  'set workmail.monitoring.alarmTopic in cdk.json (context.workmail.monitoring.alarmTopic) to "new" (a topic in the stack; subscribe to it) ' +
  'or to the ARN of an SNS topic (workmail-rules docs/operations.md, "Alarms")';

/** Validates `workmail.monitoring` and applies the defaults. */
export function parseMonitoringConfig(key: string, input: unknown): MonitoringConfig {
  if (input === undefined) return structuredClone(DEFAULT_MONITORING);
  if (!isRecord(input)) throw new ConfigError(key, `got ${show(input)}; expected an object with keys ${KEYS.join(', ')}`);
  known(key, input, KEYS);
  const d = DEFAULT_MONITORING;
  const namespace = input.namespace ?? d.namespace;
  if (typeof namespace !== 'string' || !NAMESPACE_PATTERN.test(namespace))
    throw new ConfigError(
      `${key}.namespace`,
      `got ${show(namespace)}; allowed values: 1 to 255 letters, digits or . _ / # : - , not starting with "AWS/"`,
    );
  const topic = input.alarmTopic;
  if (topic !== undefined && topic !== 'new' && (typeof topic !== 'string' || !TOPIC_ARN_PATTERN.test(topic)))
    throw new ConfigError(
      `${key}.alarmTopic`,
      `got ${show(topic)}; allowed values: "new" (a topic in the stack) or an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`,
    );
  return {
    namespace,
    perRuleMetrics: bool(`${key}.perRuleMetrics`, input.perRuleMetrics, d.perRuleMetrics),
    dashboard: bool(`${key}.dashboard`, input.dashboard, d.dashboard),
    ...(topic !== undefined ? { alarmTopic: topic as string } : {}),
    alarms: parseAlarms(`${key}.alarms`, input.alarms, d.alarms),
    asyncRetryAttempts: num(`${key}.asyncRetryAttempts`, input.asyncRetryAttempts, d.asyncRetryAttempts, 0, 2),
    failureQueueRetentionDays: num(`${key}.failureQueueRetentionDays`, input.failureQueueRetentionDays, d.failureQueueRetentionDays, 1, 14),
  };
}
