/** Errors raised by the local WorkMail emulators and the replay runner. */
import { WorkMailRulesError } from '../workmail/errors';

export type LocalErrorCode =
  | 'LOCAL_WORKMAIL'
  | 'LOCAL_MESSAGE_ID'
  | 'REPLAY_EVENT'
  | 'REPLAY_HANDLER'
  | 'REPLAY_TIMEOUT'
  | 'REPLAY_EXPECT'
  | 'REPLAY_DIRECTION'
  | 'REPLAY_METRICS';

export class LocalWorkMailError extends WorkMailRulesError {
  override readonly name: string = 'LocalWorkMailError';
  constructor(
    readonly code: LocalErrorCode,
    message: string,
  ) {
    super(message);
  }
}
