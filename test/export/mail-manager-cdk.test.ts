/**
 * MailManagerRules synthesized for the sample rule sets (a real CDK template): the rule set stays
 * within the documented limits of AWS::SES::MailManagerRuleSet and uses only its vocabulary, the
 * placeholders are filled with the given delivery and bounce settings, and bad input fails synth.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { MailManagerRules, MailManagerRulesError } from '../../lib/cdk/index';

const ROOT = path.resolve(__dirname, '..', '..');
const ROLE = 'arn:aws:iam::123456789012:role/mail-manager-bounce';
const deliver = { relay: { relay: 'arn:aws:ses:us-east-1:123456789012:mailmanager-smtp-relay/mmr-0123456789', mailFrom: 'PRESERVE' } };

const STRING_ATTRIBUTES = ['MAIL_FROM', 'HELO', 'RECIPIENT', 'SENDER', 'FROM', 'SUBJECT', 'TO', 'CC'];
const STRING_OPERATORS = ['EQUALS', 'NOT_EQUALS', 'STARTS_WITH', 'ENDS_WITH', 'CONTAINS'];
// Every App synthesizes into a folder under this one, removed after the tests (no cdk.out left behind).
const OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-mm-apps-'));
afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));
const newApp = () => new App({ outdir: fs.mkdtempSync(path.join(OUT, 'app-')) });

const ACTIONS = ['Drop', 'Relay', 'Archive', 'WriteToS3', 'Send', 'AddHeader', 'ReplaceRecipient', 'DeliverToMailbox', 'Bounce'];

function synth(file: string, allowLeftOut = true) {
  const stack = new Stack(newApp(), 'MailManager', { env: { region: 'us-east-1', account: '123456789012' } });
  const construct = new MailManagerRules(stack, 'Rules', {
    rulesFile: path.join(ROOT, file),
    deliver,
    bounce: { roleArn: ROLE, sender: 'postmaster@corp.example' },
    allowLeftOut,
  });
  return { stack, construct, template: Template.fromStack(stack) };
}

type Cond = Record<string, { Evaluate?: Record<string, string>; Operator: string; Values?: string[]; Value?: number }>;

function checkCondition(c: Cond): string[] {
  const kinds = Object.keys(c);
  if (kinds.length !== 1) return [`a condition is a union, got ${kinds.join(', ')}`];
  const [kind] = kinds as [string];
  const e = c[kind]!;
  const out: string[] = [];
  if (kind === 'StringExpression') {
    const ev = e.Evaluate!;
    if (ev['Attribute'] !== undefined && !STRING_ATTRIBUTES.includes(ev['Attribute'])) out.push(`attribute ${ev['Attribute']}`);
    if (ev['MimeHeaderAttribute'] !== undefined && !/^X-[a-zA-Z0-9-]{1,256}$/.test(ev['MimeHeaderAttribute']))
      out.push(`header ${ev['MimeHeaderAttribute']}`);
    if (!STRING_OPERATORS.includes(e.Operator)) out.push(`operator ${e.Operator}`);
    if (!e.Values || e.Values.length < 1 || e.Values.length > 10 || e.Values.some((v) => v.length < 1 || v.length > 4096))
      out.push(`values ${JSON.stringify(e.Values)}`);
  } else if (kind === 'NumberExpression') {
    if (e.Evaluate?.['Attribute'] !== 'MESSAGE_SIZE' || typeof e.Value !== 'number') out.push(`number ${JSON.stringify(e)}`);
  } else out.push(`condition ${kind}`);
  return out;
}

describe.each(['rules/inbound.ts', 'rules/outbound.ts', 'test/export/fixtures/constructs.ts'])('MailManagerRules for %s', (file) => {
  const { construct, template, stack } = synth(file);
  const [resource] = Object.values(template.findResources('AWS::SES::MailManagerRuleSet')) as {
    Properties: { RuleSetName: string; Rules: Record<string, unknown>[] };
  }[];

  test('one rule set within the documented limits and vocabulary', () => {
    expect(resource).toBeDefined();
    const { Rules, RuleSetName } = resource!.Properties;
    expect(RuleSetName).toMatch(/^[a-zA-Z0-9_.-]{1,100}$/);
    expect(Rules.length).toBeGreaterThan(0);
    expect(Rules.length).toBeLessThanOrEqual(40);
    const problems: string[] = [];
    const names = new Set<string>();
    for (const rule of Rules as { Name: string; Conditions: Cond[]; Unless: Cond[]; Actions: Record<string, unknown>[] }[]) {
      if (!/^[a-zA-Z0-9_.-]{1,32}$/.test(rule.Name) || names.has(rule.Name)) problems.push(`name ${rule.Name}`);
      names.add(rule.Name);
      if (rule.Conditions.length > 10 || rule.Unless.length > 10)
        problems.push(`${rule.Name}: ${rule.Conditions.length} conditions, ${rule.Unless.length} unless`);
      if (rule.Actions.length < 1 || rule.Actions.length > 10) problems.push(`${rule.Name}: ${rule.Actions.length} actions`);
      for (const c of [...rule.Conditions, ...rule.Unless]) problems.push(...checkCondition(c).map((p) => `${rule.Name}: ${p}`));
      for (const a of rule.Actions) {
        const [k] = Object.keys(a) as [string];
        if (Object.keys(a).length !== 1 || !ACTIONS.includes(k)) problems.push(`${rule.Name}: action ${Object.keys(a).join(',')}`);
        if (k === 'AddHeader') {
          const h = a[k] as { HeaderName: string; HeaderValue: string };
          if (!/^[xX]-[a-zA-Z0-9-]+$/.test(h.HeaderName) || h.HeaderName.length > 64 || h.HeaderValue.length > 128)
            problems.push(`${rule.Name}: header ${h.HeaderName}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('delivery and bounces use the settings given; every exact rule is in the template', () => {
    const json = JSON.stringify(resource!.Properties.Rules);
    expect(json).not.toMatch(/"Deliver"/);
    // the otherwise rule delivers; the report names it only when it is left out (a synth warning, next test)
    const otherwiseLeftOut = construct.report.some((r) => r.rule === '(otherwise)' && r.status === 'not exported');
    if (!otherwiseLeftOut) expect(json).toContain('mmr-0123456789');
    if (file === 'rules/inbound.ts') expect(otherwiseLeftOut).toBe(false);
    const bounces = (
      resource!.Properties.Rules as {
        Actions: { Bounce?: { RoleArn: string; Sender: string; SmtpReplyCode: string; StatusCode: string } }[];
      }[]
    )
      .flatMap((r) => r.Actions)
      .flatMap((a) => (a.Bounce ? [a.Bounce] : []));
    for (const b of bounces)
      expect(b).toMatchObject({ RoleArn: ROLE, Sender: 'postmaster@corp.example', SmtpReplyCode: '550', StatusCode: '5.7.1' });
    for (const r of construct.report.filter((x) => x.status === 'exact' && !x.note)) expect(json).toContain(`"${r.rule.slice(0, 20)}`);
  });

  test('rules left out are synth warnings', () => {
    const left = construct.report.filter((r) => r.status === 'not exported');
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('is left out of the Mail Manager rule set'));
    expect(warnings.length).toBe(left.length);
  });
});

describe('MailManagerRules, bad input', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-mm-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a bouncing rule set without bounce settings fails synth, naming the rule', () => {
    const stack = new Stack(newApp(), 'S');
    expect(() => new MailManagerRules(stack, 'R', { rulesFile: path.join(ROOT, 'rules/inbound.ts'), deliver, allowLeftOut: true })).toThrow(
      /block-bad-domain bounces: give bounce/,
    );
  });

  test('a rules file that fails to load fails synth with its message', () => {
    const file = path.join(dir, 'broken.ts');
    fs.writeFileSync(file, "throw new Error('the rules are broken');\n");
    const stack = new Stack(newApp(), 'S');
    expect(() => new MailManagerRules(stack, 'R', { rulesFile: file, deliver })).toThrow(MailManagerRulesError);
    expect(() => new MailManagerRules(stack, 'R2', { rulesFile: file, deliver })).toThrow(/the rules are broken/);
  });
});

test('by default a DROP or BOUNCE rule that cannot be exported fails synth, naming it and the way out', () => {
  expect(() => synth('rules/inbound.ts', false)).toThrow(MailManagerRulesError);
  expect(() => synth('rules/inbound.ts', false)).toThrow(/inbound: exe-attachments.*allowLeftOut: true/);
});
