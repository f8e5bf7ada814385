/**
 * Jest matchers over an availability answer (the result of replayAvailability, or a response):
 * `expect(result).toBeBusyAt('bob@x.example', '2021-05-04T08:30:00Z')`. Failures print the answer.
 */
import { validateAvailabilityResponse } from '../../workmail/availability/response';
import type { AvailabilityResponse, MailboxAnswer } from '../../workmail/availability/types';
import type { MatcherResult } from '../matchers';

interface MatcherThis {
  isNot?: boolean;
}

function asResponse(received: unknown): { response: AvailabilityResponse; mailboxes?: string[] } {
  const r = received as { response?: unknown; request?: { mailboxes?: unknown }; mailboxes?: unknown };
  const response = (r && typeof r === 'object' && 'response' in r ? r.response : r) as AvailabilityResponse;
  if (!response || typeof response !== 'object' || !Array.isArray(response.mailboxes)) {
    throw new TypeError('availability matchers expect the result of replayAvailability() or a response with `mailboxes`');
  }
  const listed = r.request?.mailboxes;
  return { response, ...(Array.isArray(listed) && listed.every((m) => typeof m === 'string') ? { mailboxes: listed as string[] } : {}) };
}

const entryFor = (response: AvailabilityResponse, mailbox: string): MailboxAnswer | undefined =>
  response.mailboxes.find((m) => m.mailbox?.toLowerCase() === mailbox.toLowerCase());

const show = (response: AvailabilityResponse) => `answer:\n${JSON.stringify(response.mailboxes, null, 2).slice(0, 4000)}`;

function busyMatcher(wantBusy: boolean) {
  return function (this: MatcherThis, received: unknown, mailbox: string, at: string | Date): MatcherResult {
    const { response } = asResponse(received);
    const t = new Date(at).getTime();
    const entry = entryFor(response, mailbox);
    const covering =
      entry && !('error' in entry)
        ? entry.events.filter((e) => e.busyType !== 'FREE' && Date.parse(e.startTime) <= t && t < Date.parse(e.endTime))
        : [];
    const pass = entry !== undefined && !('error' in entry) && covering.length > 0 === wantBusy;
    const state = !entry
      ? 'no entry for that mailbox'
      : 'error' in entry
        ? `error ${entry.error}`
        : covering.length
          ? `busy (${covering.map((e) => e.busyType).join(', ')})`
          : 'free';
    return {
      pass,
      message: () =>
        `expected ${mailbox} ${this.isNot ? 'not ' : ''}to be ${wantBusy ? 'busy' : 'free'} at ${new Date(t).toISOString()}; it is ${state}\n${show(response)}`,
    };
  };
}

export const availabilityMatchers = {
  /** The response is valid (and, for a replay result, answers exactly the requested mailboxes). */
  toBeValidAvailability(this: MatcherThis, received: unknown): MatcherResult {
    const { response, mailboxes } = asResponse(received);
    const problems = validateAvailabilityResponse(response, mailboxes ? { mailboxes } : undefined);
    return {
      pass: problems.length === 0,
      message: () =>
        `expected the availability answer ${this.isNot ? 'not ' : ''}to be valid; problems: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ') || 'none'}`,
    };
  },
  /** The mailbox's entry is an error (with this code, when given). */
  toHaveAvailabilityError(this: MatcherThis, received: unknown, mailbox: string, code?: string): MatcherResult {
    const { response } = asResponse(received);
    const entry = entryFor(response, mailbox);
    const pass = entry !== undefined && 'error' in entry && (code === undefined || entry.error === code);
    const got = !entry ? 'no entry' : 'error' in entry ? `error ${entry.error}` : `${entry.events.length} event(s)`;
    return {
      pass,
      message: () => `expected ${mailbox} ${this.isNot ? 'not ' : ''}to have error ${code ?? '(any)'}; got ${got}\n${show(response)}`,
    };
  },
  /** A BUSY or TENTATIVE event of the mailbox covers the instant. */
  toBeBusyAt: busyMatcher(true),
  /** The mailbox has an answer and no BUSY or TENTATIVE event covers the instant. */
  toBeFreeAt: busyMatcher(false),
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toBeValidAvailability(): R;
      toHaveAvailabilityError(mailbox: string, code?: string): R;
      toBeBusyAt(mailbox: string, at: string | Date): R;
      toBeFreeAt(mailbox: string, at: string | Date): R;
    }
  }
}
