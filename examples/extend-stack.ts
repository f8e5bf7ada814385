/** Extending the stack in bin/app.ts: an added bucket, a cdk-nag acknowledgment, an environment variable and a grant (docs/deploy.md). */
import * as path from 'node:path';
import { App, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { WorkMailRulesStack, configFromContext, stackNameFromContext } from '../lib/cdk';

const app = new App();
const context = app.node.getAllContext() as Record<string, unknown>;
const projectRoot = path.resolve(__dirname, '..');

// #region extend
const stack = new WorkMailRulesStack(app, stackNameFromContext(context), { config: configFromContext(context), projectRoot });

// An added bucket, as cdk-nag's AwsSolutions checks want it (encrypted, no public access, TLS only).
const archive = new s3.Bucket(stack, 'Archive', {
  encryption: s3.BucketEncryption.S3_MANAGED,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  lifecycleRules: [{ expiration: Duration.days(90) }],
  removalPolicy: RemovalPolicy.RETAIN,
});
// Acknowledging a cdk-nag finding, with the reason reviewers will read.
Validations.of(archive).acknowledge({
  id: 'AwsSolutions::AwsSolutions-S1',
  reason: 'Archive of audit copies; access is logged by CloudTrail data events, not S3 server access logs.',
});

// An environment variable and an extra grant for one function.
const audit = stack.functions['audit-log']!;
audit.function.addEnvironment('ARCHIVE_BUCKET', archive.bucketName);
audit.role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [archive.arnForObjects('audit/*')] }));
Validations.of(audit.role).acknowledge({
  id: 'AwsSolutions::AwsSolutions-IAM5[Resource::<ArchiveDA4CB258.Arn>/audit/*]',
  reason: 'The audit function writes one object per message under audit/; object keys are not known in advance.',
});
// #endregion extend

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
