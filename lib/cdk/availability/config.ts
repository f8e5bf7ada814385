/**
 * The `availability` key of the `workmail` configuration: a Custom Availability Provider function
 * for one email domain. Imports nothing of aws-cdk-lib; every rejection is a ConfigError.
 */
import { AVAILABILITY_REGIONS, AVAILABILITY_TIMEOUT_MS } from '../../workmail/availability/types';
import { ConfigError } from '../errors';

export type AvailabilityRegion = (typeof AVAILABILITY_REGIONS)[number];
export { AVAILABILITY_REGIONS };

/** WorkMail waits 25 s; the function must stop before that. */
export const AVAILABILITY_TIMEOUT_LIMIT_SECONDS = AVAILABILITY_TIMEOUT_MS / 1000;
/** The AWS sample's timeout. */
export const DEFAULT_AVAILABILITY_TIMEOUT_SECONDS = 20;
export const DEFAULT_AVAILABILITY_MEMORY_MB = 256;

/** `availability` as written in cdk.json. */
export interface AvailabilityConfigInput {
  /** The email domain whose free/busy the function answers, e.g. "external.example.com". */
  domain: string;
  /** The handler file, relative to the project root. */
  entry: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  /** Run TestAvailabilityConfiguration after creating or updating the configuration; a failure fails the deployment. @default true */
  test?: boolean;
}

export interface AvailabilityConfig {
  domain: string;
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
  test: boolean;
}

const KEYS = ['domain', 'entry', 'memoryMb', 'timeoutSeconds', 'test'] as const;
const DOMAIN = /^(?=.{3,255}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const ENTRY = /^[^\s]+\.(ts|mts|cts|tsx|js|mjs|cjs|jsx)$/;
const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Throws a ConfigError unless `region` is one where WorkMail offers CAP. */
export function checkAvailabilityRegion(key: string, region: string): AvailabilityRegion {
  if (!(AVAILABILITY_REGIONS as readonly string[]).includes(region)) {
    throw new ConfigError(
      key,
      `got ${show(region)}; WorkMail offers Custom Availability Providers only in ${AVAILABILITY_REGIONS.map((r) => `"${r}"`).join(', ')} (https://docs.aws.amazon.com/workmail/latest/adminguide/building_cap.html)`,
    );
  }
  return region as AvailabilityRegion;
}

/** Validates `availability` and applies the defaults; `key` names it in messages (e.g. `workmail.availability`). */
export function parseAvailabilityConfig(key: string, input: unknown): AvailabilityConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigError(
      key,
      `got ${show(input)}; expected an object with keys ${KEYS.join(', ')} (e.g. { "domain": "external.example.com", "entry": "handlers/availability.ts" })`,
    );
  }
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!(KEYS as readonly string[]).includes(k)) throw new ConfigError(`${key}.${k}`, `unknown key; allowed keys: ${KEYS.join(', ')}`);
  }
  if (typeof o.domain !== 'string' || !DOMAIN.test(o.domain)) {
    throw new ConfigError(
      `${key}.domain`,
      `got ${show(o.domain)}; allowed values: an email domain of 3 to 255 characters, e.g. "external.example.com"`,
    );
  }
  if (typeof o.entry !== 'string' || !ENTRY.test(o.entry)) {
    throw new ConfigError(
      `${key}.entry`,
      `got ${show(o.entry)}; allowed values: a path relative to the project root ending in .ts, .mts, .cts, .tsx, .js, .mjs, .cjs or .jsx (e.g. "handlers/availability.ts")`,
    );
  }
  const integer = (field: string, min: number, max: number, fallback: number, why = '') => {
    const v = o[field];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ConfigError(`${key}.${field}`, `got ${show(v)}; allowed values: an integer from ${min} to ${max}${why}`);
    }
    return v;
  };
  const timeoutSeconds = integer(
    'timeoutSeconds',
    1,
    AVAILABILITY_TIMEOUT_LIMIT_SECONDS - 1,
    DEFAULT_AVAILABILITY_TIMEOUT_SECONDS,
    ` (WorkMail waits ${AVAILABILITY_TIMEOUT_LIMIT_SECONDS} s for an availability answer, then fails the mailboxes)`,
  );
  const memoryMb = integer('memoryMb', 128, 10240, DEFAULT_AVAILABILITY_MEMORY_MB);
  if (o.test !== undefined && typeof o.test !== 'boolean')
    throw new ConfigError(`${key}.test`, `got ${show(o.test)}; allowed values: true, false`);
  return { domain: o.domain.toLowerCase(), entry: o.entry, memoryMb, timeoutSeconds, test: o.test !== false };
}
