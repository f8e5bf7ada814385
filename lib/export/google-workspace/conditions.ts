/**
 * Our conditions as the expressions of a Google Workspace setting: Advanced content match (a
 * Location, a Match type, a value), Metadata match (message size), attachment facts, or Gmail's own
 * spam, malware and DMARC handling for Amazon SES's verdict headers. Google joins a setting's
 * expressions with ALL or with ANY (not both), and negates only a text or regex match and the size.
 */
import type { AddressCondition } from '../../engine/conditions/address';
import type { HeaderCondition } from '../../engine/conditions/header';
import type { Condition, ConditionKinds, TextMatch } from '../../engine/conditions/index';
import { describeCondition } from '../../engine/conditions/index';
import { combine, exact, notExported, type Piece } from '../types';
import { attachmentFormula } from './attachments';
import { re2Alone, re2Inside, re2Literal, toRe2 } from './regex';
import type { Expr, Formula, Location, MatchType } from './types';

const one = (e: Expr, differences: string[] = []): Piece<Formula> => exact({ join: 'ALL', exprs: [e] }, differences);
const content = (location: Location, match: MatchType, value: string, differences: string[] = []) =>
  one({ kind: 'content', location, match, value }, differences);

export const FROM_NOTE =
  'from(): Google tests the envelope sender; WorkMail tests the Sender header (mail sent on behalf) first, then the envelope sender';
export const PER_MESSAGE =
  'Google applies a setting to the message, not to each recipient: when only some recipients match, the others get the same action (WorkMail decides per recipient)';

/** The address patterns as one case-insensitive RE2 pattern over the whole address. */
export function addressRegex(c: AddressCondition): Piece<string> {
  const alts: string[] = [];
  for (const p of c.patterns) {
    if (p.kind === 'address') alts.push(`^${re2Literal(p.value!)}$`);
    else if (p.kind === 'domain') alts.push(`@${re2Literal(p.value!)}$`);
    else if (p.kind === 'wildcard') alts.push(`[@.]${re2Literal(p.value!)}$`);
    else if (p.kind === 'star') alts.push('.');
    else if (p.kind === 'regexp') {
      const r = toRe2(p.regexp!);
      if (!r.ok) return notExported(`${describeCondition(c)}: ${r.reason}`);
      alts.push(re2Inside(r.value));
    } else return notExported(`${describeCondition(c)}: ${p.problem ?? 'an invalid pattern'}`);
  }
  return exact(alts.length === 1 ? `(?i)${alts[0]}` : `(?i)(?:${alts.join('|')})`);
}

const address =
  (location: Location, differences: string[] = []) =>
  (c: AddressCondition) => {
    const r = addressRegex(c);
    return r.ok ? content(location, 'Matches regex', r.value, differences) : r;
  };

/** A text match as a match type and value (a string is case-insensitive "Contains text"). */
export function textExpr(location: Location, m: TextMatch, what: string, differences: string[] = []): Piece<Formula> {
  if (m.kind === 'substring') return content(location, 'Contains text', m.text, differences);
  if (m.kind === 'exact') return content(location, 'Matches regex', `(?i)^\\s*${re2Literal(m.text)}\\s*$`, differences);
  if (m.kind === 'invalid') return notExported(m.problem);
  const r = toRe2(m.regexp);
  return r.ok ? content(location, 'Matches regex', re2Alone(r.value), differences) : notExported(`${what}: ${r.reason}`);
}

const HEADER_NOTE = (what: string) =>
  `${what}: Google matches the header line as written in the full headers (encoded words not decoded, a folded value on several lines), WorkMail the decoded value`;

function headerFormula(c: HeaderCondition): Piece<Formula> {
  const what = describeCondition(c);
  const name = c.name.toLowerCase();
  const fail = c.match?.kind === 'exact' && c.match.text === 'fail';
  if (name === 'x-ses-virus-verdict' && fail) return one({ kind: 'builtin', id: 'virus' });
  if (name === 'x-ses-spam-verdict' && fail) return one({ kind: 'builtin', id: 'spam' });
  if (name.startsWith('x-ses-')) return notExported(`${what}: Amazon SES writes this header, Google does not`);
  if (name === 'authentication-results' && c.authservId === 'amazonses.com')
    return /^authResult\("dmarc", "fail"\)$/.test(what)
      ? one({ kind: 'builtin', id: 'dmarc' })
      : notExported(`${what}: Google writes its own Authentication-Results (mx.google.com), not Amazon SES's`);
  const head = `(?im)^${re2Literal(c.name)}:`;
  const m = c.match;
  if (m === undefined) return content('Full headers', 'Matches regex', head);
  if (m.kind === 'invalid') return notExported(m.problem);
  let tail: string;
  if (m.kind === 'substring') tail = `.*${re2Literal(m.text)}`;
  else if (m.kind === 'exact') tail = `[ \\t]*${re2Literal(m.text)}[ \\t]*$`;
  else {
    const r = toRe2(m.regexp);
    if (!r.ok) return notExported(`${what}: ${r.reason}`);
    tail = `[ \\t]*${re2Inside(r.value)}`;
  }
  return content('Full headers', 'Matches regex', head + tail, [HEADER_NOTE(what)]);
}

const NEGATED: Record<MatchType, MatchType> = {
  'Contains text': 'Not contains text',
  'Not contains text': 'Contains text',
  'Matches regex': 'Not matches regex',
  'Not matches regex': 'Matches regex',
};

/** not(): each expression negated and the join flipped (De Morgan); text, regex and size only. */
function negate(f: Formula, what: string): Piece<Formula> {
  const exprs: Expr[] = [];
  for (const e of f.exprs) {
    if (e.kind === 'content') exprs.push({ ...e, match: NEGATED[e.match] });
    else if (e.kind === 'size') exprs.push({ ...e, over: !e.over });
    else return notExported(`${what}: Google negates only a text or regex match and the message size`);
  }
  return exact({ join: exprs.length === 1 ? 'ALL' : f.join === 'ALL' ? 'ANY' : 'ALL', exprs });
}

/** all() / any(): the parts' expressions in one list, when each part joins the same way (or has one). */
function join(kind: 'ALL' | 'ANY', parts: Piece<Formula>[], what: string): Piece<Formula> {
  const all = combine(parts, (v) => v);
  if (!all.ok) return all;
  if (all.value.some((f) => f.exprs.length > 1 && f.join !== kind))
    return notExported(`${what}: Google joins a setting's expressions with ALL or with ANY, not both (split the rule in two)`);
  return exact({ join: kind, exprs: all.value.flatMap((f) => f.exprs) }, all.differences);
}

type Compile<C> = (c: C, sub: (c: Condition) => Piece<Formula>) => Piece<Formula>;

const GOOGLE: { [K in keyof ConditionKinds]?: Compile<ConditionKinds[K]> } = {
  from: address('Envelope sender', [FROM_NOTE]),
  mailFrom: address('Envelope sender'),
  recipient: address('Envelope recipient', [`recipient(): ${PER_MESSAGE}`]),
  anyRecipient: address('Envelope recipient'),
  sender: (c) => notExported(`${describeCondition(c)}: Google has no condition on the Sender header's address`),
  nullSender: () =>
    content('Envelope sender', 'Not matches regex', '.', ['nullSender(): Google shows the null sender as an empty envelope sender']),
  subject: (c) => textExpr('Subject', c.match, describeCondition(c)),
  body: (c) =>
    textExpr('Body', c.match, describeCondition(c), [
      `${describeCondition(c)}: Google searches the body as it renders it (HTML parts as text), WorkMail the text parts`,
    ]),
  header: (c) => headerFormula(c),
  attachment: (c) => attachmentFormula(c),
  sizeOver: (c) => {
    const mb = Math.max(1, Math.round(c.bytes / 2 ** 20));
    return one({ kind: 'size', over: true, mb }, [`sizeOver(${c.bytes}): Google compares the message size in whole MB (${mb} MB)`]);
  },
  all: (c, sub) => join('ALL', c.conditions.map(sub), describeCondition(c)),
  any: (c, sub) => join('ANY', c.conditions.map(sub), describeCondition(c)),
  not: (c, sub) => {
    const inner = sub(c.condition);
    if (!inner.ok) return inner;
    const n = negate(inner.value, describeCondition(c));
    return n.ok ? exact(n.value, inner.differences) : n;
  },
  custom: (c) => notExported(`custom(${JSON.stringify(c.name)}) is JavaScript: Google Workspace settings cannot run it`),
};

export function googleFormula(c: Condition): Piece<Formula> {
  const compile = (GOOGLE as Record<string, Compile<Condition> | undefined>)[c.kind];
  if (compile === undefined) return notExported(`${describeCondition(c)}: no Google Workspace expression for the kind "${c.kind}"`);
  return compile(c, googleFormula);
}
