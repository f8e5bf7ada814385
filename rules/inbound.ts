/**
 * Inbound rules for corp.example: what reaches the organization's mailboxes.
 * First match wins; audit rules only record what they would have done.
 */
import {
  all,
  any,
  attachment,
  authResult,
  bounce,
  bypassSpam,
  defineRules,
  deliver,
  drop,
  from,
  header,
  junk,
  not,
  recipient,
  spamVerdict,
  subject,
  virusVerdict,
} from '../lib';

export default defineRules({
  direction: 'INBOUND',
  precedence: 'first-match',
  organizationDomains: ['corp.example'],
  otherwise: deliver(),
  rules: [
    {
      name: 'watch-invoices',
      description: 'Audit: would send external mail about invoices to junk (invoice fraud watch).',
      when: all(subject(/\b(invoice|rechnung|facture)\b/i), not(from('*.corp.example'))),
      then: junk(),
      mode: 'audit',
    },
    {
      name: 'block-bad-domain',
      description: 'Bounce everything from the blocked domain and its subdomains.',
      when: from('*.bad.example'),
      then: bounce('Email in breach of company policy.'),
    },
    {
      name: 'contractors-internal-only',
      description: 'The contractor mailbox accepts mail from internal senders only.',
      when: all(recipient('contractor@corp.example'), not(from('*.corp.example'))),
      then: drop(),
    },
    {
      name: 'virus-drop',
      description: 'Drop messages Amazon SES marks as carrying a virus.',
      when: virusVerdict('FAIL'),
      then: drop(),
    },
    {
      name: 'exe-attachments',
      description: 'Bounce executable attachments.',
      when: attachment({ extension: ['exe', 'js', 'vbs', 'scr', 'bat'] }),
      then: bounce('Executables are not accepted.'),
    },
    {
      name: 'partner-bypass',
      description: 'Our partner domain is never sent to junk.',
      when: from('partner.example'),
      then: bypassSpam(),
    },
    {
      name: 'spam-to-junk',
      description: 'Junk what SES calls spam, and mail failing DMARC.',
      when: any(spamVerdict('FAIL'), authResult('dmarc', 'fail')),
      then: junk(),
    },
    {
      name: 'ceo-bulk-to-junk',
      description: 'Mailing-list mail to the CEO goes to junk.',
      when: all(recipient('ceo@corp.example'), header('List-Unsubscribe')),
      then: junk(),
    },
    {
      name: 'legal-copy',
      description: 'Legal gets a copy of what reaches the CEO.',
      when: recipient('ceo@corp.example'),
      then: deliver(),
      copyTo: ['legal@corp.example'],
    },
  ],
});
