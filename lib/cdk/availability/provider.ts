/**
 * WorkMailAvailabilityProvider: a Custom Availability Provider (CAP) function for one email domain,
 * its invoke permission per organization (principal availability.workmail.<region>.amazonaws.com with
 * SourceArn and SourceAccount), and, unlike flow rules, the availability configuration itself: created,
 * updated and deleted per organization through WorkMail's API (AwsCustomResource, IAM scoped to the
 * organization), then optionally tested with TestAvailabilityConfiguration.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { organizationArn } from '../arns';
import { checkAvailabilityRegion, parseAvailabilityConfig, type AvailabilityConfig, type AvailabilityConfigInput } from './config';
import { AvailabilityTestFunction } from './test-resource';
import { DEFAULT_LOG_RETENTION_DAYS, ORGANIZATION_ID_PATTERN } from '../config/config';
import { ConfigError } from '../errors';
import { RULE_FUNCTION_RUNTIME, findProjectRoot } from '../rule-function';
import { esmBundling } from '../bundling/split';

export interface WorkMailAvailabilityProviderProps extends AvailabilityConfigInput {
  /** The WorkMail Region: us-east-1, us-west-2 or eu-west-1 (the CAP Regions). */
  readonly region: string;
  /** Organizations that get the availability configuration for `domain`. */
  readonly organizations: readonly string[];
  /** @default the nearest directory at or above the working directory holding package-lock.json */
  readonly projectRoot?: string;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** @default `<stack name>-availability` */
  readonly functionName?: string;
}

/** `availability.workmail.<region>.amazonaws.com`: the principal WorkMail invokes a CAP function with. */
export function availabilityPrincipal(region: string): string {
  return `availability.workmail.${region}.amazonaws.com`;
}

export class WorkMailAvailabilityProvider extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly config: AvailabilityConfig;
  /** One per organization: the Create/Update/DeleteAvailabilityConfiguration calls. */
  readonly configurations: Record<string, cr.AwsCustomResource> = {};
  readonly testFunction?: AvailabilityTestFunction;

  constructor(scope: Construct, id: string, props: WorkMailAvailabilityProviderProps) {
    super(scope, id);
    const key = this.node.path;
    const { region, organizations, projectRoot: rootProp, logRetentionDays, functionName, ...input } = props;
    this.config = parseAvailabilityConfig(key, input);
    checkAvailabilityRegion(`${key}.region`, region);
    if (organizations.length === 0) throw new ConfigError(`${key}.organizations`, 'is empty; allowed values: one or more organization ids');
    organizations.forEach((org, i) => {
      if (!ORGANIZATION_ID_PATTERN.test(org))
        throw new ConfigError(
          `${key}.organizations[${i}]`,
          `got ${JSON.stringify(org)}; allowed values: an id matching ${ORGANIZATION_ID_PATTERN.source}`,
        );
    });
    const retention = logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    const projectRoot = rootProp ?? findProjectRoot(process.cwd());
    const entry = path.resolve(projectRoot, this.config.entry);
    if (!fs.existsSync(entry))
      throw new ConfigError(
        `${key}.entry`,
        `no file at ${entry}; allowed values: the path of a handler file relative to the project root ${projectRoot} (e.g. "handlers/availability.ts")`,
      );
    const orgArns = organizations.map((org) => organizationArn(region, Aws.ACCOUNT_ID, org));

    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: retention as logs.RetentionDays });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the WorkMail availability provider for ${this.config.domain}: writes its own log group.`,
    });
    this.logGroup.grant(this.role, 'logs:CreateLogStream', 'logs:PutLogEvents');
    this.function = new NodejsFunction(this, 'Function', {
      functionName: functionName ?? `${Stack.of(this).stackName}-availability`,
      entry,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      runtime: RULE_FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: this.config.memoryMb,
      timeout: Duration.seconds(this.config.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      description: `WorkMail availability provider for ${this.config.domain} (${path.relative(projectRoot, entry)})`,
      bundling: esmBundling(entry, projectRoot),
    });
    this.function.node.addDependency(this.logGroup);

    for (const [i, org] of organizations.entries()) {
      this.function.addPermission(`WorkMailAvailability-${org}`, {
        principal: new iam.ServicePrincipal(availabilityPrincipal(region)),
        action: 'lambda:InvokeFunction',
        sourceArn: orgArns[i],
        sourceAccount: Aws.ACCOUNT_ID,
      });
    }

    const crRole = new iam.Role(this, 'ConfigurationRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Creates, updates and deletes the WorkMail availability configuration for ${this.config.domain}.`,
    });
    const crLogs = new logs.LogGroup(this, 'ConfigurationLogGroup', { retention: retention as logs.RetentionDays });
    crLogs.grant(crRole, 'logs:CreateLogStream', 'logs:PutLogEvents');
    const actions = ['Create', 'Update', 'Delete'].map((a) => `workmail:${a}AvailabilityConfiguration`);
    if (this.config.test) {
      this.testFunction = new AvailabilityTestFunction(this, 'Test', { region, organizationArns: orgArns, logRetentionDays: retention });
    }
    organizations.forEach((org, i) => {
      const call = (action: string, withProvider: boolean): cr.AwsSdkCall => ({
        service: 'WorkMail',
        action,
        region,
        parameters: {
          OrganizationId: org,
          DomainName: this.config.domain,
          ...(withProvider ? { LambdaProvider: { LambdaArn: this.function.functionArn } } : {}),
        },
        physicalResourceId: cr.PhysicalResourceId.of(`${org}/${this.config.domain}`),
      });
      // The id holds the domain: a new domain is a new resource (create, then delete the old one), never an update.
      const resource = new cr.AwsCustomResource(this, `Configuration-${org}-${this.config.domain}`, {
        resourceType: 'Custom::WorkMailAvailabilityConfiguration',
        onCreate: call('CreateAvailabilityConfiguration', true),
        onUpdate: call('UpdateAvailabilityConfiguration', true),
        onDelete: call('DeleteAvailabilityConfiguration', false),
        policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions, resources: [orgArns[i]!] })]),
        role: crRole,
        logGroup: crLogs,
        installLatestAwsSdk: false,
        timeout: Duration.minutes(2),
      });
      resource.node.addDependency(this.function); // and so its invoke permissions
      this.configurations[org] = resource;
      if (this.testFunction) {
        const test = this.testFunction.testFor(
          this,
          `Test-${org}-${this.config.domain}`,
          org,
          this.config.domain,
          region,
          this.function.functionArn,
        );
        test.node.addDependency(resource);
      }
    });
  }
}
