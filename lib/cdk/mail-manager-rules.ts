/**
 * `MailManagerRules`: a rule set of `rules/` as an Amazon SES Mail Manager rule set
 * (`AWS::SES::MailManagerRuleSet`). The rules are compiled at synth in a child process, by the
 * same `workmail-rules export mail-manager --json` a user can run (this layer imports nothing of the
 * engine), and the construct fills in what the export leaves open: the delivery action DEFAULT
 * stands for, and the role and sender bounces are sent with. Rules the export cannot express are
 * reported as synth warnings; `report` holds the full fidelity report.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { WorkMailRulesError } from '../workmail/errors';
import { tsxLoader } from './handler-check';

/** One rule's fidelity, as the export reports it. */
export interface MailManagerRuleFidelity {
  readonly rule: string;
  readonly status: 'exact' | 'approximate' | 'not exported';
  readonly differences: readonly string[];
  readonly note?: string;
}

export interface MailManagerRulesProps {
  /** The rules file (a `rules/` module exporting a rule set). */
  readonly rulesFile: string;
  /** Which of the file's rule sets, by export name (`default` unless given). */
  readonly exportName?: string;
  /** The Mail Manager rule set's name (letters, digits, `_.-`); default: the rules file's name. */
  readonly ruleSetName?: string;
  /** What delivering means for the next hop: a Relay, DeliverToMailbox, Send or WriteToS3 action. */
  readonly deliver: ses.CfnMailManagerRuleSet.RuleActionProperty;
  /** How bounces are sent; needed when a rule bounces. */
  readonly bounce?: {
    readonly roleArn: string;
    readonly sender: string;
    /** Default `550`. */
    readonly smtpReplyCode?: string;
    /** Default `5.7.1`. */
    readonly statusCode?: string;
  };
  /**
   * Synthesize although a DROP or BOUNCE rule cannot be expressed in Mail Manager (the mail it stops
   * would be delivered; each such rule is a synth warning). Default false: synth fails naming them.
   */
  readonly allowLeftOut?: boolean;
}

export class MailManagerRulesError extends WorkMailRulesError {
  readonly code = 'MAIL_MANAGER_RULES' as const;
  override readonly name = 'MailManagerRulesError';
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Exported {
  ruleSets: { name: string; rules: Record<string, Json>[]; report: MailManagerRuleFidelity[] }[];
}

/** The workmail-rules command beside this file: the source in the repository, the build in the package. */
function cliEntry(): string {
  for (const f of ['../../bin/cli.ts', '../../bin/cli.js']) {
    const p = path.resolve(__dirname, f);
    if (fs.existsSync(p)) return p;
  }
  throw new MailManagerRulesError('the workmail-rules command was not found beside the package: reinstall workmail-rules');
}

/** Runs `workmail-rules export mail-manager <file> --json` in a child process. */
export function compileMailManagerRules(rulesFile: string, allowLeftOut = false): Exported {
  const file = path.resolve(rulesFile);
  const child = spawnSync(process.execPath, ['--import', tsxLoader(), cliEntry(), 'export', 'mail-manager', file, '--json'], {
    cwd: path.dirname(file),
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const stderr = child.stderr || '';
  if (child.status === 1 && /EXPORT_LEFT_OUT/.test(stderr)) {
    if (allowLeftOut) return JSON.parse(child.stdout) as Exported;
    const line = stderr.split('\n').find((l) => l.includes('EXPORT_LEFT_OUT')) ?? '';
    throw new MailManagerRulesError(
      `MailManagerRules: ${rulesFile}: ${line.replace(/^.*EXPORT_LEFT_OUT: /, '')}: give allowLeftOut: true to deploy without them`,
    );
  }
  if (child.status !== 0) {
    const why = child.error?.message ?? ((child.stderr || '').trim().split('\n').slice(-5).join('\n') || `exit status ${child.status}`);
    throw new MailManagerRulesError(`MailManagerRules: ${rulesFile} could not be compiled to a Mail Manager rule set: ${why}`);
  }
  return JSON.parse(child.stdout) as Exported;
}

const camel = (k: string) => k.charAt(0).toLowerCase() + k.slice(1);
/** CloudFormation property names to the L1 construct's camelCase ones. */
function toL1(v: Json): Json {
  if (Array.isArray(v)) return v.map(toL1);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), toL1(x)]));
  return v;
}

export class MailManagerRules extends Construct {
  readonly ruleSet: ses.CfnMailManagerRuleSet;
  readonly report: readonly MailManagerRuleFidelity[];

  constructor(scope: Construct, id: string, props: MailManagerRulesProps) {
    super(scope, id);
    const base = path.basename(props.rulesFile).replace(/\.[^.]+$/, '');
    const wanted = props.exportName === undefined || props.exportName === 'default' ? base : `${base}-${props.exportName}`;
    const exported = compileMailManagerRules(props.rulesFile, props.allowLeftOut).ruleSets.find((r) => r.name === wanted);
    if (!exported)
      throw new MailManagerRulesError(
        `MailManagerRules ${this.node.path}: ${props.rulesFile} exports no rule set named ${props.exportName ?? 'default'}`,
      );
    this.report = exported.report;
    const rules = exported.rules.map((rule) => {
      const actions = (rule['Actions'] as Record<string, Json>[]).map((a): unknown => {
        if ('Deliver' in a) return props.deliver;
        if ('Bounce' in a) {
          if (!props.bounce)
            throw new MailManagerRulesError(
              `MailManagerRules ${this.node.path}: rule ${String(rule['Name'])} bounces: give bounce: { roleArn, sender } (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ses-mailmanagerruleset-bounceaction.html)`,
            );
          const message = (a['Bounce'] as { Message: string }).Message;
          return {
            bounce: {
              roleArn: props.bounce.roleArn,
              sender: props.bounce.sender,
              smtpReplyCode: props.bounce.smtpReplyCode ?? '550',
              statusCode: props.bounce.statusCode ?? '5.7.1',
              diagnosticMessage: message,
              message,
            },
          };
        }
        return toL1(a);
      });
      return { ...(toL1({ ...rule, Actions: [] }) as object), actions } as ses.CfnMailManagerRuleSet.RuleProperty;
    });
    this.ruleSet = new ses.CfnMailManagerRuleSet(this, 'RuleSet', { ruleSetName: props.ruleSetName ?? exported.name, rules });
    for (const r of this.report)
      if (r.status === 'not exported')
        Annotations.of(this).addWarningV2(
          'workmail-rules:mail-manager-left-out',
          `rule ${r.rule} is left out of the Mail Manager rule set: ${r.differences.join('; ')}`,
        );
  }
}
