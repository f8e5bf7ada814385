/** Our actions and the handler's rewrite as transport-rule actions. */
import type { Action } from '../../engine/actions';
import type { Edit } from '../../message/rewrite/edits';
import { exact, notExported, type Piece } from '../types';
import { unquotable, type PsValue } from './powershell';
import { EXCHANGE_LIMITS } from './types';

type Params = [string, PsValue][];

/** What a rule that delivers does, so the rule has an action: a header naming the rule. */
export const DECIDED_HEADER = 'X-WorkMail-Rules-Rule';
const DEFAULT_REJECT = 'This message was not delivered: it is blocked by the recipient organization.';

function checked(value: string, what: string): string | undefined {
  const bad = unquotable(value);
  return bad ? `${what} ${bad}` : undefined;
}

export function exchangeActions(action: Action, copyTo: readonly string[], rule: string): Piece<Params> {
  const params: Params = [];
  const differences: string[] = [];
  switch (action.type) {
    case 'BOUNCE': {
      const text = action.parameters?.bounceMessage ?? DEFAULT_REJECT;
      const bad = checked(text, 'the bounce message');
      if (bad) return notExported(bad);
      if (text.length > EXCHANGE_LIMITS.rejectText)
        return notExported(
          `the bounce message has ${text.length} characters; RejectMessageReasonText takes at most ${EXCHANGE_LIMITS.rejectText}`,
        );
      params.push(['RejectMessageReasonText', text], ['RejectMessageEnhancedStatusCode', '5.7.1']);
      break;
    }
    case 'DROP':
      params.push(['DeleteMessage', true]);
      break;
    case 'MOVE_TO_JUNK':
      params.push(['SetSCL', 6]);
      differences.push("MOVE_TO_JUNK is SetSCL 6: the mailbox's junk settings decide whether it lands in Junk Email");
      break;
    case 'BYPASS_SPAM_CHECK':
      params.push(['SetSCL', -1]);
      break;
    default: {
      const bad = checked(rule, 'the rule name');
      if (bad) return notExported(bad);
      params.push(['SetHeaderName', DECIDED_HEADER], ['SetHeaderValue', rule.slice(0, 256)]);
    }
  }
  if (copyTo.length > 0) {
    const bad = copyTo.map((a) => checked(a, `copyTo address ${JSON.stringify(a)}`)).find(Boolean);
    if (bad) return notExported(bad);
    params.push(['BlindCopyTo', copyTo]);
    differences.push('copyTo is BlindCopyTo: Exchange adds the address as a Bcc recipient of the message');
  }
  return exact(params, differences);
}

/** One edit of the handler's rewrite as the actions of a first, non-stopping rule. */
export function exchangeEdit(edit: Edit): Piece<Params> {
  switch (edit.kind) {
    case 'tagSubject': {
      const bad = checked(edit.tag, 'the tag');
      if (bad) return notExported(bad);
      return exact(
        [['PrependSubject', `${edit.tag} `]],
        ['PrependSubject adds the tag even when the subject already starts with it; WorkMail leaves an already tagged subject alone'],
      );
    }
    case 'setHeader': {
      const bad = checked(edit.name, 'the header name') ?? checked(edit.value, 'the header value');
      if (bad) return notExported(bad);
      return exact([
        ['SetHeaderName', edit.name],
        ['SetHeaderValue', edit.value],
      ]);
    }
    case 'removeHeader': {
      const bad = checked(edit.name, 'the header name');
      return bad ? notExported(bad) : exact([['RemoveHeader', edit.name]]);
    }
    case 'appendFooter': {
      const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const html = (edit.html ?? esc(edit.text ?? '')).replace(/\r?\n/g, '<br>');
      if (html.length > EXCHANGE_LIMITS.disclaimer)
        return notExported(`the footer has ${html.length} characters; disclaimers take at most ${EXCHANGE_LIMITS.disclaimer}`);
      const bad = checked(html, 'the footer');
      if (bad) return notExported(bad);
      return exact(
        [
          ['ApplyHtmlDisclaimerText', html],
          ['ApplyHtmlDisclaimerLocation', 'Append'],
          ['ApplyHtmlDisclaimerFallbackAction', 'Wrap'],
        ],
        [
          'appendFooter is an HTML disclaimer: Exchange renders it in both the HTML and the text body, and wraps a message it cannot change',
        ],
      );
    }
    default:
      return notExported('Exchange transport rules cannot remove attachments');
  }
}
