/**
 * The envelope-only handler the cold-start benchmark bundles: a few envelope rules (patterns,
 * subject, combinators) and `syncHandler` from the envelope-only entry (no SDK, no MIME libraries).
 */
import {
  all,
  any,
  bounce,
  bypassSpam,
  defineRules,
  deliver,
  drop,
  from,
  junk,
  not,
  recipient,
  subject,
  syncHandler,
} from '../../lib/envelope';

const defining = performance.now();
const rules = defineRules({
  direction: 'INBOUND',
  organizationDomains: ['corp.example'],
  otherwise: deliver(),
  rules: [
    { name: 'block-bad-domain', when: from('*.bad.example'), then: bounce('Email in breach of company policy.') },
    { name: 'contractors-internal-only', when: all(recipient('contractor@corp.example'), not(from('*.corp.example'))), then: drop() },
    { name: 'invoice-watch', when: all(subject(/\b(invoice|rechnung|facture)\b/i), not(from('*.corp.example'))), then: junk() },
    { name: 'partner-bypass', when: any(from('partner.example'), from('*.partner.example')), then: bypassSpam() },
  ],
});

export const handler = syncHandler({ rules, fallback: { type: 'DEFAULT' } });
/** For the benchmark's breakdown of the import: ms spent defining the rules and creating the handler. */
export const benchDefineMs = performance.now() - defining;
