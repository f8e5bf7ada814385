/** The Mail Manager export target: one AWS::SES::MailManagerRuleSet rule list per rule set. */
import type { ExportTarget } from '../target';
import { exportMailManager } from './compile';
import { MAIL_MANAGER_LIMITS } from './types';

export const mailManagerTarget: ExportTarget = {
  id: 'mail-manager',
  summary: 'one Amazon SES Mail Manager rule set per rule set: <name>.mail-manager.json',
  capabilities: () => [
    { feature: 'from / sender / mailFrom / recipient: address, domain, *.domain', fidelity: 'exact' },
    { feature: 'anyRecipient()', fidelity: 'not exported', note: 'RECIPIENT acts on the recipients it matches only' },
    { feature: 'address "*" and RegExp patterns', fidelity: 'not exported', note: 'no regular expressions' },
    { feature: 'subject / X- header text', fidelity: 'exact' },
    { feature: 'other headers, body, attachments, custom()', fidelity: 'not exported', note: 'Mail Manager cannot read them' },
    { feature: 'authResult spf/dkim', fidelity: 'approximate', note: "Mail Manager's own verdicts" },
    { feature: 'sizeOver', fidelity: 'exact' },
    { feature: 'DROP', fidelity: 'exact' },
    { feature: 'BOUNCE', fidelity: 'exact', note: 'Bounce action, per recipient' },
    { feature: 'MOVE_TO_JUNK', fidelity: 'approximate', note: 'a header for the next hop' },
    { feature: 'BYPASS_SPAM_CHECK', fidelity: 'approximate', note: 'delivered' },
    { feature: 'copyTo', fidelity: 'approximate', note: 'ReplaceRecipient + delivery per recipient' },
    { feature: 'rewrite: setHeader of an X- header', fidelity: 'approximate', note: 'AddHeader adds' },
    { feature: 'rewrite: other edits', fidelity: 'not exported' },
    { feature: 'audit rules', fidelity: 'exact', note: 'left out: they never act' },
  ],
  limits: () => [
    `${MAIL_MANAGER_LIMITS.rules} rules, ${MAIL_MANAGER_LIMITS.conditionsPerRule} conditions and ${MAIL_MANAGER_LIMITS.unlessPerRule} Unless per rule`,
    `${MAIL_MANAGER_LIMITS.valuesPerExpression} values of 1 to ${MAIL_MANAGER_LIMITS.stringValueLength} characters per string condition`,
    `bounce DiagnosticMessage at most ${MAIL_MANAGER_LIMITS.diagnosticMessageLength} printable ASCII characters`,
  ],
  compile(input) {
    const e = exportMailManager(input.ruleSet, {
      name: input.name,
      source: input.source,
      ...(input.rewrite ? { rewrite: input.rewrite } : {}),
    });
    const content = `${JSON.stringify({ RuleSetName: input.name, Rules: e.rules }, null, 2)}\n`;
    return {
      files: [{ name: `${input.name}.mail-manager.json`, content }],
      report: e.report,
      exported: e.exported,
      data: { rules: e.rules },
    };
  },
};
