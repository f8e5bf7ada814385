/**
 * Tests in tiers (`npm test` runs them all; `npm run test:unit`, `test:wire`, `test:cdk`,
 * `test:property` one tier each):
 * - unit: pure code, no servers, no child processes;
 * - wire: the real AWS SDK clients against the local emulators (and replay's child processes);
 * - cdk: synthesis, cdk-nag and the esbuild bundles;
 * - property: fast-check properties (FC_RUNS sets the run count; CI uses 10 000).
 */
const WIRE = [
  '<rootDir>/test/local/',
  '<rootDir>/test/events.test.ts',
  '<rootDir>/test/message/stage.test.ts',
  '<rootDir>/test/runtime/rewrite-wire.test.ts',
  '<rootDir>/test/export/sieve.test.ts',
  '<rootDir>/test/export/sieve-rewrite.test.ts',
  '<rootDir>/test/export/cli.test.ts',
  '<rootDir>/test/message/reading/',
];
const CDK = ['<rootDir>/test/cdk/', '<rootDir>/test/runtime/envelope-bundle.test.ts', '<rootDir>/test/export/mail-manager-cdk.test.ts'];
const PROPERTY = ['/property\\.test\\.ts$'];

const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
const tier = (displayName, testMatch, extra = {}) => ({ ...shared, displayName, testMatch: ['**/*.test.ts'], ...testMatch, ...extra });

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  projects: [
    tier('unit', { testPathIgnorePatterns: [...WIRE, ...CDK, ...PROPERTY] }),
    tier(
      'wire',
      { testMatch: WIRE.map((p) => (p.endsWith('/') ? `${p}**/*.test.ts` : p)) },
      { setupFilesAfterEnv: ['<rootDir>/test/setup/stop-emulators.ts'] },
    ),
    tier('cdk', { testMatch: CDK.map((p) => (p.endsWith('/') ? `${p}**/*.test.ts` : p)) }),
    tier('property', { testMatch: ['**/property.test.ts'] }),
  ],
};
