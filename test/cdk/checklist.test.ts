import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { WorkMailRulesStack, parseConfig } from '../../lib/cdk';
import { buildChecklist, type Checklist } from '../../lib/cdk/checklist/checklist';
import { ASYNC_HANDLER, ORG_A, ORG_B, REPO_ROOT, SYNC_HANDLER, appWithoutBundling } from './stack-fixture';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'cdk');
const CDK_JSON = path.join(FIXTURES, 'cdk.json');
const OUTPUTS = path.join(FIXTURES, 'outputs.json');

/** Runs the real command: bin/cli.ts through tsx, as the workmail-rules bin does. */
function cli(...args: string[]) {
  return cliIn(REPO_ROOT, ...args);
}

function cliIn(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(REPO_ROOT, 'bin', 'cli.ts'), 'checklist', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('workmail-rules checklist', () => {
  test('--json with --outputs: one rule per function and organization, ARNs from the deploy outputs', () => {
    const r = cli('--cdk-json', CDK_JSON, '--outputs', OUTPUTS, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const checklist = JSON.parse(r.stdout) as Checklist;
    expect(checklist.region).toBe('eu-west-1');
    expect(checklist.rules.map((x) => [x.function, x.organization])).toEqual([
      ['inbound', ORG_A],
      ['inbound', ORG_B],
      ['audit-log', ORG_A],
      ['audit-log', ORG_B],
    ]);
    const inbound = checklist.rules[0]!;
    expect(inbound).toMatchObject({
      ruleList: 'Inbound rules',
      direction: 'INBOUND',
      action: 'Run Lambda',
      runSynchronously: true,
      lambdaArn: 'arn:aws:lambda:eu-west-1:111122223333:function:WorkMailRules-inbound',
      lambdaArnSource: 'outputs',
      senderPatterns: ['*'],
      destinationPatterns: ['*'],
      sampleOrganization: false,
      fallbackAction: { value: 'Default' },
      ruleTimeoutMinutes: { value: 10 },
    });
    expect(inbound.fallbackAction!.reason).toMatch(/delivered unchanged/);
    expect(inbound.ruleTimeoutMinutes!.reason).toMatch(/retries/);
    const audit = checklist.rules[3]!;
    expect(audit).toMatchObject({
      ruleList: 'Outbound rules',
      runSynchronously: false,
      lambdaArn: 'arn:aws:lambda:eu-west-1:111122223333:function:WorkMailRules-audit-log',
    });
    expect(audit.fallbackAction).toBeUndefined();
    expect(audit.ruleTimeoutMinutes).toBeUndefined();
  });

  test('text without --outputs: numbered console steps with the ARN pattern', () => {
    const r = cli('--cdk-json', CDK_JSON);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`[1] inbound: inbound synchronous rule in organization ${ORG_A}`);
    expect(r.stdout).toContain(`[4] audit-log: outbound asynchronous rule in organization ${ORG_B}`);
    expect(r.stdout).toContain('  2. In the navigation pane choose Organization settings, then Inbound rules, then Create rule.');
    expect(r.stdout).toContain('  5. Action: Run Lambda');
    expect(r.stdout).toContain('  6. Lambda ARN: arn:aws:lambda:eu-west-1:<ACCOUNT_ID>:function:WorkMailRules-inbound   (pattern:');
    expect(r.stdout).toContain('  7. Run synchronously: checked');
    expect(r.stdout).toMatch(/ {2}8\. Fallback action: Default {3}\(/);
    expect(r.stdout).toMatch(/ {2}9\. Rule timeout \(minutes\): 10 {3}\(/);
    expect(r.stdout).toContain('Run synchronously: not checked');
    expect(r.stdout).toContain('Destination patterns: *   (Synchronous Run Lambda rules accept only the * destination condition');
  });

  test('-c overrides apply as for cdk synth', () => {
    const r = cli('--cdk-json', CDK_JSON, '--json', '-c', `workmail.organizations=${ORG_B}`, '-c', 'workmail:stackName=Mail');
    expect(r.status).toBe(0);
    const checklist = JSON.parse(r.stdout) as Checklist;
    expect(checklist.rules.map((x) => x.organization)).toEqual([ORG_B, ORG_B]);
    expect(checklist.rules[0]!.lambdaArn).toBe('arn:aws:lambda:eu-west-1:<ACCOUNT_ID>:function:Mail-inbound');
  });

  test('the committed cdk.json works out of the box and flags the sample organization', () => {
    const r = cli('--json');
    expect(r.status).toBe(0);
    const checklist = JSON.parse(r.stdout) as Checklist;
    expect(checklist.rules.map((x) => x.function)).toEqual(['inbound', 'outbound', 'audit-log']);
    expect(checklist.rules.every((x) => x.sampleOrganization)).toBe(true);
    expect(checklist.rules[0]!.steps[0]).toMatch(/SAMPLE id/);
  });

  test('errors: a bad configuration value (1), an outputs file without the function (1), an unknown option (2)', () => {
    const bad = cli('--cdk-json', CDK_JSON, '-c', 'workmail.region=eu-central-1');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/CDK_CONFIG: workmail.region: got "eu-central-1"; allowed values: "us-east-1", "us-west-2", "eu-west-1"/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-checklist-'));
    try {
      const partial = path.join(dir, 'outputs.json');
      fs.writeFileSync(partial, JSON.stringify({ WorkMailRules: { InboundFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:x' } }));
      const missing = cli('--cdk-json', CDK_JSON, '--outputs', partial);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/CHECKLIST_OUTPUTS: the outputs file has no AuditLogFunctionArn for function "audit-log"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const usage = cli('--frobnicate');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/unknown option --frobnicate[\s\S]*usage: workmail-rules checklist/);
  });

  test('buildChecklist finds the ARN in another stack of the outputs file when the stack name differs', () => {
    const config = parseConfig(JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')).context.workmail);
    const outputs = {
      Other: { InboundFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:a', AuditLogFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:b' },
    };
    const checklist = buildChecklist(config, 'WorkMailRules', outputs);
    expect(checklist.rules.map((r) => r.lambdaArn)).toEqual([
      'arn:aws:lambda:eu-west-1:1:function:a',
      'arn:aws:lambda:eu-west-1:1:function:a',
      'arn:aws:lambda:eu-west-1:1:function:b',
      'arn:aws:lambda:eu-west-1:1:function:b',
    ]);
  });

  describe('a stack built in code (no workmail context in cdk.json)', () => {
    let dir: string;
    let outdir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-checklist-code-'));
      outdir = path.join(dir, 'cdk.out');
      const app = appWithoutBundling(outdir);
      new WorkMailRulesStack(app, 'MailRules', {
        projectRoot: REPO_ROOT,
        config: {
          region: 'us-west-2',
          organizations: [ORG_B],
          functions: {
            gate: { entry: SYNC_HANDLER, rule: 'sync', direction: 'OUTBOUND' },
            watch: { entry: ASYNC_HANDLER, rule: 'async', direction: 'INBOUND' },
          },
        },
      });
      app.synth();
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('--cdk-out reads the synthesized cloud assembly; ./cdk.out is found without the option', () => {
      for (const r of [cli('--cdk-out', outdir, '--json'), cliIn(dir, '--json')]) {
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const checklist = JSON.parse(r.stdout) as Checklist;
        expect(checklist).toMatchObject({ region: 'us-west-2', stackName: 'MailRules' });
        expect(checklist.rules.map((x) => [x.function, x.organization, x.ruleList, x.runSynchronously, x.lambdaArnSource])).toEqual([
          ['gate', ORG_B, 'Outbound rules', true, 'pattern'],
          ['watch', ORG_B, 'Inbound rules', false, 'pattern'],
        ]);
        expect(checklist.rules[0]!.lambdaArn).toBe('arn:aws:lambda:us-west-2:<ACCOUNT_ID>:function:MailRules-gate');
      }
    });

    test('--outputs alone: the deploy outputs carry the settings and the ARNs', () => {
      const template = Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, 'MailRules.template.json'), 'utf8')));
      const flow = Object.fromEntries(
        Object.entries(template.findOutputs('*'))
          .filter(([k]) => k.endsWith('FlowRule'))
          .map(([k, o]) => [k, o['Value']]),
      );
      const file = path.join(dir, 'outputs.json');
      fs.writeFileSync(
        file,
        JSON.stringify({
          MailRules: {
            ...flow,
            GateFunctionArn: 'arn:aws:lambda:us-west-2:111122223333:function:MailRules-gate',
            WatchFunctionArn: 'arn:aws:lambda:us-west-2:111122223333:function:MailRules-watch',
          },
        }),
      );
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-checklist-empty-'));
      try {
        const r = cliIn(empty, '--outputs', file, '--json');
        expect(r.stderr).toBe('');
        const checklist = JSON.parse(r.stdout) as Checklist;
        expect(checklist.rules.map((x) => [x.function, x.lambdaArn, x.lambdaArnSource])).toEqual([
          ['gate', 'arn:aws:lambda:us-west-2:111122223333:function:MailRules-gate', 'outputs'],
          ['watch', 'arn:aws:lambda:us-west-2:111122223333:function:MailRules-watch', 'outputs'],
        ]);
        const none = cliIn(empty);
        expect(none.status).toBe(1);
        expect(none.stderr).toMatch(/no configuration: .*pass --cdk-out DIR \(after cdk synth\) or --outputs FILE/);
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });
  });
});
