/** Local WorkMail: emulators, replay, and jest helpers. */
export { startLocalWorkMail, DEFAULT_BUCKET, DEFAULT_REGION, LOCAL_CREDENTIALS, type LocalWorkMail, type LocalWorkMailOptions } from './workmail';
export type { FaultSpec, LocalService, RequestRecord } from './types';
export { Faults, defaultErrorCode } from './faults';
export { LocalWorkMailError, type LocalErrorCode } from './errors';
export { replay, readEventFile, siblingMessage, type ReplayOptions, type ReplayResult } from './replay';
export { stopSharedLocalWorkMail, defaultLocalWorkMail } from './shared';
export { createLocalContext, type LocalContextOptions } from './context';
export { generateMessage } from './generate-message';
export { loadHandler, type LambdaHandler } from './handler-module';
export { decisionFor, decisionTable, type ReplayDecision } from './decisions';
export { applyEnv } from './env';
export { loadEvent, type DeepPartial } from './load-event';
export { useLocalWorkMail } from './use-local-workmail';
export { workmailMatchers } from './matchers';
