/**
 * The `workmail` configuration (cdk.json context) and its validation.
 *
 * This file imports only lib/workmail (not even aws-cdk-lib), so the `checklist` command can use it without
 * loading the CDK. Every rejection is a ConfigError naming the key and the allowed values.
 */
import { LIMITS } from '../../workmail/limits';
import { FLOW_DIRECTIONS } from '../../workmail/types';
import { ConfigError } from '../errors';
import { parseAvailabilityConfig, type AvailabilityConfig, type AvailabilityConfigInput } from '../availability/config';
import { DEFAULT_MONITORING, parseAlarms, parseMonitoringConfig, type MonitoringConfig, type MonitoringConfigInput } from './monitoring';

/** Regions where WorkMail runs (issue 6; https://docs.aws.amazon.com/general/latest/gr/workmail.html). */
export const WORKMAIL_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'] as const;
export type WorkMailRegion = (typeof WORKMAIL_REGIONS)[number];

/** Organization id format (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html). Duplicated from lib/workmail on purpose: lib/cdk stays standalone. */
export const ORGANIZATION_ID_PATTERN = LIMITS.organizationIdPattern;
/** The placeholder organization id committed in cdk.json so `cdk synth` works out of the box. Not a real organization. */
export const SAMPLE_ORGANIZATION_ID = 'm-00000000000000000000000000000000';

export const RULE_KINDS = ['sync', 'async'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const DIRECTIONS = FLOW_DIRECTIONS;
export type RuleDirection = (typeof DIRECTIONS)[number];

/** WorkMail treats a synchronous invocation that takes 15 s or more as failed (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html). */
export const SYNC_TIMEOUT_LIMIT_SECONDS = LIMITS.responseTimeoutMs / 1000;
export const DEFAULT_SYNC_TIMEOUT_SECONDS = 12;
export const DEFAULT_ASYNC_TIMEOUT_SECONDS = 60;
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;
export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_REWRITE_MEMORY_MB = 1024;
export const LAMBDA_MIN_MEMORY_MB = 128;
export const LAMBDA_MAX_MEMORY_MB = 10240;
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** The values CloudWatch Logs accepts for a retention (the same list as aws-cdk-lib's RetentionDays). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Function names: a letter, then letters, digits or `-`; they become construct ids and output names. */
export const FUNCTION_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,39}$/;
const ENTRY_PATTERN = /^[^\s]+\.(ts|mts|cts|tsx|js|mjs|cjs|jsx)$/;

/** One function as written in cdk.json. */
export interface FunctionConfigInput {
  entry: string;
  rule: RuleKind;
  direction: RuleDirection;
  readsMessage?: boolean;
  rewrite?: boolean;
  memoryMb?: number;
  timeoutSeconds?: number;
  /** The sample events replay runs through this function: a folder or glob, or a list (relative to the project root). */
  events?: string | string[];
  /** This function's alarms, over `monitoring.alarms` (workmail-rules docs/operations.md, "Alarms"). */
  alarms?: MonitoringConfigInput['alarms'];
}

/** The `workmail` context as written in cdk.json. */
export interface WorkMailConfigInput {
  region: WorkMailRegion;
  organizations: string[];
  functions: Record<string, FunctionConfigInput>;
  logRetentionDays?: number;
  /** A Custom Availability Provider for one email domain (workmail-rules docs/availability.md). */
  availability?: AvailabilityConfigInput;
  /** Metrics, alarms, dashboard and failure destinations (workmail-rules docs/operations.md, "Alarms"). */
  monitoring?: MonitoringConfigInput;
}

/** One function with every default applied. */
export interface FunctionConfig {
  entry: string;
  rule: RuleKind;
  direction: RuleDirection;
  readsMessage: boolean;
  rewrite: boolean;
  memoryMb: number;
  timeoutSeconds: number;
  events?: string[];
  /** This function's alarm settings when it has its own `alarms`; otherwise the stack's apply. */
  alarms?: MonitoringConfig['alarms'];
}

/** The validated configuration with every default applied. */
export interface WorkMailConfig {
  region: WorkMailRegion;
  organizations: string[];
  functions: Record<string, FunctionConfig>;
  logRetentionDays: number;
  availability?: AvailabilityConfig;
  /** Present when the configuration has `monitoring`; the stack applies the defaults otherwise. */
  monitoring?: MonitoringConfig;
}

const TOP_KEYS = ['region', 'organizations', 'functions', 'logRetentionDays', 'availability', 'monitoring'] as const;
const FUNCTION_KEYS = ['entry', 'rule', 'direction', 'readsMessage', 'rewrite', 'memoryMb', 'timeoutSeconds', 'events', 'alarms'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

function oneOf<T extends string>(key: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(key, `got ${show(value)}; allowed values: ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return value as T;
}

function optionalBoolean(key: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new ConfigError(key, `got ${show(value)}; allowed values: true, false`);
  return value;
}

function integerIn(key: string, value: unknown, min: number, max: number, why = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(key, `got ${show(value)}; allowed values: an integer from ${min} to ${max}${why}`);
  }
  return value;
}

function rejectUnknownKeys(key: string, obj: Record<string, unknown>, known: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) {
      throw new ConfigError(`${key}.${k}`, `unknown key; allowed keys: ${known.join(', ')}`);
    }
  }
}

/** PascalCase form of a function name, used for construct ids and CloudFormation output names. */
export function pascalName(name: string): string {
  return name
    .split('-')
    .filter((p) => p.length > 0)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

/** Validates one function's settings and applies the defaults; `key` names it in error messages. */
/** `alarmBase`: the stack's alarm settings, which a function's own `alarms` override key by key. */
export function parseFunctionConfig(key: string, input: unknown, alarmBase = DEFAULT_MONITORING.alarms): FunctionConfig {
  if (!isRecord(input)) throw new ConfigError(key, `got ${show(input)}; expected an object with keys ${FUNCTION_KEYS.join(', ')}`);
  rejectUnknownKeys(key, input, FUNCTION_KEYS);
  const entry = input['entry'];
  if (typeof entry !== 'string' || !ENTRY_PATTERN.test(entry)) {
    throw new ConfigError(
      `${key}.entry`,
      `got ${show(entry)}; allowed values: a path relative to the project root ending in .ts, .mts, .cts, .tsx, .js, .mjs, .cjs or .jsx (e.g. "handlers/inbound.ts")`,
    );
  }
  const rule = oneOf(`${key}.rule`, input['rule'], RULE_KINDS);
  const direction = oneOf(`${key}.direction`, input['direction'], DIRECTIONS);
  const rewrite = optionalBoolean(`${key}.rewrite`, input['rewrite']) ?? false;
  const readsMessage = optionalBoolean(`${key}.readsMessage`, input['readsMessage']) ?? false;
  if (rewrite && rule !== 'sync') {
    throw new ConfigError(
      `${key}.rewrite`,
      `true needs rule "sync": WorkMail applies PutRawMessageContent only from a synchronous rule (https://docs.aws.amazon.com/workmail/latest/adminguide/update-with-lambda.html); allowed values with rule "${rule}": false`,
    );
  }
  const timeoutSeconds =
    input['timeoutSeconds'] === undefined
      ? rule === 'sync'
        ? DEFAULT_SYNC_TIMEOUT_SECONDS
        : DEFAULT_ASYNC_TIMEOUT_SECONDS
      : rule === 'sync'
        ? integerIn(
            `${key}.timeoutSeconds`,
            input['timeoutSeconds'],
            1,
            SYNC_TIMEOUT_LIMIT_SECONDS - 1,
            ` (a synchronous rule must answer in under ${SYNC_TIMEOUT_LIMIT_SECONDS} s, or WorkMail treats the invocation as failed; https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html)`,
          )
        : integerIn(`${key}.timeoutSeconds`, input['timeoutSeconds'], 1, LAMBDA_MAX_TIMEOUT_SECONDS);
  const memoryMb =
    input['memoryMb'] === undefined
      ? rewrite
        ? DEFAULT_REWRITE_MEMORY_MB
        : DEFAULT_MEMORY_MB
      : integerIn(`${key}.memoryMb`, input['memoryMb'], LAMBDA_MIN_MEMORY_MB, LAMBDA_MAX_MEMORY_MB);
  const events = eventsOf(`${key}.events`, input['events']);
  const alarms = input['alarms'] === undefined ? undefined : parseAlarms(`${key}.alarms`, input['alarms'], alarmBase);
  const parsed = {
    entry,
    rule,
    direction,
    readsMessage: readsMessage || rewrite,
    rewrite,
    memoryMb,
    timeoutSeconds,
    ...(events ? { events } : {}),
    ...(alarms ? { alarms } : {}),
  };
  const defaulted = (['readsMessage', 'rewrite', 'memoryMb'] as const).filter(
    (k) => input[k] === undefined || (input as { [DEFAULTED]?: string[] })[DEFAULTED]?.includes(k),
  );
  return Object.defineProperty(parsed, DEFAULTED, { value: defaulted, enumerable: false });
}

function eventsOf(key: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string' && s.trim() !== '')) {
    throw new ConfigError(
      key,
      `got ${show(value)}; allowed values: a folder or glob of sample events relative to the project root (e.g. "events/inbound/**/*.json"), or a list of them`,
    );
  }
  return list.map((s) => s.trim());
}

/** On a parsed FunctionConfig: the fields that were left out and got their defaults (the stack derives those from the handler). */
export const DEFAULTED = Symbol('workmail-rules.defaulted');

/** The value as written: undefined when `parseFunctionConfig` filled in a default. */
export function declaredValue<K extends 'readsMessage' | 'rewrite' | 'memoryMb'>(
  fn: Partial<FunctionConfigInput>,
  field: K,
): FunctionConfigInput[K] | undefined {
  return (fn as { [DEFAULTED]?: string[] })[DEFAULTED]?.includes(field) ? undefined : fn[field];
}

/**
 * Validates the `workmail` context and applies the defaults. Throws ConfigError on the first problem.
 * `key` is the name used in messages (the context key).
 */
export function parseConfig(input: unknown, key = 'workmail'): WorkMailConfig {
  if (!isRecord(input)) {
    throw new ConfigError(
      key,
      `got ${show(input)}; expected an object with keys ${TOP_KEYS.join(', ')} (set it in cdk.json "context" or with -c ${key}='{...}')`,
    );
  }
  rejectUnknownKeys(key, input, TOP_KEYS);
  const region = oneOf(`${key}.region`, input['region'], WORKMAIL_REGIONS);

  const orgs = input['organizations'];
  if (!Array.isArray(orgs) || orgs.length === 0) {
    throw new ConfigError(
      `${key}.organizations`,
      `got ${show(orgs)}; allowed values: a non-empty list of WorkMail organization ids matching ${ORGANIZATION_ID_PATTERN.source}`,
    );
  }
  const organizations: string[] = [];
  orgs.forEach((id: unknown, i) => {
    if (typeof id !== 'string' || !ORGANIZATION_ID_PATTERN.test(id)) {
      throw new ConfigError(
        `${key}.organizations[${i}]`,
        `got ${show(id)}; allowed values: an organization id matching ${ORGANIZATION_ID_PATTERN.source} (WorkMail console, Organization settings)`,
      );
    }
    if (organizations.includes(id))
      throw new ConfigError(`${key}.organizations[${i}]`, `${id} is listed twice; list each organization once`);
    organizations.push(id);
  });

  const fns = input['functions'];
  if (!isRecord(fns) || Object.keys(fns).length === 0) {
    throw new ConfigError(
      `${key}.functions`,
      `got ${show(fns)}; allowed values: an object of one or more { <name>: { entry, rule, direction, ... } }`,
    );
  }
  const monitoring = input['monitoring'] === undefined ? undefined : parseMonitoringConfig(`${key}.monitoring`, input['monitoring']);
  const functions: Record<string, FunctionConfig> = {};
  const ids = new Map<string, string>();
  for (const [name, fn] of Object.entries(fns)) {
    if (!FUNCTION_NAME_PATTERN.test(name)) {
      throw new ConfigError(
        `${key}.functions.${name}`,
        `the function name must match ${FUNCTION_NAME_PATTERN.source} (a letter, then letters, digits or "-")`,
      );
    }
    const id = pascalName(name);
    const clash = ids.get(id);
    if (clash !== undefined) {
      throw new ConfigError(`${key}.functions.${name}`, `maps to the same resource name "${id}" as "${clash}"; rename one of them`);
    }
    ids.set(id, name);
    functions[name] = parseFunctionConfig(`${key}.functions.${name}`, fn, monitoring?.alarms);
  }

  const logRetentionDays =
    input['logRetentionDays'] === undefined
      ? DEFAULT_LOG_RETENTION_DAYS
      : (() => {
          const v = input['logRetentionDays'];
          if (typeof v !== 'number' || !(LOG_RETENTION_DAYS as readonly number[]).includes(v)) {
            throw new ConfigError(`${key}.logRetentionDays`, `got ${show(v)}; allowed values: ${LOG_RETENTION_DAYS.join(', ')}`);
          }
          return v;
        })();

  const availability =
    input['availability'] === undefined ? undefined : parseAvailabilityConfig(`${key}.availability`, input['availability']);
  if (availability && functions['availability'])
    throw new ConfigError(
      `${key}.functions.availability`,
      "this name is taken by the availability provider's function when `availability` is set; rename the function",
    );
  return {
    region,
    organizations,
    functions,
    logRetentionDays,
    ...(availability ? { availability } : {}),
    ...(monitoring ? { monitoring } : {}),
  };
}

/** Lambda's limit on function names. */
export const LAMBDA_MAX_FUNCTION_NAME = 64;

/** The deployed function name, `<stack name>-<function>`; a ConfigError when Lambda's 64-character limit is exceeded. */
export function deployedFunctionName(stackName: string, name: string): string {
  const full = `${stackName}-${name}`;
  if (full.length > LAMBDA_MAX_FUNCTION_NAME) {
    throw new ConfigError(
      `workmail.functions.${name}`,
      `the deployed function name "${full}" has ${full.length} characters; Lambda allows ${LAMBDA_MAX_FUNCTION_NAME}: shorten the function name or the stack name`,
    );
  }
  return full;
}

/** True when any function rewrites messages, so a staging bucket is needed. */
export function needsRewriteBucket(config: WorkMailConfig): boolean {
  return Object.values(config.functions).some((f) => f.rewrite);
}
