/// <reference types="node" preserve="true" />
/** `workmail-rules/local`: the local WorkMail (Message Flow API and S3 emulators), replay, jest helpers. */
export { startLocalWorkMail, type LocalWorkMail, type LocalWorkMailOptions } from './workmail';
export type { FaultSpec, LocalService, RequestRecord } from './types';
export type { Faults } from './faults';
export { LocalWorkMailError, type LocalErrorCode } from './errors';
export { replay, type ReplayOptions, type ReplayResult } from './replay';
export { stopSharedLocalWorkMail } from './shared';
export type { ReplayDecision } from './decisions';
export { loadEvent, type DeepPartial } from './load-event';
export { useLocalWorkMail } from './use-local-workmail';
export { workmailMatchers } from './matchers';
export {
  replayAvailability,
  isAvailabilityRequest,
  type AvailabilityReplayOptions,
  type AvailabilityReplayResult,
} from './availability/replay';
export { availabilityMatchers } from './availability/matchers';
export { startSandbox, SANDBOX_PASSWORD, type Sandbox, type SandboxOptions } from './sandbox/index';
export { SandboxError, type SandboxErrorCode } from './sandbox/errors';
export type { SandboxRecord, RecipientOutcome, Placement } from './sandbox/types';
export { metricsOf, metricTotal, ruleHitsOf, type MetricValue } from './metrics-of';
export { metricMatchers } from './metric-matchers';
