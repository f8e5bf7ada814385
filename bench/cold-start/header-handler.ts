/**
 * The header-rule handler the cold-start benchmark bundles: rules that read headers only (no body,
 * no attachments, no rewrite), from the full entry. Its cold start loads the Message Flow client and
 * the header reader, never the MIME parser, the HTML-to-text stack or the S3 client.
 */
import { defineRules, deliver, drop, header, junk, syncHandler } from '../../lib';

const rules = defineRules({
  direction: 'INBOUND',
  otherwise: deliver(),
  rules: [
    { name: 'gateway-spam', when: header('X-Gateway-Verdict', 'spam'), then: junk() },
    { name: 'gateway-virus', when: header('X-Gateway-Verdict', 'virus'), then: drop() },
  ],
});

export const handler = syncHandler({ rules, fallback: { type: 'DEFAULT' } });
