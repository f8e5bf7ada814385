/**
 * Reading the `workmail` configuration from CDK context, cdk.json and `-c` overrides.
 *
 * Supported overrides (values given with `-c` arrive as strings):
 * - `-c workmail='{"region":...}'`            the whole configuration as JSON (replaces cdk.json's)
 * - `-c workmail.region=eu-west-1`             one of the WorkMail Regions
 * - `-c workmail.organizations=m-…,m-…`        comma-separated ids, or a JSON array
 * - `-c workmail.logRetentionDays=90`
 * - `-c workmail.monitoring='{...}'`           metrics, alarms, dashboard (workmail-rules docs/operations.md, "Metrics, alarms and dashboard")
 * - `-c workmail.monitoring.alarmTopic=arn:…`  the alarms' SNS topic ("new" or an ARN)
 * - `-c workmail.functions.<name>.<field>=…`   field: entry, rule, direction, readsMessage, rewrite,
 *                                               memoryMb, timeoutSeconds, events (an unknown <name> adds a function)
 * - `-c workmail:stackName=MyRules`            the stack name (default WorkMailRules)
 * Any other `workmail.*` key is rejected, so a typo never passes silently.
 * Imports nothing of aws-cdk-lib.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../errors';
import { parseConfig, type WorkMailConfig } from './config';

export const CONTEXT_KEY = 'workmail';
/** Context key for the stack name (`-c workmail:stackName=…`); function names are `<stack name>-<function>`. */
export const STACK_NAME_CONTEXT_KEY = 'workmail:stackName';
export const DEFAULT_STACK_NAME = 'WorkMailRules';

/** The stack name from context, validated as a CloudFormation stack name. */
export function stackNameFromContext(context: Record<string, unknown>): string {
  const name = context[STACK_NAME_CONTEXT_KEY] ?? DEFAULT_STACK_NAME;
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,50}$/.test(name)) {
    throw new ConfigError(
      STACK_NAME_CONTEXT_KEY,
      `got ${JSON.stringify(name)}; allowed values: a letter, then up to 50 letters, digits or "-" (it prefixes the function names, which Lambda limits to 64 characters)`,
    );
  }
  return name;
}

const NUMBER_FIELDS = new Set(['memoryMb', 'timeoutSeconds', 'logRetentionDays']);
const BOOLEAN_FIELDS = new Set(['readsMessage', 'rewrite']);
const FUNCTION_FIELDS = new Set(['entry', 'rule', 'direction', 'readsMessage', 'rewrite', 'memoryMb', 'timeoutSeconds', 'events']);

function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(key, `is not valid JSON (${(e as Error).message}); pass -c ${key}='<JSON>' with single quotes around it`);
  }
}

/** A `-c` value is a string; cdk.json values are typed. Turn strings into the type the field needs. */
function coerce(key: string, field: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (NUMBER_FIELDS.has(field)) return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (BOOLEAN_FIELDS.has(field)) {
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw new ConfigError(key, `got "${value}"; allowed values: true, false`);
  }
  return value;
}

function organizationsFrom(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('[')) return parseJson(key, text);
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The raw (unvalidated) `workmail` object after applying every override found in `context`
 * (a flat map of context keys to values, as `app.node.getAllContext()` returns).
 */
export function mergeOverrides(context: Record<string, unknown>): unknown {
  let base = context[CONTEXT_KEY];
  if (typeof base === 'string') base = parseJson(CONTEXT_KEY, base);
  const overrides = Object.keys(context)
    .filter((k) => k.startsWith(`${CONTEXT_KEY}.`))
    .sort();
  if (overrides.length === 0) return base;
  const config: Record<string, unknown> =
    typeof base === 'object' && base !== null && !Array.isArray(base) ? structuredClone(base as Record<string, unknown>) : {};
  for (const key of overrides) {
    const parts = key.split('.').slice(1);
    const value = context[key];
    const [field, name, fnField, ...rest] = parts;
    if (parts.length === 1 && field === 'region') config['region'] = value;
    else if (parts.length === 1 && field === 'organizations') config['organizations'] = organizationsFrom(key, value);
    else if (parts.length === 1 && field === 'logRetentionDays') config['logRetentionDays'] = coerce(key, field, value);
    else if (parts.length === 1 && field === 'monitoring') config['monitoring'] = typeof value === 'string' ? parseJson(key, value) : value;
    else if (parts.length === 2 && field === 'monitoring' && name === 'alarmTopic')
      config['monitoring'] = { ...((config['monitoring'] as object | undefined) ?? {}), alarmTopic: value };
    else if (field === 'functions' && name !== undefined && fnField !== undefined && rest.length === 0 && FUNCTION_FIELDS.has(fnField)) {
      const fns = (typeof config['functions'] === 'object' && config['functions'] !== null ? config['functions'] : {}) as Record<
        string,
        Record<string, unknown>
      >;
      fns[name] = { ...(fns[name] ?? {}), [fnField]: coerce(key, fnField, value) };
      config['functions'] = fns;
    } else {
      throw new ConfigError(
        key,
        `is not a supported override; supported: ${CONTEXT_KEY}, ${CONTEXT_KEY}.region, ${CONTEXT_KEY}.organizations, ${CONTEXT_KEY}.logRetentionDays, ${CONTEXT_KEY}.monitoring (JSON), ${CONTEXT_KEY}.monitoring.alarmTopic, ${CONTEXT_KEY}.functions.<name>.<${[...FUNCTION_FIELDS].join('|')}>`,
      );
    }
  }
  return config;
}

/** Validated configuration from a flat context map (app context, or cdk.json context plus `-c` flags). */
export function configFromContext(context: Record<string, unknown>): WorkMailConfig {
  if (context[CONTEXT_KEY] === undefined && !Object.keys(context).some((k) => k.startsWith(`${CONTEXT_KEY}.`))) {
    throw new ConfigError(
      CONTEXT_KEY,
      `is missing; add a "${CONTEXT_KEY}" object to cdk.json "context" (see the workmail-rules docs/deploy.md) or pass -c ${CONTEXT_KEY}='{...}'`,
    );
  }
  return parseConfig(mergeOverrides(context), CONTEXT_KEY);
}

/** The `context` object of a cdk.json file. */
export function readCdkJsonContext(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(
      path.basename(file),
      `cannot be read at ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); run from the project root or pass --cdk-json FILE`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(path.basename(file), `is not valid JSON (${(e as Error).message}) in ${file}`);
  }
  const ctx = (json as { context?: unknown }).context;
  return typeof ctx === 'object' && ctx !== null && !Array.isArray(ctx) ? (ctx as Record<string, unknown>) : {};
}

/**
 * Parses `-c key=value` / `--context key=value` pairs (as the cdk CLI does: the value is the text after
 * the first `=`) into a flat map.
 */
export function parseContextFlags(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new ConfigError(pair, 'a context flag must look like -c key=value');
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}
