/** The WorkMail Run-Lambda contract (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html–2). Nothing here imports anything of the project. */

export type FlowDirection = 'INBOUND' | 'OUTBOUND';
export const FLOW_DIRECTIONS: readonly FlowDirection[] = ['INBOUND', 'OUTBOUND'];

export type InboundActionType = 'BOUNCE' | 'DROP' | 'DEFAULT' | 'BYPASS_SPAM_CHECK' | 'MOVE_TO_JUNK';
export type OutboundActionType = 'BOUNCE' | 'DROP' | 'DEFAULT';
export type ActionType = InboundActionType;

export const INBOUND_ACTION_TYPES: readonly InboundActionType[] = ['BOUNCE', 'DROP', 'DEFAULT', 'BYPASS_SPAM_CHECK', 'MOVE_TO_JUNK'];
export const OUTBOUND_ACTION_TYPES: readonly OutboundActionType[] = ['BOUNCE', 'DROP', 'DEFAULT'];

/** Action types WorkMail accepts for a direction (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html). */
export function actionTypesFor(direction: FlowDirection): readonly ActionType[] {
  return direction === 'OUTBOUND' ? OUTBOUND_ACTION_TYPES : INBOUND_ACTION_TYPES;
}

export interface EmailAddress {
  address: string;
}

/** The event WorkMail passes to a Run-Lambda function, sync or async (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html). */
export interface LambdaEventData {
  summaryVersion: string;
  envelope: { mailFrom: EmailAddress; recipients: EmailAddress[] };
  /** Set only when the message was sent on behalf of another user. */
  sender?: EmailAddress;
  subject: string;
  messageId: string;
  invocationId: string;
  flowDirection: FlowDirection;
  /** True when the payload exceeded 128 KB and the recipient list was cut. */
  truncated: boolean;
}

/** One entry of a synchronous response (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html). */
export interface SyncAction<T extends ActionType = ActionType> {
  action: { type: T; parameters?: { bounceMessage?: string } };
  recipients?: string[];
  allRecipients?: boolean;
}

export interface SyncResponse<T extends ActionType = ActionType> {
  actions: SyncAction<T>[];
}
