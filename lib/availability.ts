/// <reference types="node" preserve="true" />
/**
 * `workmail-rules/availability`: the Custom Availability Provider (CAP): the contract,
 * `availabilityHandler`, and the time-zone, working-hours and window helpers. A CAP handler needs no
 * AWS SDK and no MIME library, and this entry loads none. Its error codes, Regions and time limit
 * are in `workmail-rules/constants`.
 */
export type {
  AvailabilityRequest,
  AvailabilityRequester,
  AvailabilityResponse,
  AvailabilityEvent,
  AvailabilityEventDetails,
  AvailabilityTimeZone,
  TimeZoneTransition,
  WorkingHours,
  WorkingPeriod,
  MailboxAnswer,
  MailboxAvailability,
  MailboxError,
  AvailabilityErrorCode,
  BusyType,
  InstanceType,
  Day,
  Month,
  Week,
} from './workmail/availability/types';
export { parseAvailabilityRequest, AvailabilityValidationError } from './workmail/availability/request';
export { validateAvailabilityResponse, validateMailboxAnswer } from './workmail/availability/response';
export {
  availabilityHandler,
  type AvailabilityHandler,
  type AvailabilityHandlerOptions,
  type AvailabilityTools,
  type MailboxLookup,
  type MailboxResult,
  type RequestLookup,
} from './runtime/availability/handler';
export { availabilityTimeZone, utcOffsetAt } from './runtime/availability/time-zone';
export { workingHours, clipEvents, type WorkingHoursOptions } from './runtime/availability/helpers';
