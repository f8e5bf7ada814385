/** Errors raised by the local WorkMail emulators and the replay runner. */
export type LocalErrorCode =
  | 'LOCAL_WORKMAIL'
  | 'LOCAL_MESSAGE_ID'
  | 'REPLAY_EVENT'
  | 'REPLAY_HANDLER'
  | 'REPLAY_TIMEOUT'
  | 'REPLAY_EXPECT'
  | 'REPLAY_DIRECTION'
  | 'REPLAY_METRICS';

export class LocalWorkMailError extends Error {
  constructor(
    readonly code: LocalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LocalWorkMailError';
  }
}
