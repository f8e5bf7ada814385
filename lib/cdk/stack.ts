/**
 * WorkMailRulesStack: every function of the `workmail` configuration, the staging bucket when a
 * function rewrites, and per function the outputs to enter in the console. Environment-agnostic:
 * the account is the `AWS::AccountId` token; the WorkMail Region is the configuration's literal.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  SAMPLE_ORGANIZATION_ID,
  declaredValue,
  deployedFunctionName,
  needsRewriteBucket,
  parseConfig,
  pascalName,
  type FunctionConfigInput,
  type WorkMailConfig,
  type WorkMailConfigInput,
} from './config/config';
import { flowRuleSettings } from './flow-rule';
import { outputNames } from './output-names';
import { RewriteBucket } from './rewrite-bucket';
import { WorkMailRuleFunction, findProjectRoot } from './rule-function';
import { ConfigError } from './errors';
import { WorkMailAvailabilityProvider } from './availability/provider';
import { METRICS_ENV } from '../workmail/metric-names';
import { DEFAULT_MONITORING } from './config/monitoring';
import { RulesMonitoring } from './monitoring';

export interface WorkMailRulesStackProps extends StackProps {
  /** Shaped like the `workmail` context; validated here (ConfigError on a wrong value). */
  readonly config: WorkMailConfigInput | WorkMailConfig;
  /** Directory the `entry` paths are relative to. @default the working directory's project root */
  readonly projectRoot?: string;
}

export class WorkMailRulesStack extends Stack {
  /** The configuration as deployed: readsMessage and rewrite as the handlers declare them. */
  readonly config: WorkMailConfig;
  readonly functions: Record<string, WorkMailRuleFunction> = {};
  readonly rewriteBucket?: RewriteBucket;
  /** The Custom Availability Provider, when the configuration has `availability`. */
  readonly availability?: WorkMailAvailabilityProvider;
  /** Alarms, dashboard, alarm topic and the asynchronous functions' failure queues. */
  readonly monitoring: RulesMonitoring;

  constructor(scope: Construct, id: string, props: WorkMailRulesStackProps) {
    const { config: input, projectRoot, ...stackProps } = props;
    super(scope, id, stackProps);
    this.config = parseConfig(input);
    const { region, organizations } = this.config;
    const root = projectRoot ?? findProjectRoot(process.cwd());
    for (const [name, fn] of Object.entries(this.config.functions)) {
      const file = path.resolve(root, fn.entry);
      if (!fs.existsSync(file)) {
        throw new ConfigError(
          `workmail.functions.${name}.entry`,
          `no file at ${file}; allowed values: the path of a handler file relative to the project root ${root} (e.g. "handlers/inbound.ts")`,
        );
      }
    }
    if (organizations.includes(SAMPLE_ORGANIZATION_ID)) {
      Annotations.of(this).addWarningV2(
        'workmail-rules:sample-organization',
        `workmail.organizations holds the sample id ${SAMPLE_ORGANIZATION_ID}, which is no real organization: put your ` +
          'organization id in cdk.json (context.workmail.organizations) or pass -c workmail.organizations=m-... before deploying.',
      );
    }

    // A bucket now when the configuration says a function rewrites, else later if a handler says so.
    let bucket = needsRewriteBucket(this.config) ? new RewriteBucket(this, 'RewriteStaging', { region, organizations }) : undefined;
    const declared = declaredFunctions(input);
    for (const [name, fn] of Object.entries(this.config.functions)) {
      this.functions[name] = new WorkMailRuleFunction(this, pascalName(name), {
        ...fn,
        readsMessage: declared[name]?.readsMessage,
        rewrite: declared[name]?.rewrite,
        memoryMb: declared[name]?.memoryMb,
        region,
        organizations,
        rewriteBucket: fn.rewrite ? bucket : undefined,
        projectRoot: root,
        logRetentionDays: this.config.logRetentionDays,
        functionName: deployedFunctionName(this.stackName, name),
        configKey: `workmail.functions.${name}`,
      });
    }
    for (const construct of Object.values(this.functions)) {
      if (!construct.config.rewrite) continue;
      bucket ??= new RewriteBucket(this, 'RewriteStaging', { region, organizations });
      construct.useRewriteBucket(bucket);
    }
    if (bucket) this.rewriteBucket = bucket;
    // The configuration with what the handlers declared (permissions as deployed).
    this.config = { ...this.config, functions: Object.fromEntries(Object.entries(this.functions).map(([n, f]) => [n, f.config])) };

    for (const [name, construct] of Object.entries(this.functions)) {
      const fn = construct.config;
      const names = outputNames(name);
      new CfnOutput(this, names.arn, {
        value: construct.function.functionArn,
        description: `ARN to enter as the Lambda ARN of the ${fn.direction.toLowerCase()} Run Lambda flow rule "${name}"`,
      });
      const rule = flowRuleSettings(fn);
      new CfnOutput(this, names.flowRule, {
        value: JSON.stringify({
          function: name,
          ruleList: rule.ruleList,
          action: rule.action,
          runSynchronously: rule.runSynchronously,
          fallbackAction: rule.fallbackAction?.value,
          ruleTimeoutMinutes: rule.ruleTimeoutMinutes?.value,
          senderPatterns: rule.senderPatterns,
          destinationPatterns: rule.destinationPatterns,
          organizationCount: organizations.length,
          // What `workmail-rules checklist --cdk-out`/`--outputs` needs to rebuild the checklist without cdk.json.
          deployment: {
            region,
            organizations,
            entry: fn.entry,
            rule: fn.rule,
            direction: fn.direction,
            readsMessage: fn.readsMessage,
            rewrite: fn.rewrite,
          },
        }),
        description: `Flow rule settings for "${name}" (run: npx workmail-rules checklist --outputs <file> for the reasons)`,
      });
    }
    this.monitoring = new RulesMonitoring(this, 'Monitoring', {
      functions: this.functions,
      monitoring: this.config.monitoring ?? structuredClone(DEFAULT_MONITORING),
    });
    if (this.config.availability) {
      this.availability = new WorkMailAvailabilityProvider(this, 'Availability', {
        ...this.config.availability,
        region,
        organizations,
        projectRoot: root,
        logRetentionDays: this.config.logRetentionDays,
        functionName: deployedFunctionName(this.stackName, 'availability'),
      });
      const { namespace } = this.config.monitoring ?? DEFAULT_MONITORING;
      this.availability.function.addEnvironment(METRICS_ENV.namespace, namespace);
      new CfnOutput(this, 'AvailabilityFunctionArn', {
        value: this.availability.function.functionArn,
        description: `The availability provider for ${this.config.availability.domain} (its availability configuration is deployed with it)`,
      });
    }
  }
}

/**
 * readsMessage, rewrite and memoryMb as written (before defaults), so that a value left out is derived
 * from the handler rather than read as `false` (a parsed configuration remembers which were defaulted).
 */
function declaredFunctions(input: WorkMailConfigInput | WorkMailConfig): Record<string, Partial<FunctionConfigInput>> {
  const fns = (input as { functions?: unknown }).functions;
  if (typeof fns !== 'object' || fns === null) return {};
  return Object.fromEntries(
    Object.entries(fns as Record<string, Partial<FunctionConfigInput>>).map(([n, f]) => [
      n,
      {
        readsMessage: declaredValue(f, 'readsMessage'),
        rewrite: declaredValue(f, 'rewrite'),
        memoryMb: declaredValue(f, 'memoryMb'),
      },
    ]),
  );
}
