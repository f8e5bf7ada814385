/** Validating parser for CAP requests, and the helpers the response validator shares. */
import { WorkMailRulesError, type ValidationIssue } from '../errors';
import type { AvailabilityRequest, AvailabilityRequester } from './types';

export const CAP_DOCS_URL = 'https://docs.aws.amazon.com/workmail/latest/adminguide/building_cap.html';
/** Report at most this many problems, so a huge broken request stays a readable error. */
const MAX_ISSUES = 50;

/** A CAP request or response is not valid. `issues` lists every problem with its JSON path. */
export class AvailabilityValidationError extends WorkMailRulesError {
  readonly code = 'AVAILABILITY_VALIDATION' as const;
  override readonly name = 'AvailabilityValidationError';
  constructor(
    readonly issues: ValidationIssue[],
    what = 'availability request',
  ) {
    super(
      `Invalid WorkMail ${what} (${issues.length} problem${issues.length === 1 ? '' : 's'}): ` +
        issues
          .slice(0, 10)
          .map((i) => `${i.path || '(root)'}: ${i.message}`)
          .join('; ') +
        (issues.length > 10 ? `; and ${issues.length - 10} more` : '') +
        `. The format is described at ${CAP_DOCS_URL}`,
    );
  }
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An issue list that stops growing at MAX_ISSUES. */
export function issueList(): { issues: ValidationIssue[]; add(path: string, message: string): void } {
  const issues: ValidationIssue[] = [];
  return {
    issues,
    add: (path, message) => {
      if (issues.length < MAX_ISSUES) issues.push({ path, message });
    },
  };
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** The instant of an RFC 3339 date-time (`Z` or an offset), or undefined when it is not one. */
export function parseRfc3339(text: string): Date | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 60) return undefined;
  if (m[9] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return undefined;
  const ms = Date.parse(text.toUpperCase());
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * Validates an unknown value as a CAP request. Throws AvailabilityValidationError listing every
 * problem. Mailboxes are kept exactly as sent (never trimmed or case-folded: the answer names each
 * one as WorkMail spelled it), in order, duplicates included (the answer has one entry per requested
 * mailbox); an empty or blank one makes the request invalid. Unknown extra fields are ignored.
 */
export function parseAvailabilityRequest(input: unknown): AvailabilityRequest {
  const { issues, add } = issueList();
  if (!isObject(input)) {
    add('', `expected an object, got ${typeName(input)}`);
    throw new AvailabilityValidationError(issues);
  }
  const text = (obj: Record<string, unknown>, key: string, at: string, required: boolean): string | undefined => {
    const v = obj[key];
    if (v === undefined && !required) return undefined;
    if (v === undefined) add(at, 'is required');
    else if (typeof v !== 'string') add(at, `expected a string, got ${typeName(v)}`);
    else if (v.trim() === '' && required) add(at, 'expected a non-empty string');
    else return v;
    return undefined;
  };

  const r = input.requester;
  let requester: AvailabilityRequester | undefined;
  if (!isObject(r)) add('requester', r === undefined ? 'is required' : `expected an object, got ${typeName(r)}`);
  else {
    const email = text(r, 'email', 'requester.email', true);
    const userName = text(r, 'userName', 'requester.userName', true);
    const organization = text(r, 'organization', 'requester.organization', true);
    const userId = text(r, 'userId', 'requester.userId', true);
    const origin = text(r, 'origin', 'requester.origin', false);
    const bearer = text(r, 'bearer', 'requester.bearer', false);
    if (organization !== undefined && !/^m-[0-9a-f]{32}$/.test(organization))
      add(
        'requester.organization',
        `expected an organization id like m-0123456789abcdef0123456789abcdef, got ${JSON.stringify(organization.slice(0, 80))}`,
      );
    requester = {
      email: email ?? '',
      userName: userName ?? '',
      organization: organization ?? '',
      userId: userId ?? '',
      ...(origin !== undefined ? { origin } : {}),
      ...(bearer !== undefined ? { bearer } : {}),
    };
  }

  const list = input.mailboxes;
  const mailboxes: string[] = [];
  if (!Array.isArray(list)) add('mailboxes', list === undefined ? 'is required' : `expected an array of addresses, got ${typeName(list)}`);
  else {
    list.forEach((m, i) => {
      if (typeof m !== 'string') add(`mailboxes[${i}]`, `expected a string, got ${typeName(m)}`);
      else if (m.trim() === '') add(`mailboxes[${i}]`, 'expected a non-empty address');
      else mailboxes.push(m);
    });
  }

  const w = input.window;
  let start: Date | undefined;
  let end: Date | undefined;
  if (!isObject(w)) add('window', w === undefined ? 'is required' : `expected an object, got ${typeName(w)}`);
  else {
    const date = (key: 'startDate' | 'endDate'): Date | undefined => {
      const v = text(w, key, `window.${key}`, true);
      if (v === undefined) return undefined;
      const d = parseRfc3339(v);
      if (!d)
        add(
          `window.${key}`,
          `expected an RFC 3339 date-time such as 2021-05-04T00:00:00Z or 2021-05-04T00:00:00+00:00, got ${JSON.stringify(v.slice(0, 80))}`,
        );
      return d;
    };
    start = date('startDate');
    end = date('endDate');
    if (start && end && end.getTime() <= start.getTime()) add('window.endDate', `must be after window.startDate (${String(w.startDate)})`);
  }

  if (issues.length > 0) throw new AvailabilityValidationError(issues);
  const win = w as { startDate: string; endDate: string };
  return { requester: requester!, mailboxes, window: { startDate: win.startDate, endDate: win.endDate, start: start!, end: end! } };
}
