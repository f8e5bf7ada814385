/**
 * Our side of the comparison with the AWS sample workmail-update-email: every message is delivered
 * and rewritten with the same subject tag and text/HTML footer as bench/samples/update_email.py
 * (bench/rewrite/edits.ts), through the same path a deployed function takes (Get → edit → checks →
 * S3 PutObject → PutRawMessageContent).
 */
import { appendFooter, defineRules, deliver, syncHandler, tagSubject } from '../../lib';
import { FOOTER_HTML, FOOTER_TEXT, TAG } from '../rewrite/edits';

const rules = defineRules({ direction: 'INBOUND', rules: [], otherwise: deliver() });

export const handler = syncHandler({
  rules,
  fallback: { type: 'DEFAULT' },
  rewrite: { edits: [tagSubject(TAG), appendFooter({ text: FOOTER_TEXT, html: FOOTER_HTML })] },
});
