/**
 * Each condition kind as a Sieve test (RFC 5228 with envelope, body RFC 5173, mime RFC 5703, regex),
 * one entry per kind, the way the engine keeps one description per kind. A kind without an entry is
 * not expressible. Addresses: `mailFrom` is the envelope's MAIL FROM, `recipient` the envelope
 * recipient Sieve runs for, `sender` the Sender header (where WorkMail reads the on-behalf sender),
 * `from` either of them (WorkMail: the Sender first, else the From address).
 */
import type {
  AttachmentCondition,
  BodyCondition,
  Condition,
  ConditionKinds,
  HeaderCondition,
  SizeCondition,
  SubjectCondition,
  TextMatch,
} from '../../engine/conditions/index';
import type { AddressCondition } from '../../engine/conditions/address';
import { describeCondition } from '../../engine/conditions/index';
import { toPosix } from '../regex';
import { badText, MAX_SIEVE_NUMBER, matchesLiteral, quote, stringList, type SieveCode, type SieveTest } from './text';
import { combine, exact, notExported, type Piece } from '../types';

type Compile<C> = (c: C, sub: (c: Condition) => Piece<SieveCode>) => Piece<SieveCode>;
const code = (test: SieveTest, requires: string[] = [], differences: string[] = []): Piece<SieveCode> =>
  exact({ test, requires }, differences);
const NON_ASCII = /[^\x00-\x7f]/;
const CASE_NOTE = 'case is folded for ASCII letters only (Sieve i;ascii-casemap); WorkMail rules fold every letter';

/** `<test> <part> <match> <target> <keys>` for one kind of address source. */
function addressTest(source: 'envelope' | 'address', target: string, c: AddressCondition): Piece<SieveCode> {
  const t = `${source} `;
  const tests: SieveTest[] = [];
  const requires = source === 'envelope' ? ['envelope'] : [];
  const pick = (k: string) => c.patterns.filter((p) => p.kind === k);
  for (const p of c.patterns) {
    const bad = badText(p.source, `the pattern ${JSON.stringify(p.source)}`);
    if (bad) return notExported(bad);
  }
  const addresses = pick('address').map((p) => p.value!);
  const domains = [...pick('domain'), ...pick('wildcard')].map((p) => p.value!);
  const wildcards = pick('wildcard').map((p) => `*.${matchesLiteral(p.value!)}`);
  if (addresses.length) tests.push(`${t}:all :is ${quote(target)} ${stringList(addresses)}`);
  if (domains.length) tests.push(`${t}:domain :is ${quote(target)} ${stringList(domains)}`);
  if (wildcards.length) tests.push(`${t}:domain :matches ${quote(target)} ${stringList(wildcards)}`);
  if (pick('star').length) tests.push(`${t}:all :matches ${quote(target)} "?*"`);
  for (const p of pick('regexp')) {
    const posix = toPosix(p.regexp!);
    if (!posix.ok) return posix;
    const comparator = posix.value.ignoreCase ? '' : ':comparator "i;octet" ';
    tests.push(`${t}:all :regex ${comparator}${quote(target)} ${quote(posix.value.source)}`);
    requires.push('regex');
  }
  return code(junction('anyof', tests), requires);
}

/** A text test: `lead` puts the match tags in place (`header <tags> "subject"`, `body :text <tags>`). */
function textTest(lead: (tags: string) => string, match: TextMatch): Piece<SieveCode> {
  const bad =
    match.kind === 'substring' || match.kind === 'exact' ? badText(match.text, `the text ${JSON.stringify(match.text)}`) : undefined;
  if (bad) return notExported(bad);
  switch (match.kind) {
    case 'substring':
      return code(`${lead(':contains')} ${quote(match.text)}`, [], NON_ASCII.test(match.text) ? [CASE_NOTE] : []);
    case 'exact':
      return code(`${lead(':is')} ${quote(match.text)}`, [], NON_ASCII.test(match.text) ? [CASE_NOTE] : []);
    case 'regexp': {
      const posix = toPosix(match.regexp);
      if (!posix.ok) return posix;
      return code(`${lead(posix.value.ignoreCase ? ':regex' : ':regex :comparator "i;octet"')} ${quote(posix.value.source)}`, ['regex']);
    }
    case 'invalid':
      return notExported(match.problem);
  }
}

/** `anyof`/`allof` over tests, a nested one of the same kind flattened into it. */
function junction(op: 'anyof' | 'allof', tests: SieveTest[]): SieveTest {
  const flat = tests.flatMap((t) => (typeof t !== 'string' && t.op === op ? t.tests : [t]));
  return flat.length === 1 ? flat[0]! : { op, tests: flat };
}

/** `all` and `any`: their children's tests joined by `allof` / `anyof`, needing what the children need. */
const junctionOf =
  (op: 'anyof' | 'allof'): Compile<{ conditions: readonly Condition[] }> =>
  (c, sub) =>
    combine(c.conditions.map(sub), (vs) => ({
      test: junction(
        op,
        vs.map((v) => v.test),
      ),
      requires: vs.flatMap((v) => v.requires),
    }));

const noting = <T>(p: Piece<T>, difference: string): Piece<T> => (p.ok ? exact(p.value, [...p.differences, difference]) : p);
const headerLead = (names: string) => (tags: string) => `header ${tags} ${names}`;
const BODY_NOTE = "Sieve's body :text searches every text part (text attachments too); decide() reads the main text body only";

const VERDICT = /^(spamVerdict|virusVerdict|authResult)\(/;

const SIEVE: { [K in keyof ConditionKinds]?: Compile<ConditionKinds[K]> } = {
  mailFrom: (c) => addressTest('envelope', 'from', c),
  recipient: (c) => addressTest('envelope', 'to', c),
  // `envelope "to"` is only the recipient the script runs for: the message's other recipients are out of Sieve's sight.
  anyRecipient: (c) =>
    notExported(`${describeCondition(c)}: Sieve runs once per recipient and sees only that envelope recipient, not the message's others`),
  sender: (c) => addressTest('address', 'sender', c),
  from: (c) =>
    combine([addressTest('address', 'sender', c), addressTest('envelope', 'from', c)], ([s, e]) => ({
      test: junction('anyof', [s!.test, e!.test]),
      requires: [...s!.requires, ...e!.requires],
    })),
  nullSender: () => code('envelope :is "from" ""', ['envelope']),
  subject: (c: SubjectCondition) => textTest(headerLead('"subject"'), c.match),
  header: (c: HeaderCondition) => {
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(c.name)) return notExported(`the header name ${JSON.stringify(c.name)} is not a header field name`);
    if (c.match === undefined) return code(`exists ${quote(c.name)}`);
    const t = textTest(headerLead(quote(c.name)), c.match);
    if (!t.ok || c.label === undefined || !VERDICT.test(c.label)) return t;
    return exact(t.value, [
      ...t.differences,
      `${c.label} reads the ${c.name} header Amazon SES adds for WorkMail: the new mail service must add it (or test its own verdict instead)`,
    ]);
  },
  body: (c: BodyCondition) =>
    noting(
      combine([textTest((tags) => `body :text ${tags}`, c.match)], ([t]) => ({ test: t!.test, requires: ['body', ...t!.requires] })),
      BODY_NOTE,
    ),
  attachment: (c: AttachmentCondition) => {
    const fields = Object.keys(c.spec).filter((k) => (c.spec as Record<string, unknown>)[k] !== undefined);
    let keys: string[];
    if (fields.length === 1 && fields[0] === 'extension') {
      const list = typeof c.spec.extension === 'string' ? [c.spec.extension] : [...(c.spec.extension as string[])];
      keys = list.map((e) => `?*.${matchesLiteral(e.trim().replace(/^\./, '').toLowerCase())}`);
    } else if (fields.length === 1 && typeof c.spec.name === 'string') {
      // Our globs know only `*` and `?`; a backslash is a literal character, which :matches escapes.
      keys = [c.spec.name.trim().replace(/\\/g, '\\\\')];
      const bad = badText(c.spec.name, `the attachment name ${JSON.stringify(c.spec.name)}`);
      if (bad) return notExported(bad);
    } else return notExported(`${describeCondition(c)}: only an extension list or a glob name alone translates to Sieve's mime tests`);
    return code(
      {
        op: 'anyof',
        tests: [
          `header :mime :anychild :param "filename" :matches "Content-Disposition" ${stringList(keys)}`,
          `header :mime :anychild :param "name" :matches "Content-Type" ${stringList(keys)}`,
        ],
      },
      ['mime'],
    );
  },
  // No message is larger than 2^53 bytes, so a bigger bound never holds (Sieve numbers stop at 2^64).
  sizeOver: (c: SizeCondition) => code(c.bytes >= MAX_SIEVE_NUMBER ? 'false' : `size :over ${Math.floor(c.bytes).toFixed(0)}`),
  all: junctionOf('allof'),
  any: junctionOf('anyof'),
  not: (c, sub) => combine([sub(c.condition)], ([v]) => ({ test: { op: 'not', test: v!.test }, requires: v!.requires })),
  custom: (c) => notExported(`custom(${JSON.stringify(c.name)}) is JavaScript: Sieve cannot run it`),
};

/** The Sieve test for a condition, or why there is none. */
export function sieveTest(c: Condition): Piece<SieveCode> {
  const compile = (SIEVE as Record<string, Compile<Condition> | undefined>)[c.kind];
  if (compile === undefined) return notExported(`${describeCondition(c)}: no Sieve form for the condition kind "${c.kind}"`);
  return compile(c, sieveTest);
}
