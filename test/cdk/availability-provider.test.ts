import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, WorkMailAvailabilityProvider, parseConfig } from '../../lib/cdk';
import { buildChecklist, formatChecklist } from '../../lib/cdk/checklist/checklist';
import { ORG_A, ORG_B, REPO_ROOT, appWithoutBundling, buildStack, sampleConfig, withAccount } from './stack-fixture';

const CAP_HANDLER = 'test/fixtures/cdk/handlers/availability-error.ts';
const withCap = (organizations = [ORG_A, ORG_B], extra: Record<string, unknown> = {}) => ({
  ...sampleConfig(organizations),
  availability: { domain: 'External.Example.com', entry: CAP_HANDLER, ...extra },
});

let outdir: string;
beforeEach(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-cap-'));
});
afterEach(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
});

const sharedOutdir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-cap-shared-'));
afterAll(() => {
  fs.rmSync(sharedOutdir, { recursive: true, force: true });
});

let shared: { stack: ReturnType<typeof buildStack>['stack']; template: Template } | undefined;
/** The stack with two organizations and the provider (built once), or with `config` in this test's output folder. */
function template(config?: ReturnType<typeof withCap>) {
  if (!config && shared) return shared;
  const { stack } = buildStack(config ?? withCap(), { app: appWithoutBundling(config ? outdir : sharedOutdir) });
  const built = { stack, template: Template.fromStack(stack) };
  if (!config) shared = built;
  return built;
}

const flat = (v: unknown): string => JSON.stringify(v).replace(/\{"Ref":"AWS::AccountId"\}/g, '"<account>"');
/** A CloudFormation string value with its intrinsics shown as <Ref> and <Id.Attr>. */
function render(v: unknown): string {
  if (typeof v === 'string') return v;
  const o = v as Record<string, any>;
  if (o['Fn::Join']) return (o['Fn::Join'][1] as unknown[]).map(render).join(o['Fn::Join'][0]);
  if (o['Fn::GetAtt']) return `<${o['Fn::GetAtt'].join('.')}>`;
  if (o['Ref']) return `<${o['Ref']}>`;
  return JSON.stringify(v);
}

describe('WorkMailAvailabilityProvider', () => {
  test('one invoke permission per organization: availability principal, SourceArn and SourceAccount', () => {
    const { stack, template: t } = template();
    const fnId = stack.getLogicalId(stack.availability!.function.node.defaultChild as never);
    for (const org of [ORG_A, ORG_B]) {
      t.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
        Principal: 'availability.workmail.us-east-1.amazonaws.com',
        SourceArn: withAccount('arn:aws:workmail:us-east-1:', `:organization/${org}`),
        SourceAccount: { Ref: 'AWS::AccountId' },
      });
    }
    const capPermissions = Object.values(t.findResources('AWS::Lambda::Permission')).filter(
      (r) => (r as any).Properties.Principal === 'availability.workmail.us-east-1.amazonaws.com',
    );
    expect(capPermissions).toHaveLength(2);
  });

  test('the function: 20 s timeout by default, its own role and log group', () => {
    const { stack, template: t } = template();
    const fn = t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'WorkMailRules-availability' } });
    const props = (Object.values(fn)[0] as any).Properties;
    expect(props.Timeout).toBe(20);
    expect(props.Role['Fn::GetAtt'][0]).toBe(stack.getLogicalId(stack.availability!.role.node.defaultChild as never));
    expect(props.LoggingConfig.LogGroup.Ref).toBe(stack.getLogicalId(stack.availability!.logGroup.node.defaultChild as never));
  });

  test('the availability configuration: Create/Update/Delete per organization, IAM scoped to that organization', () => {
    const { stack, template: t } = template();
    const fnId = stack.getLogicalId(stack.availability!.function.node.defaultChild as never);
    const resources = Object.values(t.findResources('Custom::WorkMailAvailabilityConfiguration')) as any[];
    expect(resources).toHaveLength(2);
    const calls = resources.map((r) => (['Create', 'Update', 'Delete'] as const).map((k) => JSON.parse(render(r.Properties[k]))));
    for (const [i, org] of [ORG_A, ORG_B].entries()) {
      const [create, update, del] = calls[i]!;
      const withProvider = { OrganizationId: org, DomainName: 'external.example.com', LambdaProvider: { LambdaArn: `<${fnId}.Arn>` } };
      const physicalResourceId = { id: `${org}/external.example.com` };
      expect(create).toEqual({
        service: 'WorkMail',
        action: 'CreateAvailabilityConfiguration',
        region: 'us-east-1',
        parameters: withProvider,
        physicalResourceId,
      });
      expect(update).toEqual({
        service: 'WorkMail',
        action: 'UpdateAvailabilityConfiguration',
        region: 'us-east-1',
        parameters: withProvider,
        physicalResourceId,
      });
      expect(del).toEqual({
        service: 'WorkMail',
        action: 'DeleteAvailabilityConfiguration',
        region: 'us-east-1',
        parameters: { OrganizationId: org, DomainName: 'external.example.com' },
        physicalResourceId,
      });
    }
    const policies = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const workmail = policies.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('workmail:')));
    const byAction = new Map<string, string[]>();
    for (const s of workmail)
      for (const a of [s.Action].flat()) byAction.set(a, [...(byAction.get(a) ?? []), ...[s.Resource].flat().map(flat)].sort());
    const orgArns = [ORG_A, ORG_B].map((o) => flat(withAccount('arn:aws:workmail:us-east-1:', `:organization/${o}`))).sort();
    expect([...byAction.keys()].sort()).toEqual([
      'workmail:CreateAvailabilityConfiguration',
      'workmail:DeleteAvailabilityConfiguration',
      'workmail:TestAvailabilityConfiguration',
      'workmail:UpdateAvailabilityConfiguration',
    ]);
    for (const resources of byAction.values()) expect(resources).toEqual(orgArns);
  });

  test('TestAvailabilityConfiguration runs after each configuration, unless turned off', () => {
    const { template: t } = template();
    const tests = Object.values(t.findResources('Custom::WorkMailAvailabilityTest')) as any[];
    expect(tests.map((r) => r.Properties.OrganizationId)).toEqual([ORG_A, ORG_B]);
    for (const r of tests) expect(r.DependsOn.some((d: string) => d.startsWith('AvailabilityConfiguration'))).toBe(true);
    const off = template(withCap([ORG_A], { test: false })).template;
    off.resourceCountIs('Custom::WorkMailAvailabilityTest', 0);
    off.resourceCountIs('Custom::WorkMailAvailabilityConfiguration', 1);
  });

  test('a Region without CAP fails synth; so do a timeout of 25 s and an unknown key', () => {
    const app = appWithoutBundling(outdir);
    const stack = new Stack(app, 'Plain');
    expect(
      () =>
        new WorkMailAvailabilityProvider(stack, 'Cap', {
          region: 'ap-southeast-2',
          organizations: [ORG_A],
          domain: 'x.example',
          entry: CAP_HANDLER,
          projectRoot: REPO_ROOT,
        }),
    ).toThrow(
      /Cap\.region: got "ap-southeast-2"; WorkMail offers Custom Availability Providers only in "us-east-1", "us-west-2", "eu-west-1"/,
    );
    expect(() => parseConfig(withCap([ORG_A], { timeoutSeconds: 25 }))).toThrow(ConfigError);
    expect(() => parseConfig(withCap([ORG_A], { timeoutSeconds: 25 }))).toThrow(
      'workmail.availability.timeoutSeconds: got 25; allowed values: an integer from 1 to 24',
    );
    expect(() => parseConfig(withCap([ORG_A], { domians: 'x' }))).toThrow('workmail.availability.domians: unknown key');
    expect(() => parseConfig({ ...withCap([ORG_A]), functions: { availability: sampleConfig().functions['inbound']! } })).toThrow(
      'workmail.functions.availability',
    );
  });

  test('cdk-nag reports nothing unacknowledged with the provider in the stack', () => {
    const app = appWithoutBundling(outdir);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    buildStack(withCap(), { app });
    let error: Error | undefined;
    try {
      app.synth();
    } catch (e) {
      error = e as Error;
    }
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    expect(
      report.pluginReports
        .flatMap((p: any) => p.violations)
        .map((v: any) => `${v.ruleName} ${v.violatingConstructs.map((c: any) => c.constructPath).join(',')}`),
    ).toEqual([]);
    expect(error).toBeUndefined();
  });

  test('the checklist says the configuration is deployed, and how it is tested', () => {
    const withTest = buildChecklist(parseConfig(withCap([ORG_A])), 'WorkMailRules');
    expect(withTest.availability).toMatchObject({
      domain: 'external.example.com',
      functionName: 'WorkMailRules-availability',
      organizations: [ORG_A],
    });
    const text = formatChecklist(withTest);
    expect(text).toContain('[availability] external.example.com: Custom Availability Provider WorkMailRules-availability');
    expect(text).toContain('runs TestAvailabilityConfiguration');
    expect(formatChecklist(buildChecklist(parseConfig(withCap([ORG_A], { test: false })), 'WorkMailRules'))).toContain(
      'TestAvailabilityConfiguration is turned off',
    );
    expect(buildChecklist(parseConfig(sampleConfig()), 'WorkMailRules').availability).toBeUndefined();
  });
});
