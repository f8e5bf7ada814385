/**
 * The Custom Availability Provider (CAP) names, shared by the full entry and the envelope-only one
 * (a CAP handler needs no AWS SDK and no MIME library): the contract, `availabilityHandler`, and the
 * time-zone, working-hours and window helpers.
 */
export {
  AVAILABILITY_ERRORS,
  AVAILABILITY_REGIONS,
  AVAILABILITY_TIMEOUT_MS,
  type AvailabilityRequest,
  type AvailabilityRequester,
  type AvailabilityResponse,
  type AvailabilityEvent,
  type AvailabilityEventDetails,
  type AvailabilityTimeZone,
  type TimeZoneTransition,
  type WorkingHours,
  type WorkingPeriod,
  type MailboxAnswer,
  type MailboxAvailability,
  type MailboxError,
  type AvailabilityErrorCode,
  type BusyType,
  type InstanceType,
  type Day,
  type Month,
  type Week,
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
