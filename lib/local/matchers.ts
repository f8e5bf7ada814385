/**
 * Jest matchers over a replay result: `expect(result).toBounce('a@example.com')`. Each failure
 * message carries the decision table.
 */
import type { ActionType } from '../workmail/types';
import { decisionFor, decisionTable, type ReplayDecision } from './decisions';

interface ResultLike {
  decisions: ReplayDecision[];
  rewritten?: Buffer | null;
  original?: Buffer;
  fallbackReason?: string;
  /** The event's recipients (replay() sets them); an address that is none of them is never judged. */
  recipients?: string[];
  notes?: string[];
  rewrite?: { status: string; reason?: string };
}

interface MatcherThis {
  isNot?: boolean;
}

export interface MatcherResult {
  pass: boolean;
  message(): string;
}

function asResult(received: unknown): ResultLike {
  if (!received || typeof received !== 'object' || !Array.isArray((received as ResultLike).decisions)) {
    throw new TypeError('workmail matchers expect the result of replay(): an object with `decisions`');
  }
  return received as ResultLike;
}

/** The decision table, then the notes and the rewrite's outcome and reason: why a content rule did not act. */
function table(r: ResultLike): string {
  const lines = [`decisions:\n${decisionTable(r.decisions)}`];
  if (r.fallbackReason) lines.push(`(the handler answered with its fallback: ${r.fallbackReason})`);
  for (const n of r.notes ?? []) lines.push(`note: ${n}`);
  if (r.rewrite) lines.push(`rewrite: ${r.rewrite.status}${r.rewrite.reason ? ` (${r.rewrite.reason})` : ''}`);
  return lines.join('\n');
}

/** Set when `address` is neither a recipient of the event nor an added copy: the `*` residual would vouch for any address. */
function stranger(r: ResultLike, address: string): string | undefined {
  if (!r.recipients) return undefined;
  const a = address.toLowerCase();
  if (r.recipients.some((x) => x.toLowerCase() === a) || r.decisions.some((d) => d.recipient !== '*' && d.recipient.toLowerCase() === a)) {
    return undefined;
  }
  return `${address} is not a recipient of the event (recipients: ${r.recipients.join(', ') || 'none'}), so this says nothing: check the address`;
}

function actionMatcher(type: ActionType, verb: string) {
  return function (this: MatcherThis, received: unknown, address: string, bounceMessage?: string): MatcherResult {
    const r = asResult(received);
    const notRecipient = stranger(r, address);
    // Fails both ways: `expect(r).toDeliver(x)` and `expect(r).not.toDeliver(x)` (jest inverts `pass` for .not).
    if (notRecipient) return { pass: this.isNot === true, message: () => `${notRecipient}\n${table(r)}` };
    const d = decisionFor(r.decisions, address);
    const typeOk = d?.action === type;
    const messageOk = bounceMessage === undefined || d?.bounceMessage === bounceMessage;
    const pass = typeOk && messageOk;
    const want = `${verb} ${address}${bounceMessage !== undefined ? ` with bounce message "${bounceMessage}"` : ''}`;
    const got = d
      ? `${d.action}${d.bounceMessage !== undefined ? ` "${d.bounceMessage}"` : ''} (${d.recipient === '*' ? 'via *' : 'listed'}, rule ${d.rule ?? '-'})`
      : 'no decision for that address';
    return {
      pass,
      message: () => `expected the handler ${this.isNot ? 'not ' : ''}to ${want}; got ${got}\n${table(r)}`,
    };
  };
}

export const workmailMatchers = {
  toBounce: actionMatcher('BOUNCE', 'bounce'),
  toDrop: actionMatcher('DROP', 'drop'),
  toDeliver: actionMatcher('DEFAULT', 'deliver (DEFAULT)'),
  toJunk: actionMatcher('MOVE_TO_JUNK', 'move to junk'),
  toBypassSpam: actionMatcher('BYPASS_SPAM_CHECK', 'bypass the spam check for'),
  toBeRewritten(this: MatcherThis, received: unknown): MatcherResult {
    const r = asResult(received);
    const pass = Buffer.isBuffer(r.rewritten);
    const sizes = pass && r.original ? ` (${r.original.length} → ${r.rewritten!.length} bytes)` : '';
    return {
      pass,
      message: () =>
        `expected the message ${this.isNot ? 'not ' : ''}to be rewritten; it was ${pass ? '' : 'not '}rewritten${sizes}\n${table(r)}`,
    };
  },
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The recipient (or the `*` residual covering it) is bounced, optionally with this bounce message. */
      toBounce(address: string, bounceMessage?: string): R;
      toDrop(address: string): R;
      /** DEFAULT: normal delivery. */
      toDeliver(address: string): R;
      /** MOVE_TO_JUNK. */
      toJunk(address: string): R;
      /** BYPASS_SPAM_CHECK. */
      toBypassSpam(address: string): R;
      /** The handler replaced the message through PutRawMessageContent. */
      toBeRewritten(): R;
    }
  }
}
