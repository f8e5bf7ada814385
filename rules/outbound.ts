/**
 * Outbound rules for corp.example: what the organization may send. Only deliver, bounce and drop
 * exist for outbound mail (a junk() here is a type error). First match wins.
 */
import { all, any, body, bounce, defineRules, deliver, drop, from, mailFrom, not, recipient, sender, subject } from '../lib';

/** Words that must not leave the company in a subject or body. */
const SECRET = /\b(confidential|project\s+falcon|internal\s+only)\b/i;
/** Anything outside the organization. */
const external = not(recipient('*.corp.example'));

export default defineRules({
  direction: 'OUTBOUND',
  precedence: 'first-match',
  organizationDomains: ['corp.example'],
  otherwise: deliver(),
  rules: [
    {
      name: 'audit-on-behalf-external',
      description: 'Audit: mail sent on behalf of someone else to outside addresses.',
      when: all(sender('*.corp.example'), external),
      then: bounce('Sending on behalf of another user to external recipients is not allowed.'),
      mode: 'audit',
    },
    {
      name: 'noreply-never-sends',
      description: 'The noreply mailbox must never send mail.',
      when: mailFrom('noreply@corp.example'),
      then: drop(),
    },
    {
      name: 'blocked-recipient-domains',
      description: 'No mail to competitors or the blocked domain.',
      when: recipient('*.competitor.example', 'blocked.example'),
      then: bounce('Sending to this domain is blocked by company policy.'),
    },
    {
      name: 'interns-internal-only',
      description: 'Interns may only write to colleagues.',
      when: all(from('intern@corp.example'), external),
      then: bounce('Interns may only email inside the company.'),
    },
    {
      name: 'dlp-keywords',
      description: 'Data-loss check: secret keywords in the subject or body of external mail.',
      when: all(external, any(subject(SECRET), body(SECRET))),
      then: bounce('Message blocked: it looks like it contains confidential information.'),
    },
    {
      name: 'compliance-copy',
      description: 'Compliance gets a copy of what the trading desk sends outside.',
      when: all(from('trading.corp.example'), external),
      then: deliver(),
      copyTo: ['compliance@corp.example'],
    },
  ],
});
