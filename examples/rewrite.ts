/** A handler that rewrites, with every rewrite option (docs/rewriting.md). */
import { appendFooter, from, not, syncHandler, tagSubject } from '../lib';
import rules from './rules';

// #region rewrite
export const handler = syncHandler({
  rules,
  rewrite: {
    when: not(from('*.corp.example')), // optional; any condition of the rule language
    edits: [tagSubject('[EXTERNAL]'), appendFooter({ text: 'Sent from outside.', html: '<p>Sent from outside.</p>' })],
    bucket: process.env.REWRITE_BUCKET, // default
    keyPrefix: 'rewrites/', // default (or REWRITE_KEY_PREFIX)
  },
});
// #endregion rewrite
