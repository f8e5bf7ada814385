/**
 * Our actions and the handler's rewrite edits as the actions of a Google Workspace setting: Reject
 * message (with the bounce text), Quarantine message, or Modify message (custom headers, prepend
 * subject, bypass spam filter, also deliver to). Lines are Markdown, user strings escaped.
 */
import type { Action } from '../../engine/actions';
import type { Edit } from '../../message/rewrite/edits';
import { JUNK_HEADER } from '../mail-manager/types';
import { exact, notExported, type Piece } from '../types';
import { mdValue } from './markdown';
import type { Strength } from './types';

export interface GoogleAction {
  lines: string[];
  strength: Strength;
  /** The rejection notice, for Blocked senders and for comparing rules. */
  reject?: string;
}

export const DEFAULT_REJECT = 'This message was not delivered: it is blocked by the recipient organization.';
const CONTROLS = /[\x00-\x08\x0a-\x1f\x7f]/;

/** What differs when a user string had to be shown without its control characters. */
export const controlNote = (what: string, s: string): string[] =>
  CONTROLS.test(s) ? [`${what} holds control characters, shown as spaces or U+FFFD: type it without them`] : [];

function stopping(action: Action): Piece<GoogleAction> {
  if (action.type === 'BOUNCE') {
    const text = action.parameters?.bounceMessage ?? DEFAULT_REJECT;
    return exact(
      { lines: [`**Reject message**, rejection notice: ${mdValue(text)}`], strength: 3, reject: text },
      controlNote('the bounce message', text),
    );
  }
  return exact({ lines: ['**Quarantine message**: Admin default quarantine'], strength: 2 }, [
    'DROP is Quarantine message: Google has no silent discard; the message waits in the admin quarantine (deleted after 30 days) instead',
  ]);
}

export function googleAction(action: Action, copyTo: readonly string[]): Piece<GoogleAction> {
  const copy = copyTo.length > 0 ? [`**Modify message** \\> Also deliver to: add recipients ${copyTo.map(mdValue).join(', ')}`] : [];
  const copyDiff =
    copyTo.length > 0
      ? ['copyTo is Also deliver to: Google adds the copy once per message, WorkMail once per recipient the rule decides']
      : [];
  if (action.type === 'BOUNCE' || action.type === 'DROP') {
    const s = stopping(action);
    if (!s.ok || copyTo.length === 0) return s;
    return exact(s.value, [...s.differences, 'copyTo is left out: a setting that rejects or quarantines cannot also deliver a copy']);
  }
  if (action.type === 'MOVE_TO_JUNK')
    return exact(
      {
        lines: [
          `**Modify message** \\> Headers: Add custom headers: ${mdValue(JUNK_HEADER.HeaderName)} = ${mdValue(JUNK_HEADER.HeaderValue)}`,
          ...copy,
        ],
        strength: 1,
      },
      [
        `MOVE_TO_JUNK is a header: Google's settings cannot move a message to Spam, so ${JUNK_HEADER.HeaderName}: ${JUNK_HEADER.HeaderValue} marks it for a client rule or the next hop (or choose Quarantine message to keep it out of the inbox)`,
        ...copyDiff,
      ],
    );
  if (action.type === 'BYPASS_SPAM_CHECK')
    return exact({ lines: ['**Modify message** \\> Spam: Bypass spam filter for this message', ...copy], strength: 1 }, copyDiff);
  return exact({ lines: copy, strength: copyTo.length > 0 ? 1 : 0 }, copyDiff);
}

/** One rewrite edit: the Modify message option (or Append footer) and what differs. */
export function googleEdit(edit: Edit, inbound: boolean): Piece<{ lines: string[]; footer: boolean }> {
  switch (edit.kind) {
    case 'tagSubject':
      return exact({ lines: [`**Modify message** \\> Subject: Prepend custom subject: ${mdValue(`${edit.tag} `)}`], footer: false }, [
        'Prepend custom subject adds the tag even when the subject already starts with it; WorkMail leaves a tagged subject alone',
        ...controlNote('the tag', edit.tag),
      ]);
    case 'setHeader':
      return exact(
        { lines: [`**Modify message** \\> Headers: Add custom headers: ${mdValue(edit.name)} = ${mdValue(edit.value)}`], footer: false },
        ['Add custom headers adds the header: one already in the message stays (WorkMail replaces it)'],
      );
    case 'removeHeader':
      return notExported("Google's Modify message cannot remove a header");
    case 'appendFooter': {
      if (inbound) return notExported("Google's Append footer applies to outgoing mail only");
      const text = edit.text ?? edit.html ?? '';
      return exact({ lines: [`**Append footer**: ${mdValue(text)}`], footer: true }, [
        'Append footer applies to all outgoing mail of the organizational unit (no condition), in the text and the HTML body',
        ...(edit.text === undefined
          ? ["the footer is HTML: Google's footer editor takes formatted text, so recreate the formatting there"]
          : []),
      ]);
    }
    default:
      return notExported(
        'removeAttachments matches attachments with JavaScript: add an Attachment compliance setting with Modify message > Remove attachments from message by hand',
      );
  }
}
