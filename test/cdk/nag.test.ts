import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ORG_A, ORG_B, appWithoutBundling, buildStack, sampleConfig } from './stack-fixture';

interface Report {
  pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

let outdir: string;
beforeEach(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-nag-'));
});
afterEach(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
});

function synth(mutate?: (stack: ReturnType<typeof buildStack>['stack']) => void): { error?: Error; report: Report } {
  const { app, stack } = buildStack(sampleConfig([ORG_A, ORG_B]), { nag: true, app: appWithoutBundling(outdir) });
  mutate?.(stack);
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as Report;
  return { error, report };
}

/** Acknowledgments recorded on the construct tree: [construct path, rule id, reason]. */
function acknowledgments(stack: ReturnType<typeof buildStack>['stack']): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const node of stack.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) out.push([node.node.path, id, reason]);
    }
  }
  return out;
}

describe('cdk-nag AwsSolutions', () => {
  test('the stack synthesises with zero unacknowledged findings', () => {
    const { error, report } = synth();
    expect(error).toBeUndefined();
    expect(report.pluginReports.flatMap((p) => p.violations)).toEqual([]);
  });

  test('every acknowledgment is a specific finding with a written reason', () => {
    const { stack } = buildStack(sampleConfig([ORG_A, ORG_B]));
    const acks = acknowledgments(stack);
    expect(acks.map(([p, id]) => `${p} ${id}`).sort()).toEqual(
      [
        `WorkMailRules/Inbound/Role/DefaultPolicy AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.getLogicalId(stack.rewriteBucket!.bucket.node.defaultChild as any)}.Arn>/rewrites/*]`,
        `WorkMailRules/Inbound/Role/DefaultPolicy AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:workmailmessageflow:us-east-1:<AWS::AccountId>:message/${ORG_A}/incoming/*]`,
        `WorkMailRules/Inbound/Role/DefaultPolicy AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:workmailmessageflow:us-east-1:<AWS::AccountId>:message/${ORG_B}/incoming/*]`,
        `WorkMailRules/Outbound/Role/DefaultPolicy AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:workmailmessageflow:us-east-1:<AWS::AccountId>:message/${ORG_A}/outgoing/*]`,
        `WorkMailRules/Outbound/Role/DefaultPolicy AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:workmailmessageflow:us-east-1:<AWS::AccountId>:message/${ORG_B}/outgoing/*]`,
        'WorkMailRules/RewriteStaging/AccessLogs AwsSolutions::AwsSolutions-S1',
        'WorkMailRules/AuditLog/OnFailure/Queue AwsSolutions::AwsSolutions-SQS3',
      ].sort(),
    );
    for (const [, , reason] of acks) expect(reason.length).toBeGreaterThan(120);
  });

  test('a wildcard a user adds to a function role is reported, so the check is live', () => {
    const { error, report } = synth((stack) => {
      stack.functions['outbound']!.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['workmailmessageflow:GetRawMessageContent'], resources: ['*'] }),
      );
    });
    expect(error?.message).toContain('AwsSolutions-IAM5[Resource::*]');
    const violations = report.pluginReports.flatMap((p) => p.violations);
    expect(violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
    expect(violations[0]!.violatingConstructs.map((c) => c.constructPath)).toEqual(['WorkMailRules/Outbound/Role/DefaultPolicy/Resource']);
  });
});
