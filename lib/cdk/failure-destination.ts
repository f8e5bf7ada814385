/**
 * The on-failure destination of an asynchronous rule function: an encrypted SQS queue that keeps
 * each event Lambda could not process after its bounded retries, so a failing observer never loses
 * an event silently (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface FailureDestinationProps {
  readonly function: lambda.IFunction;
  /** Lambda's retries after a failed invocation (0 to 2). */
  readonly retryAttempts: number;
  /** Days the queue keeps an event (1 to 14). */
  readonly retentionDays: number;
}

export class FailureDestination extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FailureDestinationProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(props.retentionDays),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination: Lambda sends it the events of the asynchronous rule function that ' +
        'failed after the bounded retries. Nothing consumes it automatically, so a DLQ behind it would never receive a message; ' +
        'the FailedEvents alarm watches it instead.',
    });
    props.function.configureAsyncInvoke({
      onFailure: sendOnly(this.queue),
      retryAttempts: props.retryAttempts,
      // An event older than the retention could not be kept anyway.
      maxEventAge: Duration.hours(6),
    });
  }
}

/**
 * The queue as a destination that grants only sqs:SendMessage on it (aws-lambda-destinations'
 * SqsDestination also grants GetQueueAttributes and GetQueueUrl, which Lambda does not use here).
 */
function sendOnly(queue: sqs.IQueue): lambda.IDestination {
  return {
    bind: (_scope, fn) => {
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
      return { destination: queue.queueArn };
    },
  };
}
