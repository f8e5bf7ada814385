/** Our actions as Sieve actions: keep, reject (RFC 5429), discard, fileinto, redirect :copy (RFC 3894). */
import type { Action } from '../../engine/actions';
import { quote } from './text';
import { exact, type Piece } from '../types';

export interface SieveAction {
  lines: string[];
  requires: string[];
}

/** The text `reject` sends when the rule gives no bounce message. */
export const DEFAULT_REJECT = 'This message was not delivered: it is blocked by the recipient organization.';

export function sieveAction(action: Action, copyTo: readonly string[]): Piece<SieveAction> {
  const lines: string[] = [];
  const requires: string[] = [];
  const differences: string[] = [];
  if (copyTo.length > 0) {
    requires.push('copy');
    for (const a of copyTo) lines.push(`redirect :copy ${quote(a)};`);
    differences.push(
      'copyTo: Sieve runs once per recipient, so the copy is redirected once for every recipient the rule decides (even when the address is already a recipient); WorkMail adds the address once',
    );
  }
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
      lines.push('fileinto "Junk";');
      break;
    case 'BOUNCE':
      requires.push('reject');
      lines.push(`reject ${quote(action.parameters?.bounceMessage ?? DEFAULT_REJECT)};`);
      break;
    case 'DROP':
      lines.push('discard;');
      break;
  }
  return exact({ lines, requires }, differences);
}
