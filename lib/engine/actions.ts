import type { ActionType, OutboundActionType } from '../workmail/types';

/** The wire's own action object: `{ type, parameters?: { bounceMessage } }`. */
export interface Action<T extends ActionType = ActionType> {
  type: T;
  parameters?: { bounceMessage?: string };
}

/** Deliver normally (spam checks apply). Wire type DEFAULT. */
export const deliver = (): Action<'DEFAULT'> => ({ type: 'DEFAULT' });

/** Refuse and tell the sender, optionally with a custom bounce text. */
export const bounce = (message?: string): Action<'BOUNCE'> =>
  message === undefined ? { type: 'BOUNCE' } : { type: 'BOUNCE', parameters: { bounceMessage: message } };

/** Discard silently. */
export const drop = (): Action<'DROP'> => ({ type: 'DROP' });

/** Deliver to the junk folder (inbound only). */
export const junk = (): Action<'MOVE_TO_JUNK'> => ({ type: 'MOVE_TO_JUNK' });

/** Deliver to the inbox even if spam (inbound only). */
export const bypassSpam = (): Action<'BYPASS_SPAM_CHECK'> => ({ type: 'BYPASS_SPAM_CHECK' });

export type OutboundAction = Action<OutboundActionType>;

/** A copy that shares nothing with `a` (decisions hand out their own actions). */
export function cloneAction<T extends ActionType>(a: Action<T>): Action<T> {
  return a.parameters === undefined ? { type: a.type } : { type: a.type, parameters: { ...a.parameters } };
}

/** A stable key for grouping: type plus bounce message. */
export function actionKey(a: Action): string {
  const m = a.parameters?.bounceMessage;
  return m === undefined ? a.type : `${a.type}\u0000${m}`;
}

/** Actions under which the message still reaches the recipient. */
export function isDelivering(a: Action): boolean {
  return a.type === 'DEFAULT' || a.type === 'BYPASS_SPAM_CHECK' || a.type === 'MOVE_TO_JUNK';
}
