/**
 * The address kinds: WorkMail address patterns (../patterns.ts) tested against one address, ranked by
 * the most specific pattern matched. `from`: the on-behalf `sender`, else `envelope.mailFrom`
 * (WorkMail's sender matching); `mailFrom`, `sender`: that address only; `recipient`: the recipient
 * being decided (unknown for the residual; its patterns feed the recipient index); `anyRecipient`: some
 * recipient of the event's envelope (the same for every recipient, so usable in a rewrite's `when`;
 * unknown when none listed matches and the event was truncated). The null sender
 * (`MAIL FROM:<>`, RFC 5321 §4.5.5: bounces) matches no pattern, not even `*`: `nullSender()` tests it.
 */
import { compilePattern, matchRank, prepare, RANK, type AddressPattern, type CompiledPattern, type Prepared } from '../patterns';
import { defineConditionKind, FALSE, outcome, UNKNOWN, type ConditionKind, type Evaluation, type Outcome } from './kind';

export type AddressField = 'from' | 'mailFrom' | 'sender' | 'recipient' | 'anyRecipient';

export interface AddressCondition<K extends AddressField = AddressField> {
  kind: K;
  patterns: CompiledPattern[];
}
declare module './types' {
  interface ConditionKinds {
    from: AddressCondition<'from'>;
    mailFrom: AddressCondition<'mailFrom'>;
    sender: AddressCondition<'sender'>;
    recipient: AddressCondition<'recipient'>;
    anyRecipient: AddressCondition<'anyRecipient'>;
    nullSender: NullSenderCondition;
  }
}

export interface NullSenderCondition {
  kind: 'nullSender';
}

const addressCondition = <K extends AddressField>(kind: K, patterns: AddressPattern[]): AddressCondition<K> => ({
  kind,
  patterns: patterns.map(compilePattern),
});

/** The `sender` (if present and matching) or else `envelope.mailFrom` matches any pattern. */
export const from = (...patterns: AddressPattern[]) => addressCondition('from', patterns);

/** `envelope.mailFrom.address` matches any pattern. */
export const mailFrom = (...patterns: AddressPattern[]) => addressCondition('mailFrom', patterns);

/** The on-behalf `sender.address` is present and matches any pattern. */
export const sender = (...patterns: AddressPattern[]) => addressCondition('sender', patterns);

/** The recipient being decided matches any pattern. */
export const recipient = (...patterns: AddressPattern[]) => addressCondition('recipient', patterns);

/**
 * Some recipient of the event (its envelope recipients) matches any pattern: one answer for the whole
 * message, so it works where `recipient()` is unknown, as in a rewrite's `when`.
 */
export const anyRecipient = (...patterns: AddressPattern[]) => addressCondition('anyRecipient', patterns);

/** The message has the null sender (an empty MAIL FROM: a bounce or delivery report). */
export const nullSender = (): NullSenderCondition => ({ kind: 'nullSender' });

/** Match an address against the patterns: true with the best rank, or false. */
function matchAddress(c: AddressCondition, a: Prepared | undefined): Outcome {
  const r = a === undefined ? undefined : matchRank(c.patterns, a);
  return r === undefined ? FALSE : { value: true, rank: r };
}

/** The description of an address kind; `test` reads the address(es) it is about. */
function defineAddressKind<K extends AddressField>(
  kind: K,
  test: (c: AddressCondition<K>, ev: Evaluation) => Outcome,
  extra: Partial<ConditionKind<AddressCondition<K>>> = {},
): void {
  defineConditionKind<AddressCondition<K>>({
    kind,
    problems: (c) =>
      c.patterns.length === 0
        ? [`${kind}() needs at least one pattern`]
        : c.patterns.filter((p) => p.kind === 'invalid').map((p) => `${kind}(${JSON.stringify(p.source)}): ${p.problem}`),
    regexps: (c) => c.patterns.flatMap((p) => (p.regexp ? [p.regexp] : [])),
    rank: (c) => Math.max(RANK.none, ...c.patterns.map((p) => p.rank)),
    describe: (c) => `${kind}(${c.patterns.map((p) => JSON.stringify(p.source)).join(', ')})`,
    evaluate: test,
    ...extra,
  } as ConditionKind<AddressCondition<K>>);
}

defineAddressKind('from', (c, ev) => {
  const bySender = matchAddress(c, ev.address('sender'));
  return bySender.value ? bySender : matchAddress(c, ev.address('mailFrom'));
});
defineAddressKind('mailFrom', (c, ev) => matchAddress(c, ev.address('mailFrom')));
defineAddressKind('sender', (c, ev) => matchAddress(c, ev.address('sender')));
defineAddressKind('recipient', (c, ev) => (ev.ctx.recipient === undefined ? UNKNOWN : matchAddress(c, ev.address('recipient'))), {
  dependsOnRecipient: () => true,
  recipientPatterns: (c) => c.patterns,
});
defineAddressKind('anyRecipient', (c, ev) => {
  let best: Outcome = FALSE;
  for (const r of ev.ctx.event.envelope.recipients) {
    const m = matchAddress(c, prepare(r.address));
    if (m.value && m.rank > best.rank) best = m;
  }
  if (best.value || !ev.ctx.event.truncated) return best;
  ev.note('the event was truncated: anyRecipient() matched no listed recipient, and the unlisted ones are unknown');
  return UNKNOWN;
});
defineConditionKind<NullSenderCondition>({
  kind: 'nullSender',
  describe: () => 'nullSender()',
  evaluate: (_c, ev) => outcome(ev.ctx.event.envelope.mailFrom.address.trim() === ''),
});
