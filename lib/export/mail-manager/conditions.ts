/**
 * Each condition kind as Mail Manager conditions, one entry per kind. A rule's condition becomes a
 * disjunction of clauses, each clause a Mail Manager rule's `Conditions` (all must match) and
 * `Unless` (none may match). Address patterns become string operators only where the meaning is the
 * same: `user@domain` EQUALS, `domain` ENDS_WITH "@domain", `*.domain` ENDS_WITH "@domain" or
 * ".domain". Only X- headers can be tested; content conditions are not expressible.
 */
import type { AddressCondition } from '../../engine/conditions/address';
import type { Condition, ConditionKinds, HeaderCondition, SizeCondition, SubjectCondition, TextMatch } from '../../engine/conditions/index';
import { describeCondition } from '../../engine/conditions/index';
import { MAIL_MANAGER_LIMITS, type MailManagerCondition, type StringAttribute, type StringOperator } from './types';
import { combine, exact, notExported, type Piece } from '../types';

export interface Clause {
  conds: MailManagerCondition[];
  unless: MailManagerCondition[];
}
/** A disjunction of clauses. */
export type Formula = Clause[];

/** More clauses than this and it is not expressible: each clause is a Mail Manager rule, one is kept for `otherwise`. */
const MAX_CLAUSES = MAIL_MANAGER_LIMITS.rules - 1;
const TOO_BIG = `needs more than ${MAX_CLAUSES} Mail Manager rules once written as conditions and Unless lists`;

const atom = (c: MailManagerCondition): Formula => [{ conds: [c], unless: [] }];
const str = (attr: StringAttribute | { header: string }, op: StringOperator, values: string[]): MailManagerCondition[] => {
  const out: MailManagerCondition[] = [];
  for (let i = 0; i < values.length; i += MAIL_MANAGER_LIMITS.valuesPerExpression) {
    const Evaluate = typeof attr === 'string' ? { Attribute: attr } : { MimeHeaderAttribute: attr.header };
    out.push({ StringExpression: { Evaluate, Operator: op, Values: values.slice(i, i + MAIL_MANAGER_LIMITS.valuesPerExpression) } });
  }
  return out;
};

/** AND of formulas: every pair of clauses joined. */
export function and(fs: Formula[]): Piece<Formula> {
  let acc: Formula = [{ conds: [], unless: [] }];
  for (const f of fs) {
    acc = acc.flatMap((a) => f.map((b) => ({ conds: [...a.conds, ...b.conds], unless: [...a.unless, ...b.unless] })));
    if (acc.length > MAX_CLAUSES) return notExported(TOO_BIG);
  }
  return exact(acc);
}

/** NOT of a formula: each clause negated (one of its conditions fails, or one of its Unless holds), all joined. */
export function negate(f: Formula): Piece<Formula> {
  return and(f.map((cl) => [...cl.conds.map((c) => ({ conds: [], unless: [c] })), ...cl.unless.map((u) => ({ conds: [u], unless: [] }))]));
}

/**
 * The clauses made disjoint: each later clause carries the earlier ones, negated, so a message that
 * matches several alternatives is acted on by one Mail Manager rule only (every matching rule runs).
 */
export function disjoint(f: Formula): Piece<Formula> {
  const out: Formula = [];
  for (const [i, cl] of f.entries()) {
    const earlier: Formula[] = [];
    for (const c of f.slice(0, i)) {
      const n = negate([c]);
      if (!n.ok) return n;
      earlier.push(n.value);
    }
    const j = and([[cl], ...earlier]);
    if (!j.ok) return j;
    out.push(...j.value);
    if (out.length > MAX_CLAUSES) return notExported(TOO_BIG);
  }
  return exact(out);
}

function addressFormula(c: AddressCondition, attrs: StringAttribute[]): Piece<Formula> {
  const eq: string[] = [];
  const ends: string[] = [];
  for (const p of c.patterns) {
    if (p.kind === 'address') eq.push(p.value!);
    else if (p.kind === 'domain') ends.push(`@${p.value}`);
    else if (p.kind === 'wildcard') ends.push(`@${p.value}`, `.${p.value}`);
    else if (p.kind === 'star') return notExported(`${describeCondition(c)}: "*" (any address but the null sender) has no string operator`);
    else return notExported(`${describeCondition(c)}: ${p.source} is a RegExp; Mail Manager has no regular expressions`);
  }
  return exact(attrs.flatMap((a) => [...str(a, 'EQUALS', eq), ...str(a, 'ENDS_WITH', ends)].flatMap(atom)));
}

function textFormula(attr: StringAttribute | { header: string }, match: TextMatch, what: string): Piece<Formula> {
  if (match.kind === 'substring') return exact(str(attr, 'CONTAINS', [match.text]).flatMap(atom));
  if (match.kind === 'exact') return exact(str(attr, 'EQUALS', [match.text]).flatMap(atom));
  if (match.kind === 'regexp') return notExported(`${what}: ${String(match.regexp)} is a RegExp; Mail Manager has no regular expressions`);
  return notExported(match.problem);
}

const VERDICT_NOTE = (label: string, name: string) =>
  `${label} reads the ${name} header Amazon SES adds for WorkMail; Mail Manager adds none, so an earlier hop (or an add-on) must`;

type Compile<C> = (c: C, sub: (c: Condition) => Piece<Formula>) => Piece<Formula>;

const MAIL_MANAGER: { [K in keyof ConditionKinds]?: Compile<ConditionKinds[K]> } = {
  mailFrom: (c) => addressFormula(c, ['MAIL_FROM']),
  recipient: (c) => addressFormula(c, ['RECIPIENT']),
  anyRecipient: (c) =>
    notExported(
      `${describeCondition(c)}: Mail Manager's RECIPIENT condition applies the action to the recipients it matches; it has no "some recipient of the message" condition`,
    ),
  sender: (c) => addressFormula(c, ['SENDER']),
  from: (c) => addressFormula(c, ['SENDER', 'MAIL_FROM']),
  subject: (c: SubjectCondition) => textFormula('SUBJECT', c.match, describeCondition(c)),
  header: (c: HeaderCondition) => {
    const what = describeCondition(c);
    const spf = /^authResult\("(spf|dkim)", "(pass|fail)"\)$/.exec(c.label ?? '');
    if (spf) {
      const Attribute = spf[1] === 'spf' ? 'SPF' : 'DKIM';
      return exact(atom({ VerdictExpression: { Evaluate: { Attribute }, Operator: 'EQUALS', Values: [spf[2]!.toUpperCase()] } }), [
        `${what} becomes Mail Manager's own ${Attribute} verdict instead of the Authentication-Results header`,
      ]);
    }
    if (!MAIL_MANAGER_LIMITS.mimeHeader.test(c.name)) return notExported(`${what}: Mail Manager tests only X- headers, not ${c.name}`);
    if (c.match === undefined) return notExported(`${what}: Mail Manager cannot test whether a header exists`);
    const f = textFormula({ header: c.name }, c.match, what);
    return f.ok && /^(spam|virus)Verdict\(/.test(c.label ?? '') ? exact(f.value, [VERDICT_NOTE(c.label!, c.name)]) : f;
  },
  sizeOver: (c: SizeCondition) =>
    exact(atom({ NumberExpression: { Evaluate: { Attribute: 'MESSAGE_SIZE' }, Operator: 'GREATER_THAN', Value: Math.floor(c.bytes) } })),
  all: (c, sub) => {
    const parts = combine(c.conditions.map(sub), (v) => v);
    return parts.ok ? withDifferences(and(parts.value), parts.differences) : parts;
  },
  any: (c, sub) => combine(c.conditions.map(sub), (v) => v.flat()),
  not: (c, sub) => {
    const inner = sub(c.condition);
    return inner.ok ? withDifferences(negate(inner.value), inner.differences) : inner;
  },
  body: (c) => notExported(`${describeCondition(c)}: Mail Manager rules cannot read the message body`),
  attachment: (c) => notExported(`${describeCondition(c)}: Mail Manager rules cannot read attachments`),
  custom: (c) => notExported(`custom(${JSON.stringify(c.name)}) is JavaScript: Mail Manager cannot run it`),
};

function withDifferences(p: Piece<Formula>, differences: string[]): Piece<Formula> {
  return p.ok ? exact(p.value, [...p.differences, ...differences]) : p;
}

/** The Mail Manager formula for a condition, or why there is none. */
export function mailManagerFormula(c: Condition): Piece<Formula> {
  const compile = (MAIL_MANAGER as Record<string, Compile<Condition> | undefined>)[c.kind];
  if (compile === undefined) return notExported(`${describeCondition(c)}: no Mail Manager form for the condition kind "${c.kind}"`);
  const f = compile(c, mailManagerFormula);
  return f.ok && f.value.length > MAX_CLAUSES ? notExported(TOO_BIG) : f;
}
