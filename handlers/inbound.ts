/**
 * Inbound synchronous Run-Lambda rule: decides per recipient with rules/inbound.ts and tags mail
 * from outside the organization before delivery.
 */
import { appendFooter, from, not, syncHandler, tagSubject } from '../lib';
import rules from '../rules/inbound';

export const handler = syncHandler({
  rules,
  fallback: { type: 'DEFAULT' },
  rewrite: {
    when: not(from('*.corp.example')),
    edits: [
      tagSubject('[EXTERNAL]'),
      appendFooter({
        text: 'This message came from outside corp.example.',
        html: '<p style="color:#666">This message came from outside corp.example.</p>',
      }),
    ],
  },
});
