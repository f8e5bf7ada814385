/**
 * Our conditions as Exchange Online transport-rule predicates (New-TransportRule). A rule's condition
 * becomes a disjunction of clauses; each clause is one transport rule: its conditions must all hold
 * (several values of one condition are alternatives) and none of its exceptions (`ExceptIf…`) may.
 * Patterns are .NET regular expressions, matched case-insensitively anywhere in the value; ours are
 * written so they mean the same: escaped text, anchored addresses, a checked RegExp subset.
 */
import type { AddressCondition } from '../../engine/conditions/address';
import type { Condition, ConditionKinds, TextMatch } from '../../engine/conditions/index';
import { describeCondition } from '../../engine/conditions/index';
import { toPosix } from '../regex';
import { combine, exact, notExported, type Piece } from '../types';

/** One predicate: a parameter name (without ExceptIf) and its values, alternatives. */
export interface Predicate {
  param: string;
  values: string[];
  /** The header name of HeaderMatchesPatterns (HeaderMatchesMessageHeader). */
  header?: string;
  /** SenderAddressLocation the predicate needs (From…: Header, HeaderOrEnvelope or Envelope). */
  location?: 'Header' | 'Envelope' | 'HeaderOrEnvelope';
}

export interface Clause {
  conds: Predicate[];
  excepts: Predicate[];
}
export type Formula = Clause[];

const MAX_CLAUSES = 50;
const escapeRegex = (s: string) =>
  s.replace(/[\\^$.|?*+()[\]{}#\s-]/g, (c) =>
    c === ' ' ? '\\ ' : /\s/.test(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : `\\${c}`,
  );
export { escapeRegex };

const one = (p: Predicate): Piece<Formula> => exact([{ conds: [p], excepts: [] }]);

/** A JavaScript RegExp as a .NET pattern: only the subset that also translates to POSIX (no lookbehind, no named groups, no flags but i). */
function regexPattern(re: RegExp, what: string): Piece<string> {
  const posix = toPosix(re);
  if (!posix.ok) return notExported(`${what}: ${posix.reason}`);
  if (re.flags.includes('s')) return notExported(`${what}: the s flag has no equivalent in transport-rule patterns`);
  const differences = re.flags.includes('i') ? [] : [`${what}: Exchange matches patterns case-insensitively; the RegExp is case-sensitive`];
  return exact(re.source, differences);
}

function addressPatterns(c: AddressCondition): Piece<string[]> {
  const out: string[] = [];
  const differences: string[] = [];
  for (const p of c.patterns) {
    if (p.kind === 'address') out.push(`^${escapeRegex(p.value!)}$`);
    else if (p.kind === 'domain') out.push(`@${escapeRegex(p.value!)}$`);
    else if (p.kind === 'wildcard') out.push(`[@.]${escapeRegex(p.value!)}$`);
    else if (p.kind === 'star') out.push('.');
    else if (p.kind === 'regexp') {
      const r = regexPattern(p.regexp!, describeCondition(c));
      if (!r.ok) return r;
      out.push(r.value);
      differences.push(...r.differences);
    } else return notExported(`${describeCondition(c)}: ${p.problem ?? 'an invalid pattern'}`);
  }
  return exact(out, differences);
}

function textPattern(match: TextMatch, what: string): Piece<string> {
  if (match.kind === 'substring') return exact(escapeRegex(match.text));
  if (match.kind === 'exact') return exact(`^\\s*${escapeRegex(match.text)}\\s*$`);
  if (match.kind === 'regexp') return regexPattern(match.regexp, what);
  return notExported(match.problem);
}

const pattern = (param: string, m: TextMatch, what: string, extra: Partial<Predicate> = {}, diff: string[] = []) => {
  const p = textPattern(m, what);
  return p.ok ? exact<Formula>([{ conds: [{ param, values: [p.value], ...extra }], excepts: [] }], [...p.differences, ...diff]) : p;
};

const address =
  (param: string, location?: Predicate['location'], diff: string[] = []) =>
  (c: AddressCondition) => {
    const p = addressPatterns(c);
    return p.ok
      ? exact<Formula>(
          [{ conds: [{ param, values: p.value, ...(location ? { location } : {}) }], excepts: [] }],
          [...p.differences, ...diff],
        )
      : p;
  };

/** Clauses joined: conditions of the same parameter cannot be ANDed in one rule. */
export function and(fs: Formula[]): Piece<Formula> {
  let acc: Formula = [{ conds: [], excepts: [] }];
  for (const f of fs) {
    const next: Formula = [];
    for (const a of acc)
      for (const b of f) {
        const conds = [...a.conds, ...b.conds];
        const params = conds.map((p) => p.param);
        if (new Set(params).size < params.length)
          return notExported('two conditions of the same kind in one transport rule (Exchange takes each condition once per rule)');
        const locations = new Set(conds.flatMap((p) => (p.location ? [p.location] : [])));
        if (locations.size > 1) return notExported('from() and mailFrom() in one rule need different SenderAddressLocation settings');
        next.push({ conds, excepts: [...a.excepts, ...b.excepts] });
      }
    acc = next;
    if (acc.length > MAX_CLAUSES) return notExported(`needs more than ${MAX_CLAUSES} transport rules`);
  }
  return exact(acc);
}

/** NOT of a formula: only a single clause of one condition becomes an exception. */
function negate(f: Formula, what: string): Piece<Formula> {
  if (f.length === 1 && f[0]!.conds.length === 1 && f[0]!.excepts.length === 0) return exact([{ conds: [], excepts: [f[0]!.conds[0]!] }]);
  if (f.length === 1 && f[0]!.conds.length === 0) return exact(f[0]!.excepts.map((e) => ({ conds: [e], excepts: [] })));
  return notExported(`${what}: only not() of a single condition becomes an ExceptIf exception`);
}

type Compile<C> = (c: C, sub: (c: Condition) => Piece<Formula>) => Piece<Formula>;
const FROM_NOTE =
  'from(): Exchange tests the From header or the envelope sender (HeaderOrEnvelope); WorkMail the Sender header, else the envelope sender';

const EXCHANGE: { [K in keyof ConditionKinds]?: Compile<ConditionKinds[K]> } = {
  from: address('FromAddressMatchesPatterns', 'HeaderOrEnvelope', [FROM_NOTE]),
  mailFrom: address('FromAddressMatchesPatterns', 'Envelope'),
  recipient: address('RecipientAddressMatchesPatterns'),
  // The message's recipients, unsplit: the condition holds for all of them, as anyRecipient() does.
  anyRecipient: address('AnyOfRecipientAddressMatchesPatterns', undefined, [
    "anyRecipient(): Exchange tests the recipients as transport resolves them (groups expanded), WorkMail the event's envelope recipients",
  ]),
  sender: (c) => notExported(`${describeCondition(c)}: Exchange has no condition on the Sender header's address`),
  nullSender: () => notExported('nullSender(): Exchange has no condition for the null envelope sender'),
  subject: (c) => pattern('SubjectMatchesPatterns', c.match, describeCondition(c)),
  header: (c) =>
    c.match === undefined
      ? one({ param: 'HeaderMatchesPatterns', values: ['^'], header: c.name })
      : pattern('HeaderMatchesPatterns', c.match, describeCondition(c), { header: c.name }),
  body: (c) =>
    pattern('SubjectOrBodyMatchesPatterns', c.match, describeCondition(c), {}, [
      `${describeCondition(c)}: Exchange searches the subject and the body (no body-only condition)`,
    ]),
  attachment: (c) => {
    const keys = Object.keys(c.spec).filter((k) => (c.spec as Record<string, unknown>)[k] !== undefined);
    if (keys.length === 1 && keys[0] === 'extension') {
      const list = typeof c.spec.extension === 'string' ? [c.spec.extension] : [...(c.spec.extension as string[])];
      return one({ param: 'AttachmentExtensionMatchesWords', values: list.map((e) => e.trim().replace(/^\./, '').toLowerCase()) });
    }
    if (keys.length === 1 && typeof c.spec.name === 'string') {
      const glob = `^${escapeRegex(c.spec.name.trim()).replace(/\\\*/g, '.*').replace(/\\\?/g, '.')}$`;
      return one({ param: 'AttachmentNameMatchesPatterns', values: [glob] });
    }
    return notExported(`${describeCondition(c)}: only an extension list or a name glob alone has a transport-rule condition`);
  },
  sizeOver: (c) =>
    exact(
      [{ conds: [{ param: 'MessageSizeOver', values: [String(Math.floor(c.bytes) + 1)] }], excepts: [] }],
      ['sizeOver: Exchange measures the message as transport sees it, which can differ from the raw MIME size by a few bytes'],
    ),
  all: (c, sub) => {
    const parts = combine(c.conditions.map(sub), (v) => v);
    if (!parts.ok) return parts;
    const j = and(parts.value);
    return j.ok ? exact(j.value, parts.differences) : j;
  },
  any: (c, sub) => combine(c.conditions.map(sub), (v) => v.flat()),
  not: (c, sub) => {
    const inner = sub(c.condition);
    if (!inner.ok) return inner;
    const n = negate(inner.value, describeCondition(c));
    return n.ok ? exact(n.value, inner.differences) : n;
  },
  custom: (c) => notExported(`custom(${JSON.stringify(c.name)}) is JavaScript: transport rules cannot run it`),
};

export function exchangeFormula(c: Condition): Piece<Formula> {
  const compile = (EXCHANGE as Record<string, Compile<Condition> | undefined>)[c.kind];
  if (compile === undefined) return notExported(`${describeCondition(c)}: no transport-rule condition for the kind "${c.kind}"`);
  return compile(c, exchangeFormula);
}
