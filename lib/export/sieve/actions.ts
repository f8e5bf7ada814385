/** Our actions as Sieve actions: keep, reject (RFC 5429), discard, fileinto, redirect :copy (RFC 3894). */
import type { Action } from '../../engine/actions';
import type { SieveHost } from './hosts';
import { badText, quote } from './text';
import { exact, notExported, type Piece } from '../types';

export interface SieveAction {
  lines: string[];
  requires: string[];
}

/** The text `reject` sends when the rule gives no bounce message. */
export const DEFAULT_REJECT = 'This message was not delivered: it is blocked by the recipient organization.';

/** An address `redirect` accepts as written: a dot-atom local part (RFC 5322 §3.4.1) and a domain name. */
const PLAIN_ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;

const JUNK_FALLBACK =
  'MOVE_TO_JUNK is fileinto "Junk" without :create (the host has no mailbox extension): when the folder does not exist the message goes to INBOX';

function copies(copyTo: readonly string[], host: SieveHost): Piece<string[]> {
  if (copyTo.length === 0) return exact([]);
  if (!host.redirect) return notExported(`copyTo needs redirect, which ${host.title} does not run from user scripts`);
  const bad = copyTo.find((a) => !PLAIN_ADDRESS.test(a));
  if (bad !== undefined) return notExported(`copyTo address ${JSON.stringify(bad)} is not a plain address Sieve's redirect accepts`);
  return exact(
    copyTo.map((a) => `redirect :copy ${quote(a)};`),
    [
      'copyTo: Sieve runs once per recipient, so the copy is redirected once for every recipient the rule decides (even when the address is already a recipient); WorkMail adds the address once',
    ],
  );
}

export function sieveAction(action: Action, copyTo: readonly string[], host: SieveHost): Piece<SieveAction> {
  const copy = copies(copyTo, host);
  if (!copy.ok) return copy;
  const lines = [...copy.value];
  const requires = copyTo.length > 0 ? ['copy'] : [];
  const differences = [...copy.differences];
  switch (action.type) {
    case 'DEFAULT':
      lines.push('keep;');
      break;
    case 'BYPASS_SPAM_CHECK':
      lines.push('keep;');
      differences.push('BYPASS_SPAM_CHECK is kept as keep: Sieve has no spam check to skip (the new service may still file it as spam)');
      break;
    case 'MOVE_TO_JUNK':
      requires.push('fileinto');
      if (host.extensions.has('mailbox')) {
        requires.push('mailbox');
        lines.push('fileinto :create "Junk";');
      } else {
        lines.push('fileinto "Junk";');
        differences.push(JUNK_FALLBACK);
      }
      break;
    case 'BOUNCE': {
      requires.push('reject');
      const text = action.parameters?.bounceMessage ?? DEFAULT_REJECT;
      // reject sends its reason verbatim: line breaks would become lines of the bounce.
      const flat = text.replace(/\r\n|[\r\n]/g, ' ');
      const bad = badText(flat, 'the bounce message');
      if (bad) return notExported(bad);
      if (flat !== text) differences.push('the bounce message has line breaks: reject sends it on one line, with spaces in their place');
      lines.push(`reject ${quote(flat)};`);
      break;
    }
    case 'DROP':
      lines.push('discard;');
      break;
  }
  return exact({ lines, requires }, differences);
}
