/**
 * A custom resource that runs WorkMail's TestAvailabilityConfiguration after the configuration is
 * created or updated, and fails the deployment with WorkMail's FailureReason when the test fails.
 * (AwsCustomResource cannot fail on a returned value, so this is a small inline function.)
 */
import { CustomResource, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { RULE_FUNCTION_RUNTIME } from '../rule-function';

/** The function's code: CommonJS, using the AWS SDK that the Lambda Node.js runtime ships. */
export const AVAILABILITY_TEST_CODE = `
const { WorkMailClient, TestAvailabilityConfigurationCommand } = require('@aws-sdk/client-workmail');
const send = (url, body) => new Promise((resolve, reject) => {
  const req = require(url.startsWith('https:') ? 'node:https' : 'node:http').request(url, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (res) => { res.resume(); res.on('end', resolve); });
  req.on('error', reject);
  req.end(body);
});
exports.handler = async (event) => {
  const p = event.ResourceProperties;
  let status = 'SUCCESS';
  let reason = 'availability configuration tested';
  if (event.RequestType !== 'Delete') {
    try {
      const out = await new WorkMailClient({ region: p.Region }).send(new TestAvailabilityConfigurationCommand({ OrganizationId: p.OrganizationId, DomainName: p.DomainName }));
      if (!out.TestPassed) {
        status = 'FAILED';
        reason = 'TestAvailabilityConfiguration failed for ' + p.DomainName + ' in ' + p.OrganizationId + ': ' + (out.FailureReason || 'no reason given');
      }
    } catch (e) {
      status = 'FAILED';
      reason = 'TestAvailabilityConfiguration could not run for ' + p.DomainName + ': ' + e.name + ': ' + e.message;
    }
  }
  console.log(JSON.stringify({ eventName: 'AVAILABILITY_TEST', requestType: event.RequestType, organizationId: p.OrganizationId, domain: p.DomainName, status, reason }));
  await send(event.ResponseURL, JSON.stringify({
    Status: status, Reason: reason.slice(0, 1000), PhysicalResourceId: event.PhysicalResourceId || (p.OrganizationId + '/' + p.DomainName + '/test'),
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId, Data: {},
  }));
};
`;

export interface AvailabilityTestProps {
  readonly region: string;
  readonly organizationArns: readonly string[];
  readonly logRetentionDays: number;
}

/** The test function (one per construct) and its role: logs to its own group, TestAvailabilityConfiguration on the organizations only. */
export class AvailabilityTestFunction extends Construct {
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: AvailabilityTestProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: props.logRetentionDays as logs.RetentionDays });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs WorkMail TestAvailabilityConfiguration for the availability provider at deployment; writes its own log group.',
    });
    logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['workmail:TestAvailabilityConfiguration'], resources: [...props.organizationArns] }),
    );
    this.function = new lambda.Function(this, 'Function', {
      runtime: RULE_FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(AVAILABILITY_TEST_CODE),
      timeout: Duration.seconds(60),
      memorySize: 128,
      role,
      logGroup,
      description: 'Tests the WorkMail availability configuration after each deployment (TestAvailabilityConfiguration)',
    });
    this.function.node.addDependency(logGroup);
  }

  /** One test run per organization; it re-runs whenever `trigger` changes. */
  testFor(scope: Construct, id: string, organizationId: string, domain: string, region: string, trigger: string): CustomResource {
    return new CustomResource(scope, id, {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::WorkMailAvailabilityTest',
      properties: { OrganizationId: organizationId, DomainName: domain, Region: region, Trigger: trigger },
    });
  }
}
