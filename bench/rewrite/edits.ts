/** The edits every rewrite benchmark applies (the same tag and footer as the Python runner). */
import { appendFooter, tagSubject, type Edit } from '../../lib/message/rewrite';

export const TAG = '[EXTERNAL]';
export const FOOTER_TEXT = 'This message came from outside the organization.';
export const FOOTER_HTML = '<p>This message came from outside the organization.</p>';

export const BENCH_EDITS: Edit[] = [tagSubject(TAG), appendFooter({ text: FOOTER_TEXT, html: FOOTER_HTML })];
/** Untimed calls after the first and before the timed runs, the same on both sides (child-ts.ts, child.py). */
export const WARMUP_CALLS = 5;
