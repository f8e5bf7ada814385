/**
 * The Custom Availability Provider (CAP) contract: what WorkMail sends a CAP Lambda when a user asks
 * for free/busy (EWS GetUserAvailability) of mailboxes in a domain served by the provider, and what
 * the function must answer. https://docs.aws.amazon.com/workmail/latest/adminguide/building_cap.html
 */

/** WorkMail waits this long for a CAP answer, then fails the mailboxes of the request. */
export const AVAILABILITY_TIMEOUT_MS = 25_000;
/**
 * Largest CAP answer the framework sends, in bytes of UTF-8 JSON: under Lambda's 6 MB limit on a
 * synchronous response (6 291 556 bytes), with room for the runtime's own framing.
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const AVAILABILITY_RESPONSE_MAX_BYTES = 6_000_000;
/** The Regions where WorkMail offers CAP. */
export const AVAILABILITY_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'] as const;

export const BUSY_TYPES = ['BUSY', 'FREE', 'TENTATIVE'] as const;
export type BusyType = (typeof BUSY_TYPES)[number];
export const INSTANCE_TYPES = ['SINGLE_INSTANCE', 'RECURRING_INSTANCE', 'EXCEPTION'] as const;
export type InstanceType = (typeof INSTANCE_TYPES)[number];
export const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
export type Month = (typeof MONTHS)[number];
export const WEEKS = ['FIRST', 'SECOND', 'THIRD', 'FOURTH', 'LAST'] as const;
export type Week = (typeof WEEKS)[number];
export const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
export type Day = (typeof DAYS)[number];

/**
 * The `error` values WorkMail maps to EWS error codes; any other text becomes
 * ERROR_FREE_BUSY_GENERATION_FAILED.
 */
export const AVAILABILITY_ERRORS = [
  'MailboxNotFound',
  'ErrorAvailabilityConfigNotFound',
  'ErrorServerBusy',
  'ErrorTimeoutExpired',
  'ErrorFreeBusyGenerationFailed',
  'ErrorResponseSchemaValidation',
] as const;
export type AvailabilityErrorCode = (typeof AVAILABILITY_ERRORS)[number];

export interface AvailabilityRequester {
  /** The requester's primary email address. */
  email: string;
  userName: string;
  /** The requester's organization id (`m-…`). */
  organization: string;
  userId: string;
  /** The remote address of the request. */
  origin?: string;
  /** Reserved by WorkMail for future use. */
  bearer?: string;
}

/** A parsed CAP request. The window's dates are kept as sent; `start`/`end` are the same instants as Dates. */
export interface AvailabilityRequest {
  requester: AvailabilityRequester;
  mailboxes: string[];
  window: { startDate: string; endDate: string; start: Date; end: Date };
}

export interface AvailabilityEventDetails {
  subject: string;
  location: string;
  instanceType: InstanceType;
  isMeeting: boolean;
  isReminderSet: boolean;
  isPrivate: boolean;
}

export interface AvailabilityEvent {
  /** UTC, RFC 3339. */
  startTime: string;
  endTime: string;
  busyType: BusyType;
  /** All six fields, or none (leave it out for private events). */
  details?: AvailabilityEventDetails;
}

/** A time-zone transition: at local `time` on the `week`-th `dayOfWeek` of `month`, the bias becomes bias + offset. */
export interface TimeZoneTransition {
  /** Minutes added to the zone's bias (EWS convention: UTC = local time + bias). */
  offset: number;
  /** Local wall-clock time of the transition, `hh:mm:ss`. */
  time: string;
  month: Month;
  week: Week;
  dayOfWeek: Day;
}

export interface AvailabilityTimeZone {
  name: string;
  /** Minutes: UTC = local time + bias (Berlin: -60, New York: 300). */
  bias: number;
  /** Both transitions or neither. */
  standardTime?: TimeZoneTransition;
  daylightTime?: TimeZoneTransition;
}

export interface WorkingPeriod {
  /** Minutes from local midnight, 0..1440, start < end. */
  startMinutes: number;
  endMinutes: number;
  days: Day[];
}

export interface WorkingHours {
  timezone: AvailabilityTimeZone;
  workingPeriods: WorkingPeriod[];
}

export interface MailboxAvailability {
  mailbox: string;
  events: AvailabilityEvent[];
  workingHours: WorkingHours;
}

export interface MailboxError {
  mailbox: string;
  /**
   * One of AVAILABILITY_ERRORS. WorkMail would take any text, but a text can carry secrets and
   * addresses: the framework answers only these codes. A lookup that returns another text gets
   * ErrorResponseSchemaValidation, and the text goes to the log (bounded, addresses removed).
   */
  error: AvailabilityErrorCode | (string & {});
}

export type MailboxAnswer = MailboxAvailability | MailboxError;

export interface AvailabilityResponse {
  mailboxes: MailboxAnswer[];
}
