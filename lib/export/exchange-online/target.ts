/** The Exchange Online export target: a PowerShell script of New-TransportRule commands per rule set. */
import type { ExportTarget } from '../target';
import { exportExchange } from './compile';
import { EXCHANGE_LIMITS } from './types';

export const exchangeOnlineTarget: ExportTarget = {
  id: 'exchange-online',
  summary: 'one Exchange Online PowerShell script of transport rules per rule set: <name>.exchange-online.ps1',
  capabilities: () => [
    {
      feature: 'recipient, mailFrom: address, domain, *.domain, *',
      fidelity: 'exact',
      note: 'RecipientAddressMatchesPatterns, FromAddressMatchesPatterns',
    },
    {
      feature: 'anyRecipient()',
      fidelity: 'approximate',
      note: 'AnyOfRecipientAddressMatchesPatterns: recipients as transport resolves them (groups expanded)',
    },
    { feature: 'from()', fidelity: 'approximate', note: 'From header or envelope (HeaderOrEnvelope), not the Sender header' },
    { feature: 'sender(), nullSender()', fidelity: 'not exported' },
    {
      feature: 'subject / header text and case-insensitive RegExps',
      fidelity: 'exact',
      note: 'SubjectMatchesPatterns, HeaderMatchesPatterns',
    },
    { feature: 'case-sensitive RegExps', fidelity: 'approximate', note: 'patterns are case-insensitive' },
    { feature: 'body', fidelity: 'approximate', note: 'SubjectOrBodyMatchesPatterns' },
    { feature: 'attachment by extension or name glob', fidelity: 'exact' },
    { feature: 'sizeOver', fidelity: 'approximate', note: 'MessageSizeOver' },
    { feature: 'not() of one condition', fidelity: 'exact', note: 'ExceptIf…' },
    { feature: 'any()', fidelity: 'exact', note: 'one rule per alternative, each stopping' },
    { feature: 'custom()', fidelity: 'not exported' },
    { feature: 'BOUNCE', fidelity: 'exact', note: 'RejectMessageReasonText + 5.7.1' },
    { feature: 'DROP', fidelity: 'exact', note: 'DeleteMessage' },
    { feature: 'MOVE_TO_JUNK', fidelity: 'approximate', note: 'SetSCL 6 (advisory)' },
    { feature: 'BYPASS_SPAM_CHECK', fidelity: 'exact', note: 'SetSCL -1' },
    { feature: 'copyTo', fidelity: 'approximate', note: 'BlindCopyTo' },
    { feature: 'specificity and first-match order', fidelity: 'exact', note: 'Priority + StopRuleProcessing' },
    { feature: 'rewrite: setHeader, removeHeader', fidelity: 'exact' },
    { feature: 'rewrite: tagSubject, appendFooter', fidelity: 'approximate', note: 'PrependSubject, HTML disclaimer' },
    { feature: 'rewrite: removeAttachments', fidelity: 'not exported' },
    { feature: 'audit rules', fidelity: 'exact', note: 'Mode Audit' },
  ],
  limits: () => [
    `${EXCHANGE_LIMITS.rules} rules per organization, ${EXCHANGE_LIMITS.ruleBytes} bytes per rule, ${EXCHANGE_LIMITS.regexChars} characters of regular expressions in all`,
    `Name ≤ ${EXCHANGE_LIMITS.name}, Comments ≤ ${EXCHANGE_LIMITS.comments}, reject text ≤ ${EXCHANGE_LIMITS.rejectText}, disclaimer ≤ ${EXCHANGE_LIMITS.disclaimer}`,
    'no value may hold a control character or the quotes U+2018 to U+201B',
  ],
  compile(input) {
    const e = exportExchange(input.ruleSet, {
      name: input.name,
      source: input.source,
      ...(input.rewrite ? { rewrite: input.rewrite } : {}),
    });
    return {
      files: [{ name: `${input.name}.exchange-online.ps1`, content: e.script }],
      report: e.report,
      exported: e.exported,
      data: { prefix: e.prefix, script: e.script },
    };
  },
};
