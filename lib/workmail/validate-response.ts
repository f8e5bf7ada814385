import { LIMITS } from './limits';
import { actionTypesFor, type FlowDirection } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every reason WorkMail could reject a synchronous response (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html), as readable strings;
 * an empty list means the response is valid. Never throws.
 */
export function validateResponse(response: unknown, direction: FlowDirection): string[] {
  const problems: string[] = [];
  if (!isObject(response)) return ['response: expected an object'];
  const actions = response.actions;
  if (!Array.isArray(actions)) return ['actions: expected an array'];
  if (actions.length === 0) problems.push('actions: must hold at least one entry');
  if (actions.length > LIMITS.maxActions) problems.push(`actions: ${actions.length} entries exceed the limit of ${LIMITS.maxActions}`);

  const allowed = actionTypesFor(direction);
  const seen = new Map<string, number>();
  let allRecipientsEntries = 0;
  actions.forEach((entry, i) => {
    const at = `actions[${i}]`;
    if (!isObject(entry)) {
      problems.push(`${at}: expected an object`);
      return;
    }
    const action = entry.action;
    if (!isObject(action)) problems.push(`${at}.action: expected an object`);
    else {
      if (typeof action.type !== 'string' || !(allowed as readonly string[]).includes(action.type)) {
        problems.push(`${at}.action.type: ${JSON.stringify(action.type)} is not allowed for ${direction} (allowed: ${allowed.join(', ')})`);
      }
      if (action.parameters !== undefined) {
        if (action.type !== 'BOUNCE') problems.push(`${at}.action.parameters: only BOUNCE takes parameters`);
        else if (!isObject(action.parameters)) problems.push(`${at}.action.parameters: expected an object`);
        else {
          const extra = Object.keys(action.parameters).filter((k) => k !== 'bounceMessage');
          if (extra.length) problems.push(`${at}.action.parameters: unknown keys ${extra.join(', ')}`);
          const m = action.parameters.bounceMessage;
          if (m !== undefined && typeof m !== 'string') problems.push(`${at}.action.parameters.bounceMessage: expected a string`);
        }
      }
    }
    if (entry.allRecipients !== undefined && typeof entry.allRecipients !== 'boolean') {
      problems.push(`${at}.allRecipients: expected a JSON boolean, got ${typeof entry.allRecipients}`);
    }
    if (entry.allRecipients === true) allRecipientsEntries++;
    const list = entry.recipients;
    if (list === undefined) {
      if (entry.allRecipients !== true) problems.push(`${at}: needs recipients or allRecipients: true`);
    } else if (!Array.isArray(list)) problems.push(`${at}.recipients: expected an array`);
    else {
      if (list.length === 0 && entry.allRecipients !== true) problems.push(`${at}.recipients: empty list without allRecipients: true`);
      list.forEach((r, j) => {
        if (typeof r !== 'string' || r.trim() === '') {
          problems.push(`${at}.recipients[${j}]: expected an address string`);
          return;
        }
        const key = r.trim().toLowerCase();
        const first = seen.get(key);
        if (first !== undefined) problems.push(`${at}.recipients[${j}]: ${r} already appears in actions[${first}]`);
        else seen.set(key, i);
      });
    }
  });
  if (allRecipientsEntries > 1) problems.push(`actions: ${allRecipientsEntries} entries set allRecipients: true (at most one)`);
  if (direction === 'OUTBOUND' && seen.size > LIMITS.maxOutboundRecipients) {
    problems.push(`actions: ${seen.size} distinct recipients exceed the outbound limit of ${LIMITS.maxOutboundRecipients}`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(response), 'utf8');
  if (bytes > LIMITS.maxResponseBytes) problems.push(`response: ${bytes} bytes exceed the limit of ${LIMITS.maxResponseBytes}`);
  return problems;
}
