import type { SyncResponse } from '../workmail/types';
import { cloneAction, type Action } from './actions';

/** What a recipient gets when the response neither lists it nor has an allRecipients entry. */
export type Expanded = Action | 'fallback';

/**
 * Apply a response the way WorkMail does (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html): a listed recipient gets its
 * entry's action, any other the `allRecipients` action or the fallback. Keys are lower-cased; added copies are included.
 */
export function expandResponse(response: SyncResponse, recipients: string[]): Map<string, Expanded> {
  const listed = new Map<string, Action>();
  let all: Action | undefined;
  for (const entry of response.actions) {
    const action: Action = cloneAction(entry.action);
    if (entry.allRecipients === true && all === undefined) all = action;
    for (const r of entry.recipients ?? []) {
      const key = r.trim().toLowerCase();
      if (!listed.has(key)) listed.set(key, action);
    }
  }
  const out = new Map<string, Expanded>();
  for (const r of recipients) {
    const key = r.trim().toLowerCase();
    out.set(key, listed.get(key) ?? all ?? 'fallback');
  }
  for (const [key, action] of listed) if (!out.has(key)) out.set(key, action);
  return out;
}
