/**
 * The principals and ARNs WorkMail grants are written with (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda-content-access.html, https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html).
 * `account` is a string so that callers pass either a literal account id or the `AWS::AccountId` token.
 * Imports nothing of aws-cdk-lib.
 */
import type { RuleDirection } from './config/config';

/** The regional WorkMail service principal, e.g. `workmail.us-east-1.amazonaws.com`. */
export function workmailPrincipal(region: string): string {
  return `workmail.${region}.amazonaws.com`;
}

/** `arn:aws:workmail:<region>:<account>:organization/<id>`: the SourceArn of a Run Lambda invocation. */
export function organizationArn(region: string, account: string, organizationId: string): string {
  return `arn:aws:workmail:${region}:${account}:organization/${organizationId}`;
}

/** The Message Flow context of a direction: `incoming` for inbound mail, `outgoing` for outbound. */
export function messageContext(direction: RuleDirection): 'incoming' | 'outgoing' {
  return direction === 'INBOUND' ? 'incoming' : 'outgoing';
}

/** `arn:aws:workmailmessageflow:<region>:<account>:message/<org>/<incoming|outgoing>/*`. */
export function messagesArn(region: string, account: string, organizationId: string, direction: RuleDirection): string {
  return `arn:aws:workmailmessageflow:${region}:${account}:message/${organizationId}/${messageContext(direction)}/*`;
}

/** `arn:aws:workmailmessageflow:<region>:<account>:message/<org>/*`: the bucket policy's aws:SourceArn. */
export function organizationMessagesArn(region: string, account: string, organizationId: string): string {
  return `arn:aws:workmailmessageflow:${region}:${account}:message/${organizationId}/*`;
}

/** `arn:aws:lambda:<region>:<account>:function:<name>`: what the checklist shows before a deploy. */
export function functionArnPattern(region: string, account: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${functionName}`;
}
