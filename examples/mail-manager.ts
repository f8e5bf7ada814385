/** The Mail Manager export as a CDK construct (docs/migration.md). */
import { App, Stack } from 'aws-cdk-lib';

const stack = new Stack(new App(), 'MailManager');
const relayArn = 'arn:aws:ses:us-east-1:111122223333:mailmanager-relay/mr-example';
const bounceRoleArn = 'arn:aws:iam::111122223333:role/mail-manager-bounce';

// #region mail-manager
import { MailManagerRules } from '../lib/cdk';

const rules = new MailManagerRules(stack, 'InboundRules', {
  rulesFile: 'rules/inbound.ts', // compiled at synth in a child process
  deliver: { relay: { relay: relayArn, mailFrom: 'PRESERVE' } }, // what DEFAULT means for the next hop
  bounce: { roleArn: bounceRoleArn, sender: 'postmaster@corp.example' }, // needed when a rule bounces
});
rules.ruleSet; // the aws_ses.CfnMailManagerRuleSet
rules.report; // the fidelity report
// #endregion mail-manager
