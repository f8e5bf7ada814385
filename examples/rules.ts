/** A rule set, as in the README's "A rule set" and docs/rules.md. */
// #region rules
import { all, attachment, bounce, defineRules, deliver, drop, from, junk, not, recipient, spamVerdict, subject } from '../lib';

export default defineRules({
  direction: 'INBOUND',
  precedence: 'first-match', // or 'specificity' (WorkMail console semantics)
  organizationDomains: ['corp.example'], // inbound copyTo must stay inside these
  otherwise: deliver(), // recipients no rule decides
  rules: [
    { name: 'block-bad-domain', when: from('*.bad.example'), then: bounce('Email in breach of company policy.') },
    { name: 'contractors-internal-only', when: all(recipient('contractor@corp.example'), not(from('*.corp.example'))), then: drop() },
    { name: 'exe-attachments', when: attachment({ extension: ['exe', 'js', 'vbs'] }), then: bounce('Executables are not accepted.') },
    { name: 'spam-to-junk', when: spamVerdict('FAIL'), then: junk() },
    { name: 'watch-invoices', when: subject(/invoice/i), then: junk(), mode: 'audit' },
    { name: 'legal-copy', when: recipient('ceo@corp.example'), then: deliver(), copyTo: ['legal@corp.example'] },
  ],
});
// #endregion rules
