/// <reference types="node" preserve="true" />
/**
 * The `workmail-rules/jest` entry: list it in jest.config.js `setupFilesAfterEnv:
 * ['workmail-rules/jest']` (inside this repo: '<rootDir>/lib/local/jest-setup.ts') to get the
 * WorkMail matchers (`toBounce`, `toDrop`, `toDeliver`, `toJunk`, `toBypassSpam`, `toBeRewritten`) and the availability ones (`toBeValidAvailability`,
 * `toHaveAvailabilityError`, `toBeBusyAt`, `toBeFreeAt`), and the metric ones (`toHaveRuleHit`, `toEmitMetric`).
 */
import { availabilityMatchers } from './availability/matchers';
import { workmailMatchers } from './matchers';
import { metricMatchers } from './metric-matchers';

// jest's global, declared here so the package's types do not require @types/jest.
declare const expect: { extend(matchers: Record<string, unknown>): void };

expect.extend(workmailMatchers);
expect.extend(availabilityMatchers);
expect.extend(metricMatchers);

export { availabilityMatchers, metricMatchers, workmailMatchers };
