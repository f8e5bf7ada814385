/**
 * WorkMailRuleFunction: one Run Lambda handler, bundled by the local esbuild, with its own log group,
 * its own least-privilege role, and one invoke permission per WorkMail organization (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations, Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { AssetStaging } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { messagesArn, organizationArn, workmailPrincipal } from './arns';
import {
  DEFAULT_LOG_RETENTION_DAYS,
  LOG_RETENTION_DAYS,
  ORGANIZATION_ID_PATTERN,
  WORKMAIL_REGIONS,
  deployedFunctionName,
  parseFunctionConfig,
  type FunctionConfig,
  type FunctionConfigInput,
} from './config/config';
import { deriveFromHandler } from './config/derive';
import { ConfigError } from './errors';
import { checkHandlerModule, type HandlerFacts } from './handler-check';
import { nagResource } from './nag-ids';
import { esmBundling } from './bundling/split';
import type { RewriteBucket } from './rewrite-bucket';

/** The newest Node.js runtime aws-cdk-lib 2.276 names as a constant. */
export const RULE_FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Makes `require` work inside the ESM bundle for CommonJS dependencies. */
export { ESM_REQUIRE_BANNER } from './bundling/split';

export interface WorkMailRuleFunctionProps extends FunctionConfigInput {
  /** The WorkMail Region, as a literal (principals and ARNs are written with it). */
  readonly region: string;
  /** WorkMail organizations allowed to invoke the function. */
  readonly organizations: readonly string[];
  /** Required when `rewrite` is true: where rewritten messages are staged. */
  readonly rewriteBucket?: RewriteBucket;
  /** Directory that `entry` is relative to and that esbuild runs in. @default the nearest directory above `entry` (or the working directory) holding package-lock.json */
  readonly projectRoot?: string;
  /** @default `<projectRoot>/package-lock.json` */
  readonly depsLockFilePath?: string;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** @default `<stack name>-<construct id>` */
  readonly functionName?: string;
  /** The name used in error messages (WorkMailRulesStack passes `workmail.functions.<name>`). @default the construct path */
  readonly configKey?: string;
}

/** The nearest directory at or above `start` holding package-lock.json (else `start`). */
export function findProjectRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package-lock.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

export class WorkMailRuleFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The validated settings, with defaults applied. */
  readonly config: FunctionConfig;
  readonly region: string;
  readonly organizations: readonly string[];
  /** What the handler says about itself, read from its bundle (or module) at synth; undefined for a plain function. */
  readonly handlerFacts?: HandlerFacts;
  private stagingBucket?: RewriteBucket;
  private readonly configKey: string;

  constructor(scope: Construct, id: string, props: WorkMailRuleFunctionProps) {
    super(scope, id);
    const {
      region,
      organizations,
      rewriteBucket,
      projectRoot: rootProp,
      depsLockFilePath,
      logRetentionDays,
      functionName,
      configKey,
      ...fnInput
    } = props;
    const key = configKey ?? this.node.path;
    this.configKey = key;
    const declared = parseFunctionConfig(key, fnInput);
    if (!(WORKMAIL_REGIONS as readonly string[]).includes(region)) {
      throw new ConfigError(
        `${key}.region`,
        `got ${JSON.stringify(region)}; allowed values: ${WORKMAIL_REGIONS.map((r) => `"${r}"`).join(', ')}`,
      );
    }
    if (organizations.length === 0) throw new ConfigError(`${key}.organizations`, 'is empty; allowed values: one or more organization ids');
    organizations.forEach((org, i) => {
      if (!ORGANIZATION_ID_PATTERN.test(org)) {
        throw new ConfigError(
          `${key}.organizations[${i}]`,
          `got ${JSON.stringify(org)}; allowed values: an id matching ${ORGANIZATION_ID_PATTERN.source}`,
        );
      }
    });
    if (declared.rewrite && !rewriteBucket) {
      throw new ConfigError(`${key}.rewriteBucket`, 'is required when rewrite is true; pass a RewriteBucket');
    }
    const retention = logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
      throw new ConfigError(`${key}.logRetentionDays`, `got ${retention}; allowed values: ${LOG_RETENTION_DAYS.join(', ')}`);
    }
    this.region = region;
    this.organizations = [...organizations];

    const projectRoot = rootProp ?? findProjectRoot(path.isAbsolute(declared.entry) ? path.dirname(declared.entry) : process.cwd());
    const entry = path.resolve(projectRoot, declared.entry);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: retention as logs.RetentionDays });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.logGroup.grant(this.role, 'logs:CreateLogStream', 'logs:PutLogEvents');

    const environment: Record<string, string> = { NODE_OPTIONS: '--enable-source-maps' };

    this.function = new NodejsFunction(this, 'Function', {
      functionName: functionName ?? deployedFunctionName(Stack.of(this).stackName, id),
      entry,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: depsLockFilePath ?? path.join(projectRoot, 'package-lock.json'),
      runtime: RULE_FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: declared.memoryMb,
      timeout: Duration.seconds(declared.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      environment,
      description: `WorkMail ${declared.rule} ${declared.direction} rule (${path.relative(projectRoot, entry)})`,
      bundling: esmBundling(entry, projectRoot),
    });
    // The log group must exist before the function so Lambda never creates an unmanaged one.
    this.function.node.addDependency(this.logGroup);

    // The handler's own description decides the permissions; the configuration may only agree with it.
    const shown = path.relative(projectRoot, entry) || entry;
    const check = checkHandlerModule(this.bundlePath() ?? entry, key, region);
    if (check.facts) this.handlerFacts = check.facts;
    const derived = deriveFromHandler(key, shown, fnInput, check.facts);
    this.config = parseFunctionConfig(key, { ...fnInput, readsMessage: derived.readsMessage, rewrite: derived.rewrite });
    if (this.config.memoryMb !== declared.memoryMb)
      (this.function.node.defaultChild as lambda.CfnFunction).memorySize = this.config.memoryMb;
    for (const [i, note] of [
      ...derived.notes,
      ...(check.facts?.warnings ?? []).map(
        (w) => `${shown}${check.facts?.rulesSource ? ` (rules at ${check.facts.rulesSource})` : ''}: ${w}`,
      ),
    ].entries()) {
      Annotations.of(this).addWarningV2(`workmail-rules:handler-${i}`, note);
    }
    (this.role.node.defaultChild as iam.CfnRole).description =
      `Runs the WorkMail rule function ${id}: writes its own log group${this.config.readsMessage ? ', reads messages' : ''}${this.config.rewrite ? ', stages and puts rewritten messages' : ''}.`;

    const principal = new iam.ServicePrincipal(workmailPrincipal(region));
    for (const org of organizations) {
      this.function.addPermission(`WorkMail-${org}`, {
        principal,
        action: 'lambda:InvokeFunction',
        sourceArn: organizationArn(region, Aws.ACCOUNT_ID, org),
        sourceAccount: Aws.ACCOUNT_ID,
      });
    }

    const messageActions = [
      ...(this.config.readsMessage ? ['workmailmessageflow:GetRawMessageContent'] : []),
      ...(this.config.rewrite ? ['workmailmessageflow:PutRawMessageContent'] : []),
    ];
    const messageResources = organizations.map((org) => messagesArn(region, Aws.ACCOUNT_ID, org, this.config.direction));
    if (messageActions.length > 0) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: messageActions, resources: messageResources }));
    }
    this.acknowledgeScopedWildcards(messageActions.length > 0 ? messageResources : [], undefined);
    if (this.config.rewrite && rewriteBucket) this.useRewriteBucket(rewriteBucket);
    this.node.addValidation({
      validate: () =>
        this.config.rewrite && !this.stagingBucket
          ? [`${key}: ${shown} rewrites messages, so the function needs a RewriteBucket (pass rewriteBucket, or call useRewriteBucket)`]
          : [],
    });
  }

  /** Where esbuild put this function's bundle, when the stack is being bundled. */
  private bundlePath(): string | undefined {
    if (!Stack.of(this).bundlingRequired) return undefined;
    const asset = this.function.node.tryFindChild('Code') as Asset | undefined;
    const staged = (asset?.node.tryFindChild('Stage') as AssetStaging | undefined)?.absoluteStagedPath;
    const file = staged ? path.join(staged, 'index.mjs') : undefined;
    return file && fs.existsSync(file) ? file : undefined;
  }

  /** Stages rewritten messages in `bucket`: sets REWRITE_BUCKET and REWRITE_KEY_PREFIX and grants s3:PutObject on its prefix. */
  useRewriteBucket(bucket: RewriteBucket): void {
    if (this.stagingBucket) return;
    const unread = this.organizations.filter((o) => !bucket.organizations.includes(o));
    if (unread.length > 0) {
      throw new ConfigError(
        `${this.configKey}.organizations`,
        `${unread.join(', ')} not in the RewriteBucket's organizations, so WorkMail could not read the staged message; allowed values: ${bucket.organizations.join(', ')}`,
      );
    }
    this.stagingBucket = bucket;
    this.function.addEnvironment('REWRITE_BUCKET', bucket.bucket.bucketName);
    this.function.addEnvironment('REWRITE_KEY_PREFIX', bucket.keyPrefix);
    bucket.grantStage(this.role);
    this.acknowledgeScopedWildcards([], bucket);
  }

  /**
   * cdk-nag AwsSolutions-IAM5 flags every `*` in a resource. The ones left here are as narrow as the
   * services allow: acknowledge each one, by its exact finding id, with the reason.
   */
  private acknowledgeScopedWildcards(messageResources: string[], bucket: RewriteBucket | undefined): void {
    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    const stack = Stack.of(this);
    const nagId = (resource: string) => `AwsSolutions::AwsSolutions-IAM5[Resource::${nagResource(stack, resource)}]`;
    for (const resource of messageResources) {
      Validations.of(policy).acknowledge({
        id: nagId(resource),
        reason:
          'Message Flow ARNs end in a per-message id that is only known at invocation time; the statement is ' +
          'already narrowed to one organization and one direction (incoming/outgoing), the narrowest scope the ' +
          'service documents (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda-content-access.html).',
      });
    }
    if (bucket) {
      Validations.of(policy).acknowledge({
        id: nagId(bucket.stagedObjectsArn),
        reason:
          'Each rewrite stages a new object under a key derived from the message id, unknown in advance; ' +
          's3:PutObject is limited to the rewrite prefix of the dedicated staging bucket, whose objects expire after 1 day.',
      });
    }
  }
}
