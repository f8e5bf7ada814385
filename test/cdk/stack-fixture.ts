/** Builds WorkMailRulesStack for template assertions, with NodejsFunction bundling skipped. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { WorkMailRulesStack, type WorkMailConfigInput } from '../../lib/cdk';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const ORG_A = 'm-0123456789abcdef0123456789abcdef';
export const ORG_B = 'm-fedcba9876543210fedcba9876543210';
export const SYNC_HANDLER = 'test/fixtures/cdk/handlers/sync-deliver.ts';
export const ASYNC_HANDLER = 'test/fixtures/cdk/handlers/async-noop.ts';

/** The three functions of the committed cdk.json, pointed at the test fixture handlers. */
export function sampleConfig(organizations: string[] = [ORG_A]): WorkMailConfigInput {
  return {
    region: 'us-east-1',
    organizations,
    functions: {
      inbound: { entry: SYNC_HANDLER, rule: 'sync', direction: 'INBOUND', readsMessage: true, rewrite: true },
      outbound: { entry: SYNC_HANDLER, rule: 'sync', direction: 'OUTBOUND', readsMessage: true },
      'audit-log': { entry: ASYNC_HANDLER, rule: 'async', direction: 'INBOUND' },
    },
  };
}

/** Cloud assemblies go to folders this module removes after each test file (never a stray cdk.out*). */
const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** An App whose NodejsFunctions skip bundling (no stack is listed in aws:cdk:bundling-stacks). */
export function appWithoutBundling(outdir?: string): App {
  const dir = outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-synth-'));
  if (outdir === undefined) outdirs.push(dir);
  return new App({ context: { 'aws:cdk:bundling-stacks': [] }, outdir: dir });
}

export function buildStack(config: WorkMailConfigInput, options: { nag?: boolean; app?: App } = {}) {
  const app = options.app ?? appWithoutBundling();
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new WorkMailRulesStack(app, 'WorkMailRules', { config: structuredClone(config), projectRoot: REPO_ROOT });
  return { app, stack };
}

export function templateOf(config: WorkMailConfigInput): Template {
  return Template.fromStack(buildStack(config).stack);
}

/** The `Fn::Join` CloudFormation renders for `<prefix>${AWS::AccountId}<suffix>`. */
export function withAccount(prefix: string, suffix: string): unknown {
  return { 'Fn::Join': ['', [prefix, { Ref: 'AWS::AccountId' }, suffix]] };
}
