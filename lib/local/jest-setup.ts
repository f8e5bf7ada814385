/**
 * List in jest.config.js `setupFilesAfterEnv: ['workmail-rules/lib/local/jest-setup']` (or
 * '<rootDir>/lib/local/jest-setup.ts' inside this repo) to get the WorkMail matchers in every test.
 */
import { workmailMatchers } from './matchers';

expect.extend(workmailMatchers);
