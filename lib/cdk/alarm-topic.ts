/**
 * Where the alarms notify: a new SNS topic (encrypted with its own KMS key that CloudWatch may use,
 * TLS-only publishing) or an existing one by ARN.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export class AlarmTopic extends Construct {
  readonly topic: sns.ITopic;
  /** The key of a new topic; undefined for an existing one. */
  readonly key?: kms.Key;

  constructor(scope: Construct, id: string, props: { topic: 'new' | string }) {
    super(scope, id);
    if (props.topic !== 'new') {
      this.topic = sns.Topic.fromTopicArn(this, 'Existing', props.topic);
      return;
    }
    // CloudWatch publishes to an encrypted topic only with a customer managed key it may use
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html).
    this.key = new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: `Encrypts the alarm notifications of ${Stack.of(this).stackName}`,
    });
    const cloudwatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudwatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    const topic = new sns.Topic(this, 'Topic', { masterKey: this.key, enforceSSL: true });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudwatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );
    this.topic = topic;
  }
}
