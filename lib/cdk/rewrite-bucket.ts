/**
 * RewriteBucket: where a rewriting function stages the new MIME before PutRawMessageContent
 * (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda-content-access.html). WorkMail reads the staged object itself, so the bucket policy lets the regional
 * WorkMail principal read the rewrite prefix, only for our account, over TLS, and only for messages
 * of the configured organizations.
 */
import { Aws, Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { organizationMessagesArn, workmailPrincipal } from './arns';
import { ORGANIZATION_ID_PATTERN } from './config/config';
import { ConfigError } from './errors';
import { DEFAULT_REWRITE_KEY_PREFIX } from '../workmail/constants';

export { DEFAULT_REWRITE_KEY_PREFIX };
export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 90;

export interface RewriteBucketProps {
  /** The WorkMail Region (a literal, e.g. `us-east-1`): the bucket must be in the same Region (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda-content-access.html). */
  readonly region: string;
  /** Organizations whose messages WorkMail may read staged content for. */
  readonly organizations: readonly string[];
  /** Key prefix for staged messages; ends with `/`. @default 'rewrites/' */
  readonly keyPrefix?: string;
  /** Days to keep the server access logs of the staging bucket. @default 90 */
  readonly accessLogRetentionDays?: number;
}

export class RewriteBucket extends Construct {
  /** The staging bucket. */
  readonly bucket: s3.Bucket;
  /** Receives the staging bucket's server access logs. */
  readonly accessLogBucket: s3.Bucket;
  /** Key prefix staged objects are written under (ends with `/`). */
  readonly keyPrefix: string;
  /** Organizations the bucket policy lets WorkMail read staged messages for. */
  readonly organizations: readonly string[];

  constructor(scope: Construct, id: string, props: RewriteBucketProps) {
    super(scope, id);
    const keyPrefix = props.keyPrefix ?? DEFAULT_REWRITE_KEY_PREFIX;
    if (!/^[A-Za-z0-9!_.()'-]+(\/[A-Za-z0-9!_.()'-]+)*\/$/.test(keyPrefix)) {
      throw new ConfigError(
        `${this.node.path}.keyPrefix`,
        `got ${JSON.stringify(keyPrefix)}; allowed values: a non-empty S3 key prefix without wildcards that ends with "/" (e.g. "rewrites/")`,
      );
    }
    if (props.organizations.length === 0) {
      throw new ConfigError(`${this.node.path}.organizations`, 'is empty; allowed values: one or more organization ids');
    }
    props.organizations.forEach((org, i) => {
      if (!ORGANIZATION_ID_PATTERN.test(org)) {
        throw new ConfigError(
          `${this.node.path}.organizations[${i}]`,
          `got ${JSON.stringify(org)}; allowed values: an id matching ${ORGANIZATION_ID_PATTERN.source}`,
        );
      }
    });
    this.keyPrefix = keyPrefix;
    this.organizations = [...props.organizations];
    // Access-log delivery through a bucket policy (not the LogDeliveryWrite ACL), so both buckets keep
    // ACLs disabled (BucketOwnerEnforced) whatever feature flags the app sets.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(props.accessLogRetentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'This bucket is the server-access-log destination of the rewrite staging bucket. Logging it into ' +
        'another bucket would only move the same finding one bucket further; it is written solely by the S3 ' +
        'logging service (bucket policy created by CDK), blocks all public access, enforces TLS and expires logs.',
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // SSE-S3: WorkMail reads the object itself, and SSE-KMS is not documented for this API (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda-content-access.html).
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'rewrite-staging/',
      lifecycleRules: [
        {
          id: 'expire-staged-messages',
          // WorkMail reads the staged copy during the synchronous invocation; nothing needs it a day later.
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });

    const principal = new iam.ServicePrincipal(workmailPrincipal(props.region));
    props.organizations.forEach((org) => {
      this.bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `WorkMailReadsStagedMessages${org.replace(/[^A-Za-z0-9]/g, '')}`,
          effect: iam.Effect.ALLOW,
          principals: [principal],
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [this.bucket.arnForObjects(`${keyPrefix}*`)],
          conditions: {
            StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
            Bool: { 'aws:SecureTransport': 'true' },
            ArnLike: { 'aws:SourceArn': organizationMessagesArn(props.region, Aws.ACCOUNT_ID, org) },
          },
        }),
      );
    });
  }

  /** The ARN pattern of the objects under the rewrite prefix. */
  get stagedObjectsArn(): string {
    return this.bucket.arnForObjects(`${this.keyPrefix}*`);
  }

  /** Lets `grantee` write staged messages: `s3:PutObject` on the rewrite prefix only. */
  grantStage(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject'],
      resourceArns: [this.stagedObjectsArn],
    });
  }
}
