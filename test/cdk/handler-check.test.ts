/**
 * Synth verifies every function: each handler module is loaded once in a child process, its rule set
 * must be valid, and the permissions come from what the handler declares. Real templates, no mocks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ConfigError, HandlerCheckError, WorkMailRulesStack, type WorkMailConfigInput } from '../../lib/cdk';
import { ORG_A, REPO_ROOT, appWithoutBundling } from './stack-fixture';

jest.setTimeout(120_000);

const H = 'test/fixtures/cdk/handlers';
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-check-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function synth(functions: WorkMailConfigInput['functions']) {
  const app = appWithoutBundling(tmp());
  const stack = new WorkMailRulesStack(app, 'WorkMailRules', {
    config: { region: 'us-east-1', organizations: [ORG_A], functions },
    projectRoot: REPO_ROOT,
  });
  app.synth();
  return { stack, template: Template.fromStack(stack) };
}

function failure(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected synth to fail');
}

function messageActions(template: Template, functionId: string): string[] {
  const out: string[] = [];
  for (const [id, res] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
    if (!id.startsWith(`${functionId}Role`)) continue;
    for (const s of (res as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties.PolicyDocument
      .Statement) {
      out.push(...[s.Action].flat().filter((a) => /^(workmailmessageflow|s3):/.test(a)));
    }
  }
  return out.sort();
}

describe('synth checks each handler', () => {
  test('an invalid rule set fails synth, naming the function, the file, the rule and the problem', () => {
    const e = failure(() => synth({ payroll: { entry: `${H}/invalid-rules.ts`, rule: 'sync', direction: 'INBOUND' } }));
    expect(e).toBeInstanceOf(HandlerCheckError);
    expect((e as HandlerCheckError).code).toBe('CDK_HANDLER');
    expect(e.message).toContain('workmail.functions.payroll:');
    expect(e.message).toContain(`${path.join(REPO_ROOT, H, 'invalid-rules.ts')} fails to load`);
    expect(e.message).toMatch(/rule "payroll-lock": .*"@"/);
  });

  test('a module that throws on import, or has a syntax error, fails synth with its message', () => {
    expect(failure(() => synth({ broken: { entry: `${H}/throws-on-import.ts`, rule: 'async', direction: 'INBOUND' } })).message).toMatch(
      /throws-on-import\.ts fails to load, so every invocation would fail: SOME_SETTING_THAT_IS_NEVER_SET is not set/,
    );
    // NodejsFunction wants the entry inside the project: a temporary folder there, removed afterwards.
    const dir = fs.mkdtempSync(path.join(REPO_ROOT, 'test', 'fixtures', 'cdk', '.tmp-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'rules.ts'), "export default { direction: 'INBOUND', rules: [ };\n");
    fs.writeFileSync(path.join(dir, 'handler.ts'), "import rules from './rules';\nexport const handler = async () => rules;\n");
    const e = failure(() => synth({ syntax: { entry: path.join(dir, 'handler.ts'), rule: 'sync', direction: 'INBOUND' } }));
    expect(e).toBeInstanceOf(HandlerCheckError);
    expect(e.message).toContain(`${path.join(dir, 'handler.ts')} fails to load`);
    expect(e.message).toContain(path.join(dir, 'rules.ts'));
  });

  test('readsMessage: false for a handler whose rules read the message fails synth, naming the rule', () => {
    const e = failure(() => synth({ inbound: { entry: `${H}/header-only.ts`, rule: 'sync', direction: 'INBOUND', readsMessage: false } }));
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).key).toBe('workmail.functions.inbound.readsMessage');
    expect(e.message).toContain('rule "gateway-verdict"');
  });

  test('rewrite: false for a rewriting handler fails synth; so does rewrite: true for one that does not rewrite', () => {
    const e = failure(() => synth({ inbound: { entry: `${H}/content-reader.ts`, rule: 'sync', direction: 'INBOUND', rewrite: false } }));
    expect((e as ConfigError).key).toBe('workmail.functions.inbound.rewrite');
    expect(e.message).toMatch(/rewrites messages/);
    const e2 = failure(() => synth({ inbound: { entry: `${H}/header-only.ts`, rule: 'sync', direction: 'INBOUND', rewrite: true } }));
    expect((e2 as ConfigError).key).toBe('workmail.functions.inbound.rewrite');
  });

  test('a direction or rule kind that differs from the handler fails synth', () => {
    const e = failure(() => synth({ out: { entry: `${H}/envelope-outbound.ts`, rule: 'sync', direction: 'INBOUND' } }));
    expect((e as ConfigError).key).toBe('workmail.functions.out.direction');
    expect(e.message).toMatch(/written for OUTBOUND/);
    const e2 = failure(() => synth({ out: { entry: `${H}/envelope-outbound.ts`, rule: 'async', direction: 'OUTBOUND' } }));
    expect((e2 as ConfigError).key).toBe('workmail.functions.out.rule');
  });

  test('a correct configuration synthesizes and IAM matches what each handler declares', () => {
    const { template, stack } = synth({
      inbound: { entry: `${H}/content-reader.ts`, rule: 'sync', direction: 'INBOUND' },
      gateway: { entry: `${H}/header-only.ts`, rule: 'sync', direction: 'INBOUND' },
      outbound: { entry: `${H}/envelope-outbound.ts`, rule: 'sync', direction: 'OUTBOUND' },
    });
    expect(messageActions(template, 'Inbound')).toEqual([
      's3:PutObject',
      'workmailmessageflow:GetRawMessageContent',
      'workmailmessageflow:PutRawMessageContent',
    ]);
    expect(messageActions(template, 'Gateway')).toEqual(['workmailmessageflow:GetRawMessageContent']);
    expect(messageActions(template, 'Outbound')).toEqual([]);
    template.resourceCountIs('AWS::S3::Bucket', 2); // the staging bucket and its access-log bucket
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'WorkMailRules-inbound',
      MemorySize: 1024,
      Environment: { Variables: Match.objectLike({ REWRITE_BUCKET: Match.anyValue(), REWRITE_KEY_PREFIX: 'rewrites/' }) },
    });
    const gateway = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (r) => r['Properties'].FunctionName === 'WorkMailRules-gateway',
    )!;
    expect(gateway['Properties'].Environment.Variables.REWRITE_BUCKET).toBeUndefined();
    expect(stack.config.functions['gateway']).toMatchObject({ readsMessage: true, rewrite: false, memoryMb: 256 });
    expect(stack.functions['inbound']!.handlerFacts).toMatchObject({ kind: 'sync', direction: 'INBOUND', rewrites: true });
  });

  test('rule-set warnings are printed at synth, with the handler and the rules file', () => {
    const { stack } = synth({ gateway: { entry: `${H}/header-only.ts`, rule: 'sync', direction: 'INBOUND' } });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('catch-all'));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]!.entry.data)).toMatch(
      /test\/fixtures\/cdk\/handlers\/header-only\.ts \(rules at .*header-only\.ts:\d+\): rule "catch-all" has no condition/,
    );
  });
});
