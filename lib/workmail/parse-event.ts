import { EventValidationError, type ValidationIssue } from './errors';
import { LIMITS } from './limits';
import { FLOW_DIRECTIONS, type EmailAddress, type FlowDirection, type LambdaEventData } from './types';

/** Report at most this many per-recipient problems, so a huge broken list stays a readable error. */
const MAX_ISSUES = 50;

export interface ParseEventOptions {
  /** Direction to assume when the event has no `flowDirection` (older samples omit it). */
  direction?: FlowDirection;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A parsed event and what in it deviated from the documented shape without changing its meaning. */
export interface ParsedEvent {
  event: LambdaEventData;
  /** Each deviation, located by its JSON path (e.g. a subject longer than WorkMail sends). Empty when none. */
  deviations: ValidationIssue[];
}

/**
 * Validate an unknown value as WorkMail's LambdaEventData (workmail-rules docs/handlers.md). Throws
 * EventValidationError listing every problem that makes the event undecidable (no recipients, no
 * direction, wrong types); unknown extra fields are ignored. Addresses are trimmed and otherwise
 * kept as given; an empty `mailFrom` is the null sender (bounces and delivery reports carry it).
 */
export function parseEvent(input: unknown, options: ParseEventOptions = {}): LambdaEventData {
  return parseEventWithDeviations(input, options).event;
}

/**
 * `parseEvent`, also returning the deviations it accepted: a subject longer than WorkMail's 256
 * characters (WorkMail's own truncation may count differently), an empty `sender` address (read as
 * no sender). The runtime logs their paths.
 */
export function parseEventWithDeviations(input: unknown, options: ParseEventOptions = {}): ParsedEvent {
  const issues: ValidationIssue[] = [];
  const deviations: ValidationIssue[] = [];
  const add = (path: string, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ path, message });
  };

  if (!isObject(input)) {
    add('', `expected an object, got ${typeName(input)}`);
    throw new EventValidationError(issues);
  }

  /** `empty`: what an empty address means here (an error, the null sender, or no sender at all). */
  const address = (v: unknown, path: string, empty: 'error' | 'null-sender' | 'absent'): EmailAddress | undefined => {
    if (!isObject(v)) {
      add(path, `expected an object with an address, got ${typeName(v)}`);
      return undefined;
    }
    if (typeof v.address !== 'string') {
      add(`${path}.address`, `expected a string, got ${typeName(v.address)}`);
      return undefined;
    }
    const trimmed = v.address.trim();
    if (trimmed !== '' || empty === 'null-sender') return { address: trimmed };
    if (empty === 'error') add(`${path}.address`, 'expected a non-empty address');
    else deviations.push({ path: `${path}.address`, message: 'empty: read as no sender' });
    return undefined;
  };

  const optionalString = (key: string, fallback: string): string => {
    const v = input[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string') {
      add(key, `expected a string, got ${typeName(v)}`);
      return fallback;
    }
    return v;
  };

  let mailFrom: EmailAddress | undefined;
  const recipients: EmailAddress[] = [];
  const envelope = input.envelope;
  if (!isObject(envelope)) {
    add('envelope', envelope === undefined ? 'is required' : `expected an object, got ${typeName(envelope)}`);
  } else {
    mailFrom =
      envelope.mailFrom === undefined
        ? (add('envelope.mailFrom', 'is required'), undefined)
        : address(envelope.mailFrom, 'envelope.mailFrom', 'null-sender');
    const list = envelope.recipients;
    if (!Array.isArray(list)) {
      add('envelope.recipients', list === undefined ? 'is required' : `expected an array, got ${typeName(list)}`);
    } else if (list.length === 0) {
      add('envelope.recipients', 'is empty: there is no recipient to decide for');
    } else {
      list.forEach((r, i) => {
        const a = address(r, `envelope.recipients[${i}]`, 'error');
        if (a) recipients.push(a);
      });
    }
  }

  let sender: EmailAddress | undefined;
  if (input.sender !== undefined && input.sender !== null) sender = address(input.sender, 'sender', 'absent');

  let flowDirection: FlowDirection | undefined;
  const dir = input.flowDirection;
  if (dir === undefined || dir === null) {
    if (options.direction) flowDirection = options.direction;
    else add('flowDirection', 'is required (INBOUND or OUTBOUND); pass options.direction for events that omit it');
  } else if (typeof dir !== 'string' || !(FLOW_DIRECTIONS as readonly string[]).includes(dir)) {
    add('flowDirection', `expected INBOUND or OUTBOUND, got ${typeof dir === 'string' ? JSON.stringify(dir.slice(0, 40)) : typeName(dir)}`);
  } else {
    flowDirection = dir as FlowDirection;
  }

  let truncated = false;
  if (input.truncated !== undefined && input.truncated !== null) {
    if (typeof input.truncated !== 'boolean') add('truncated', `expected a boolean, got ${typeName(input.truncated)}`);
    else truncated = input.truncated;
  }

  // WorkMail never sends more than fits its payload limit (it truncates the list instead, https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html),
  // nor more than 500 outbound recipients (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html): anything beyond is not a WorkMail event.
  const payloadEstimate = recipients.reduce((n, r) => n + Buffer.byteLength(r.address) + 16, 0);
  if (payloadEstimate > LIMITS.maxEventPayloadBytes) {
    add(
      'envelope.recipients',
      `${recipients.length} recipients (about ${payloadEstimate} bytes) exceed the ${LIMITS.maxEventPayloadBytes}-byte event payload limit; WorkMail truncates the list and sets truncated: true`,
    );
  } else if (flowDirection === 'OUTBOUND' && recipients.length > LIMITS.maxOutboundRecipients) {
    add('envelope.recipients', `${recipients.length} recipients exceed the ${LIMITS.maxOutboundRecipients} allowed on outbound messages`);
  }

  const subject = optionalString('subject', '');
  if (subject.length > LIMITS.maxSubjectChars && codePoints(subject) > LIMITS.maxSubjectChars) {
    deviations.push({
      path: 'subject',
      message: `${codePoints(subject)} characters, more than the ${LIMITS.maxSubjectChars} WorkMail sends: kept as given`,
    });
  }
  const messageId = optionalString('messageId', '');
  const invocationId = optionalString('invocationId', '');
  const summaryVersion = optionalString('summaryVersion', '');

  if (issues.length > 0) throw new EventValidationError(issues);
  const event: LambdaEventData = {
    summaryVersion,
    envelope: { mailFrom: mailFrom!, recipients },
    ...(sender ? { sender } : {}),
    subject,
    messageId,
    invocationId,
    flowDirection: flowDirection!,
    truncated,
  };
  return { event, deviations };
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
