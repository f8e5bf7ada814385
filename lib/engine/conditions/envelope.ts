/**
 * Envelope conditions: decided from the event alone, no message needed.
 *
 * - `from(...)`: WorkMail's sender matching (reference §4.5): the `sender` address (on-behalf
 *   sending) is matched first; `envelope.mailFrom` when there is no sender or it matches no pattern.
 * - `mailFrom(...)`, `sender(...)`: only that field (`sender` is false when the event has none).
 * - `recipient(...)`: the recipient being decided; unknown when deciding the residual.
 * - `subject(text | RegExp)`: the event's subject (WorkMail cuts it at 256 characters).
 */
import { bestMatch, compilePattern, type AddressPattern } from '../patterns';
import { toTextMatch, testText } from './text';
import type { AddressCondition, AddressField, ConditionContext, SubjectCondition } from './types';

function address(kind: AddressField, patterns: AddressPattern[]): AddressCondition {
  return { kind, patterns: patterns.map(compilePattern) };
}

/** The `sender` (if present and matching) or else `envelope.mailFrom` matches any pattern. */
export const from = (...patterns: AddressPattern[]): AddressCondition => address('from', patterns);
/** `envelope.mailFrom.address` matches any pattern. */
export const mailFrom = (...patterns: AddressPattern[]): AddressCondition => address('mailFrom', patterns);
/** The on-behalf `sender.address` is present and matches any pattern. */
export const sender = (...patterns: AddressPattern[]): AddressCondition => address('sender', patterns);
/** The recipient being decided matches any pattern. */
export const recipient = (...patterns: AddressPattern[]): AddressCondition => address('recipient', patterns);
/** The subject contains `text` (case-insensitive), or matches the RegExp. */
export const subject = (text: string | RegExp): SubjectCondition => ({ kind: 'subject', match: toTextMatch(text, 'subject()') });

/** Outcome of an address condition: its truth and the rank of the most specific matched pattern. */
export interface AddressOutcome { value: boolean | undefined; rank: number }

export function evalAddress(c: AddressCondition, ctx: ConditionContext): AddressOutcome {
  const { event } = ctx;
  switch (c.kind) {
    case 'from': {
      const s = event.sender?.address;
      const bySender = s === undefined ? undefined : bestMatch(c.patterns, s);
      if (bySender !== undefined) return { value: true, rank: bySender };
      const byFrom = bestMatch(c.patterns, event.envelope.mailFrom.address);
      return byFrom === undefined ? { value: false, rank: 0 } : { value: true, rank: byFrom };
    }
    case 'mailFrom': {
      const r = bestMatch(c.patterns, event.envelope.mailFrom.address);
      return r === undefined ? { value: false, rank: 0 } : { value: true, rank: r };
    }
    case 'sender': {
      const s = event.sender?.address;
      const r = s === undefined ? undefined : bestMatch(c.patterns, s);
      return r === undefined ? { value: false, rank: 0 } : { value: true, rank: r };
    }
    case 'recipient': {
      if (ctx.recipient === undefined) return { value: undefined, rank: 0 };
      const r = bestMatch(c.patterns, ctx.recipient);
      return r === undefined ? { value: false, rank: 0 } : { value: true, rank: r };
    }
  }
}

export function evalSubject(c: SubjectCondition, ctx: ConditionContext): boolean {
  return testText(c.match, ctx.event.subject ?? '');
}
