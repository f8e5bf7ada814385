/** A synchronous handler (handlers/inbound.ts in a project), as in the README's "A handler". */
// #region handler
import { appendFooter, from, not, syncHandler, tagSubject } from '../lib';
import rules from './rules';

export const handler = syncHandler({
  rules,
  fallback: { type: 'DEFAULT' }, // what every recipient gets if anything goes wrong
  rewrite: {
    // optional: edit the message before delivery
    when: not(from('*.corp.example')),
    edits: [tagSubject('[EXTERNAL]'), appendFooter({ text: 'Sent from outside.' })],
  },
});
// #endregion handler
