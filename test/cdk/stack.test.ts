import { Match } from 'aws-cdk-lib/assertions';
import { ConfigError } from '../../lib/cdk';
import { ORG_A, ORG_B, SYNC_HANDLER, sampleConfig, templateOf, withAccount } from './stack-fixture';

/** Flattens CloudFormation intrinsics into readable strings: `<AWS::AccountId>`, `<Logical.Arn>`. */
function flat(v: unknown): string {
  if (typeof v === 'string') return v;
  const o = v as Record<string, unknown>;
  if (o['Fn::Join']) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(flat).join(sep);
  }
  if (o['Ref']) return `<${String(o['Ref'])}>`;
  if (o['Fn::GetAtt']) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  return JSON.stringify(v);
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Sid?: string;
}
const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

function statementsOf(template: ReturnType<typeof templateOf>, type: 'AWS::IAM::Policy' | 'AWS::S3::BucketPolicy') {
  const out: { logicalId: string; statement: Statement }[] = [];
  for (const [logicalId, res] of Object.entries(template.findResources(type))) {
    for (const statement of (res as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement) {
      out.push({ logicalId, statement });
    }
  }
  return out;
}

/** Actions → flattened resources of the Allow statements of one function's role policy. */
function grantsOf(template: ReturnType<typeof templateOf>, functionId: string): Map<string, string[]> {
  const grants = new Map<string, string[]>();
  for (const { logicalId, statement } of statementsOf(template, 'AWS::IAM::Policy')) {
    if (!logicalId.startsWith(`${functionId}Role`) || statement.Effect !== 'Allow') continue;
    for (const action of list(statement.Action)) {
      grants.set(action, [...(grants.get(action) ?? []), ...list(statement.Resource).map(flat)].sort());
    }
  }
  return grants;
}

function functionsByName(template: ReturnType<typeof templateOf>): Record<string, { logicalId: string; props: Record<string, any> }> {
  const out: Record<string, { logicalId: string; props: Record<string, any> }> = {};
  for (const [logicalId, res] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
    const props = (res as { Properties: Record<string, any> }).Properties;
    out[props['FunctionName'] as string] = { logicalId, props };
  }
  return out;
}

describe('Lambda invoke permissions (reference §6.1)', () => {
  test('one permission per function and organization, with the exact principal, SourceArn and SourceAccount', () => {
    const template = templateOf(sampleConfig([ORG_A, ORG_B]));
    const fns = functionsByName(template);
    template.resourceCountIs('AWS::Lambda::Permission', 6);
    for (const name of ['WorkMailRules-inbound', 'WorkMailRules-outbound', 'WorkMailRules-audit-log']) {
      for (const org of [ORG_A, ORG_B]) {
        template.hasResourceProperties('AWS::Lambda::Permission', {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [fns[name]!.logicalId, 'Arn'] },
          Principal: 'workmail.us-east-1.amazonaws.com',
          SourceAccount: { Ref: 'AWS::AccountId' },
          SourceArn: withAccount('arn:aws:workmail:us-east-1:', `:organization/${org}`),
        });
      }
    }
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).map(
      (r) => (r as { Properties: Record<string, unknown> }).Properties,
    );
    expect(new Set(permissions.map((p) => p['Principal']))).toEqual(new Set(['workmail.us-east-1.amazonaws.com']));
    expect(permissions.map((p) => flat(p['SourceArn'])).sort()).toEqual([
      ...Array(3).fill(`arn:aws:workmail:us-east-1:<AWS::AccountId>:organization/${ORG_A}`),
      ...Array(3).fill(`arn:aws:workmail:us-east-1:<AWS::AccountId>:organization/${ORG_B}`),
    ]);
  });

  test('two organizations give two permissions and two source ARNs per function; one gives one', () => {
    const perFunction = (orgs: string[]) => {
      const template = templateOf(sampleConfig(orgs));
      const fn = functionsByName(template)['WorkMailRules-outbound']!.logicalId;
      return Object.values(template.findResources('AWS::Lambda::Permission'))
        .map((r) => (r as { Properties: Record<string, unknown> }).Properties)
        .filter((p) => (p['FunctionName'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] === fn)
        .map((p) => flat(p['SourceArn']));
    };
    expect(perFunction([ORG_A, ORG_B]).sort()).toEqual([
      `arn:aws:workmail:us-east-1:<AWS::AccountId>:organization/${ORG_A}`,
      `arn:aws:workmail:us-east-1:<AWS::AccountId>:organization/${ORG_B}`,
    ]);
    expect(perFunction([ORG_B])).toEqual([`arn:aws:workmail:us-east-1:<AWS::AccountId>:organization/${ORG_B}`]);
  });

  test('the principal and ARNs carry the configured Region literally', () => {
    const config = { ...sampleConfig([ORG_A]), region: 'eu-west-1' as const };
    const template = templateOf(config);
    template.allResourcesProperties('AWS::Lambda::Permission', {
      Principal: 'workmail.eu-west-1.amazonaws.com',
      SourceArn: withAccount('arn:aws:workmail:eu-west-1:', `:organization/${ORG_A}`),
    });
    expect(grantsOf(template, 'Outbound').get('workmailmessageflow:GetRawMessageContent')).toEqual([
      `arn:aws:workmailmessageflow:eu-west-1:<AWS::AccountId>:message/${ORG_A}/outgoing/*`,
    ]);
  });
});

describe('least-privilege roles (reference §5.7)', () => {
  const template = templateOf(sampleConfig([ORG_A, ORG_B]));

  test('Message Flow actions only where configured, on message/<org>/<incoming|outgoing>/* of the direction', () => {
    const mf = (org: string, ctx: string) => `arn:aws:workmailmessageflow:us-east-1:<AWS::AccountId>:message/${org}/${ctx}/*`;
    const inbound = grantsOf(template, 'Inbound');
    expect(inbound.get('workmailmessageflow:GetRawMessageContent')).toEqual([mf(ORG_A, 'incoming'), mf(ORG_B, 'incoming')]);
    expect(inbound.get('workmailmessageflow:PutRawMessageContent')).toEqual([mf(ORG_A, 'incoming'), mf(ORG_B, 'incoming')]);
    expect(inbound.get('s3:PutObject')).toEqual([expect.stringMatching(/^<RewriteStagingBucket[0-9A-F]+\.Arn>\/rewrites\/\*$/)]);

    const outbound = grantsOf(template, 'Outbound');
    expect(outbound.get('workmailmessageflow:GetRawMessageContent')).toEqual([mf(ORG_A, 'outgoing'), mf(ORG_B, 'outgoing')]);
    expect(outbound.has('workmailmessageflow:PutRawMessageContent')).toBe(false);
    expect(outbound.has('s3:PutObject')).toBe(false);

    const audit = grantsOf(template, 'AuditLog');
    expect([...audit.keys()].sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage']);
    // The asynchronous function may only send to its own failure queue.
    expect(audit.get('sqs:SendMessage')).toEqual([expect.stringMatching(/^<AuditLogOnFailureQueue[0-9A-F]+\.Arn>$/)]);
  });

  test('no workmailmessageflow or S3 Allow statement has a bare or account-wide wildcard resource', () => {
    const statements = [...statementsOf(template, 'AWS::IAM::Policy'), ...statementsOf(template, 'AWS::S3::BucketPolicy')]
      .map((s) => s.statement)
      .filter((s) => s.Effect === 'Allow' && list(s.Action).some((a) => /^(workmailmessageflow|s3):/.test(a)));
    expect(statements.length).toBeGreaterThanOrEqual(4);
    for (const s of statements) {
      expect(list(s.Action).every((a) => !a.includes('*'))).toBe(true);
      for (const resource of list(s.Resource).map(flat)) {
        expect(resource).not.toBe('*');
        expect(resource).not.toMatch(/:message\/\*$|organization\/\*$|^<[^>]+\.Arn>\/\*$|^arn:aws:s3:::\*/);
      }
    }
  });

  test("log permissions are scoped to the function's own log group and no managed policy is attached", () => {
    for (const id of ['Inbound', 'Outbound', 'AuditLog']) {
      const logs = grantsOf(template, id).get('logs:PutLogEvents')!;
      expect(logs.length).toBeGreaterThan(0);
      for (const r of logs) expect(r).toMatch(new RegExp(`${id}LogGroup[0-9A-F]{8}`));
    }
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect((role as { Properties: Record<string, unknown> }).Properties['ManagedPolicyArns']).toBeUndefined();
    }
  });
});

describe('functions', () => {
  test('runtime, architecture, timeouts below 15 s for sync rules, memory, log group with retention', () => {
    const template = templateOf(sampleConfig());
    const fns = functionsByName(template);
    for (const { props } of Object.values(fns)) {
      expect(props['Runtime']).toBe('nodejs24.x');
      expect(props['Architectures']).toEqual(['arm64']);
      expect(props['Handler']).toBe('index.handler');
      expect(props['Role']).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Role/), 'Arn'] });
    }
    expect(fns['WorkMailRules-inbound']!.props).toMatchObject({ Timeout: 12, MemorySize: 1024 });
    expect(fns['WorkMailRules-outbound']!.props).toMatchObject({ Timeout: 12, MemorySize: 256 });
    expect(fns['WorkMailRules-audit-log']!.props).toMatchObject({ Timeout: 60, MemorySize: 256 });
    for (const name of ['WorkMailRules-inbound', 'WorkMailRules-outbound']) expect(fns[name]!.props['Timeout']).toBeLessThan(15);

    const groups = template.findResources('AWS::Logs::LogGroup');
    expect(Object.keys(groups)).toHaveLength(3);
    for (const { props } of Object.values(fns)) {
      const ref = (props['LoggingConfig'] as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect((groups[ref] as { Properties: Record<string, unknown> }).Properties['RetentionInDays']).toBe(30);
    }
  });

  test("logRetentionDays sets every log group's retention", () => {
    const template = templateOf({ ...sampleConfig(), logRetentionDays: 90 });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('only the rewriting function gets REWRITE_BUCKET and REWRITE_KEY_PREFIX', () => {
    const template = templateOf(sampleConfig());
    const fns = functionsByName(template);
    const env = (name: string) => (fns[name]!.props['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(env('WorkMailRules-inbound')['REWRITE_BUCKET']).toEqual({ Ref: expect.stringMatching(/^RewriteStagingBucket[0-9A-F]+$/) });
    expect(env('WorkMailRules-inbound')['REWRITE_KEY_PREFIX']).toBe('rewrites/');
    expect(env('WorkMailRules-outbound')['REWRITE_BUCKET']).toBeUndefined();
    expect(env('WorkMailRules-audit-log')['REWRITE_BUCKET']).toBeUndefined();
  });

  test('a synchronous timeout of 15 s fails synth with a ConfigError naming the key; 14 s synthesises', () => {
    const config = sampleConfig();
    config.functions['outbound']!.timeoutSeconds = 15;
    let error: unknown;
    try {
      templateOf(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CDK_CONFIG');
    expect((error as ConfigError).key).toBe('workmail.functions.outbound.timeoutSeconds');
    expect((error as Error).message).toMatch(/from 1 to 14/);

    config.functions['outbound']!.timeoutSeconds = 14;
    const fns = functionsByName(templateOf(config));
    expect(fns['WorkMailRules-outbound']!.props['Timeout']).toBe(14);
  });

  test("outputs give each function's ARN and its flow-rule settings", () => {
    const template = templateOf(sampleConfig());
    const fns = functionsByName(template);
    template.hasOutput('InboundFunctionArn', { Value: { 'Fn::GetAtt': [fns['WorkMailRules-inbound']!.logicalId, 'Arn'] } });
    template.hasOutput('AuditLogFunctionArn', { Value: { 'Fn::GetAtt': [fns['WorkMailRules-audit-log']!.logicalId, 'Arn'] } });
    const outputs = template.findOutputs('*');
    expect(JSON.parse(outputs['InboundFlowRule']!['Value'] as string)).toMatchObject({
      ruleList: 'Inbound rules',
      action: 'Run Lambda',
      runSynchronously: true,
      fallbackAction: 'Default',
      ruleTimeoutMinutes: 10,
      senderPatterns: ['*'],
      destinationPatterns: ['*'],
      organizationCount: 1,
    });
    expect(JSON.parse(outputs['AuditLogFlowRule']!['Value'] as string)).toMatchObject({
      ruleList: 'Inbound rules',
      runSynchronously: false,
    });
    expect(JSON.parse(outputs['AuditLogFlowRule']!['Value'] as string).fallbackAction).toBeUndefined();
    expect(JSON.parse(outputs['OutboundFlowRule']!['Value'] as string)).toMatchObject({ ruleList: 'Outbound rules' });
  });
});

describe('RewriteBucket (reference §5.5)', () => {
  const template = templateOf(sampleConfig([ORG_A, ORG_B]));
  const buckets = template.findResources('AWS::S3::Bucket');
  const stagingId = Object.keys(buckets).find((id) => id.startsWith('RewriteStagingBucket'))!;

  test('public access blocked, SSE-S3, versioned, 1-day lifecycle for current, noncurrent and incomplete uploads, access logs', () => {
    expect(stagingId).toBeDefined();
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          {
            Status: 'Enabled',
            ExpirationInDays: 1,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Id: 'expire-staged-messages',
          },
        ],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^RewriteStagingAccessLogs') } },
    });
  });

  test('bucket policy: per organization, the regional principal reads the rewrite prefix with the three conditions', () => {
    const statements = statementsOf(template, 'AWS::S3::BucketPolicy')
      .filter(({ logicalId }) => logicalId.startsWith('RewriteStagingBucketPolicy'))
      .map((s) => s.statement);
    const reads = statements.filter((s) => s.Effect === 'Allow');
    expect(reads).toHaveLength(2);
    for (const [i, org] of [ORG_A, ORG_B].entries()) {
      const s = reads[i]!;
      expect(s.Principal).toEqual({ Service: 'workmail.us-east-1.amazonaws.com' });
      expect(list(s.Action).sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
      expect(flat(s.Resource)).toBe(`<${stagingId}.Arn>/rewrites/*`);
      expect(s.Condition).toEqual({
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        Bool: { 'aws:SecureTransport': 'true' },
        ArnLike: { 'aws:SourceArn': withAccount('arn:aws:workmailmessageflow:us-east-1:', `:message/${org}/*`) },
      });
    }
    // enforceSSL: every non-TLS request is denied.
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  test('no bucket at all when no function rewrites', () => {
    const config = sampleConfig();
    delete config.functions['inbound']!.rewrite;
    const t = templateOf(config);
    t.resourceCountIs('AWS::S3::Bucket', 0);
    expect(grantsOf(t, 'Inbound').has('workmailmessageflow:PutRawMessageContent')).toBe(false);
  });

  test('a single function can be deployed on its own', () => {
    const t = templateOf({
      region: 'us-west-2',
      organizations: [ORG_B],
      functions: { only: { entry: SYNC_HANDLER, rule: 'sync', direction: 'INBOUND' } },
    });
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.resourceCountIs('AWS::Lambda::Permission', 1);
    expect(grantsOf(t, 'Only').has('workmailmessageflow:GetRawMessageContent')).toBe(false);
  });
});
