/**
 * Which Admin console setting carries a rule: Blocked senders or the Spam approved-senders list for a
 * plain sender list, Attachment compliance for attachments, Objectionable content for words in the
 * subject or body, Routing for envelope-only conditions that copy or quarantine, else Content
 * compliance; and the lines that say what to match.
 */
import type { AddressCondition } from '../../engine/conditions/address';
import type { Condition } from '../../engine/conditions/index';
import type { CompiledRule } from '../../engine/rules';
import { mdValue } from './markdown';
import type { Expr, Formula, SettingId } from './types';

/** A single from()/mailFrom() of plain addresses and domains, for the sender lists. */
export function senderList(c: Condition | undefined): { patterns: string[]; from: boolean } | undefined {
  if (c === undefined || (c.kind !== 'from' && c.kind !== 'mailFrom')) return undefined;
  const ps = (c as AddressCondition).patterns;
  if (!ps.every((p) => p.kind === 'address' || p.kind === 'domain')) return undefined;
  return { patterns: ps.map((p) => p.value!), from: c.kind === 'from' };
}

/** Words searched for in the subject and in the body alike: any(subject(w), body(w), …). */
function objectionable(f: Formula): string[] | undefined {
  if (f.join !== 'ANY' || f.exprs.length < 2) return undefined;
  const words = (loc: string) =>
    f.exprs.flatMap((e) => (e.kind === 'content' && e.location === loc && e.match === 'Contains text' ? [e.value] : []));
  const s = words('Subject');
  const b = words('Body');
  const same = s.length + b.length === f.exprs.length && s.length === b.length && s.every((w) => b.includes(w));
  return same ? s : undefined;
}

const envelopeOnly = (f: Formula) =>
  f.exprs.every((e) => e.kind === 'content' && e.location.startsWith('Envelope') && e.match === 'Matches regex') &&
  (f.join === 'ALL' || f.exprs.length <= 1) &&
  ['Envelope sender', 'Envelope recipient'].every((l) => f.exprs.filter((e) => e.kind === 'content' && e.location === l).length <= 1);

export function pickSetting(rule: CompiledRule, rest: Condition | undefined, f: Formula, inbound: boolean): SettingId {
  const t = rule.then.type;
  if (t === 'DEFAULT' && rule.copyTo.length === 0) return 'none';
  if (f.exprs.some((e) => e.kind === 'builtin')) return 'built in';
  if (f.exprs.some((e) => e.kind === 'file')) return 'Attachment compliance';
  if (inbound && rule.copyTo.length === 0 && senderList(rest)) {
    if (t === 'BOUNCE') return 'Blocked senders';
    if (t === 'BYPASS_SPAM_CHECK') return 'Spam';
  }
  if (objectionable(f)) return 'Objectionable content';
  if (f.exprs.length === 0 || (envelopeOnly(f) && (rule.copyTo.length > 0 || t === 'DROP'))) return 'Routing';
  return 'Content compliance';
}

function exprLine(e: Expr): string {
  if (e.kind === 'content') return `Advanced content match: Location ${e.location}, Match type ${e.match}, ${mdValue(e.value)}`;
  if (e.kind === 'size') return `Metadata match: Message size ${e.over ? 'greater than' : 'less than'} ${e.mb} MB`;
  if (e.kind === 'file') return `${e.what}: ${e.match} ${mdValue(e.value)}`;
  return e.id;
}

/** What to match, as Markdown lines for the setting. */
export function conditionLines(setting: SettingId, rest: Condition | undefined, f: Formula): string[] {
  if (setting === 'Blocked senders' || setting === 'Spam') {
    const list = senderList(rest)!.patterns.map(mdValue).join(', ');
    return [`${setting === 'Spam' ? 'Approved senders' : 'Blocked senders'}: an address list with ${list}`];
  }
  if (setting === 'Objectionable content') return [`Custom objectionable words: ${objectionable(f)!.map(mdValue).join(', ')}`];
  if (setting === 'Routing') {
    if (f.exprs.length === 0) return ['No envelope filter: every message'];
    return f.exprs.map((e) => {
      const c = e as Extract<Expr, { kind: 'content' }>;
      return `Envelope filter: Only affect specific envelope ${c.location === 'Envelope sender' ? 'senders' : 'recipients'}, Pattern match ${mdValue(c.value)}`;
    });
  }
  if (f.exprs.length === 0) return [];
  return [`If ${f.join} of the following match the message:`, ...f.exprs.map(exprLine)];
}

/** What differs in the sender lists. */
export function listDifferences(setting: SettingId, rest: Condition | undefined): string[] {
  if (setting !== 'Blocked senders' && setting !== 'Spam') return [];
  const l = senderList(rest)!;
  return [
    `${l.from ? 'from()' : 'mailFrom()'}: the ${setting === 'Spam' ? 'approved' : 'blocked'} senders list tests the sender's address as Google sees it (From header and envelope sender)${l.from ? '; WorkMail tests the Sender header first, then the envelope sender' : ''}`,
    ...(l.patterns.some((p) => !p.includes('@'))
      ? [
          "a domain entry: check with a test message whether Google also applies it to subdomains (WorkMail's domain pattern matches that domain only)",
        ]
      : []),
    ...(setting === 'Spam'
      ? ['keep "Require sender authentication" ticked, so a forged sender does not bypass the spam filter (WorkMail trusts the address)']
      : []),
  ];
}
