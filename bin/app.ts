#!/usr/bin/env node
/**
 * The CDK app (cdk.json: "app": "npx tsx bin/app.ts"). Reads the `workmail` context (cdk.json plus
 * `-c` overrides, see lib/cdk/config/context.ts), builds one environment-agnostic WorkMailRulesStack and runs
 * the cdk-nag AwsSolutions checks on it. No lookups: `cdk synth` works offline without credentials.
 */
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, HandlerCheckError, WorkMailRulesStack, configFromContext, stackNameFromContext } from '../lib/cdk';

function main(): void {
  const app = new App();
  const context = app.node.getAllContext() as Record<string, unknown>;
  new WorkMailRulesStack(app, stackNameFromContext(context), {
    config: configFromContext(context),
    projectRoot: path.resolve(__dirname, '..'),
    description: 'WorkMail email-flow rule functions, invoke permissions and rewrite staging (workmail-rules)',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
}

try {
  main();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`workmail-rules: configuration error (${err.code}) at ${err.message}\n`);
    process.exit(1);
  }
  if (err instanceof HandlerCheckError) {
    process.stderr.write(`workmail-rules: handler check failed (${err.code}) for ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
