/**
 * Definition warnings that name the rule: strings shaped like a RegExp literal or a glob where text or a
 * pattern is accepted (each with the fix), and regular expressions that can backtrack catastrophically (the checker is
 * plugged in by the full entry, so these tests import from it).
 */
import {
  all,
  attachment,
  body,
  bounce,
  defineRules,
  drop,
  from,
  header,
  not,
  recipient,
  RuleDefinitionError,
  subject,
} from '../../lib/index';
import { holds } from '../../lib/engine/conditions/holds';
import type { LambdaEventData } from '../../lib/workmail/types';

const warningsOf = (when: Parameters<typeof defineRules>[0]['rules'][number]['when']) =>
  defineRules({ direction: 'INBOUND', rules: [{ name: 'r', when, then: drop() }] }).warnings;

describe('a string shaped like /…/flags', () => {
  test.each([
    [
      'header',
      header('X-Gateway-Verdict', '/spam|phish/i'),
      /rule "r": header\("X-Gateway-Verdict"\): the string "\/spam\|phish\/i" is matched as plain text; did you mean the RegExp \/spam\|phish\/i/,
    ],
    ['subject', subject('/^\\[ext\\]/'), /rule "r": subject\(\): .*did you mean the RegExp/],
    ['body, nested', all(from('*'), not(body('/invoice \\d+/'))), /rule "r": body\(\): .*did you mean/],
    ['attachment name', attachment({ name: '/\\.exe$/i' }), /rule "r": attachment\(\): the name .* is matched as a glob; did you mean/],
  ] as const)('%s: a warning naming the rule', (_l, when, want) => {
    expect(warningsOf(when)).toEqual([expect.stringMatching(want)]);
  });

  test('plain text and real RegExps give no warning; a lone slash is text', () => {
    expect(warningsOf(all(subject('a/b'), subject(/spam/i), header('X-Path', '/var/log'), body('/')))).toEqual([]);
  });

  test('an address pattern written as a RegExp string is a definition error that says so', () => {
    const define = () => defineRules({ direction: 'INBOUND', rules: [{ name: 'ceo', when: recipient('/^ceo@/'), then: drop() }] });
    expect(define).toThrow(RuleDefinitionError);
    expect(define).toThrow(
      /rule "ceo": recipient\("\/\^ceo@\/"\): "\/\^ceo@\/" is a string, not a RegExp: did you mean \/\^ceo@\/ \(without quotes\)\?/,
    );
  });
});

describe('runaway regular expressions', () => {
  test.each([
    ['subject', subject(/^(a+)+$/)],
    ['header', header('X-Test', /^(x+x+)+y$/)],
    ['address pattern', from(/^(\w+\.?)*@corp\.example$/)],
    ['attachment name', attachment({ name: /^(.*a)*\.exe$/ })],
  ] as const)('%s: a warning naming the rule and the pattern', (_l, when) => {
    const warnings = defineRules({ direction: 'INBOUND', rules: [{ name: 'slow', when, then: bounce('no') }] }).warnings;
    expect(warnings).toEqual([
      expect.stringMatching(/^rule "slow": \/.*\/\w* can take exponential time on some inputs .*"Runaway patterns"/),
    ]);
  });

  test('ordinary patterns are not reported', () => {
    expect(warningsOf(all(subject(/\bproject-\d+\b/i), header('Authentication-Results', /dmarc=fail/), from(/^ceo@/)))).toEqual([]);
  });
});

describe('a glob where text is plain text', () => {
  test.each([
    [
      'subject',
      subject('*[SPAM]*'),
      /^rule "r": subject\(\): the string "\*\[SPAM\]\*" looks like a glob .*did you mean subject\("\[SPAM\]"\)/,
    ],
    [
      'header',
      header('X-Tag', '*foo*'),
      /^rule "r": header\("X-Tag"\): the string "\*foo\*" looks like a glob .*did you mean header\("X-Tag", "foo"\)/,
    ],
    ['body, nested', all(from('*'), not(body('*x*'))), /^rule "r": body\(\): .*did you mean body\("x"\)/],
    ['a "?" inside a word', subject('inv?ice'), /"\?" as a wildcard.*did you mean subject\(\/inv\.ice\/i\) \(a RegExp\)/],
    ['a range class', subject('invoice [0-9][0-9]'), /"\[\.\.\.\]" as a character class.*subject\(\/invoice \[0-9\]\[0-9\]\/i\)/],
    ['a case pair class', subject('[Ss]pam'), /subject\(\/\[Ss\]pam\/i\)/],
    ['a star in the middle too', subject('*invoice*2024*'), /did you mean subject\(\/invoice\.\*2024\/i\)/],
  ] as const)('%s: one warning naming the rule, with the fix', (_l, when, want) => {
    expect(warningsOf(when)).toEqual([expect.stringMatching(want)]);
  });

  test('each warning also gives the RegExp that matches the characters as written', () => {
    const [w] = warningsOf(subject('*[SPAM]*'));
    expect(w).toContain('give the RegExp /\\*\\[SPAM\\]\\*/i');
    expect(warningsOf(subject(/\*\[SPAM\]\*/i))).toEqual([]);
  });

  test('ordinary text is not a glob: a subject tag, a question, a URL query, a lone "*" inside text', () => {
    expect(
      warningsOf(
        all(subject('[SPAM]'), subject('Are you there?'), body('https://x.example/login?user='), subject('5 * 3'), header('X-A', 'a[1]')),
      ),
    ).toEqual([]);
  });

  test('the suggested fixes do what the glob meant', async () => {
    const event = (s: string): LambdaEventData => ({
      summaryVersion: '2018-10-10',
      envelope: { mailFrom: { address: 'a@x.example' }, recipients: [{ address: 'b@corp.example' }] },
      subject: s,
      messageId: 'm',
      invocationId: 'i',
      flowDirection: 'INBOUND',
      truncated: false,
    });
    const tagged = event('Re: [SPAM] cheap pills');
    expect(await holds(subject('*[SPAM]*'), { event: tagged })).toBe(false); // why it warns
    expect(await holds(subject('[SPAM]'), { event: tagged })).toBe(true);
    expect(await holds(subject(/inv.ice/i), { event: event('INVOICE 12') })).toBe(true);
  });
});

describe('an attachment name glob with RegExp alternation', () => {
  test.each([
    [
      '*.(exe|js)',
      /the name "\*\.\(exe\|js\)" is a glob, which knows only \* and \?.*extension: \['exe', 'js'\], or the RegExp name: \/\\\.\(exe\|js\)\$\/i/,
    ],
    ['*.{exe,js}', /extension: \['exe', 'js'\], or the RegExp name: \/\\\.\(exe\|js\)\$\/i/],
    ['*.exe|*.js', /extension: \['exe', 'js'\], or the RegExp name: \/\(\?:\\\.exe\|\\\.js\)\$\/i/],
    ['report-*.(pdf|doc)', /give the RegExp name: \/\^report-\.\*\\\.\(pdf\|doc\)\$\/i/],
  ])('%s: a warning naming the rule, with the fix', (name, want) => {
    expect(warningsOf(attachment({ name }))).toEqual([expect.stringMatching(/^rule "r": attachment\(\): /)]);
    expect(warningsOf(attachment({ name }))[0]).toMatch(want);
  });

  test('a plain glob, and the suggested RegExp, give no warning (and the RegExp is no runaway)', () => {
    expect(
      warningsOf(all(attachment({ name: '*.exe' }), attachment({ name: 'invoice-??.pdf' }), attachment({ name: /\.(exe|js)$/i }))),
    ).toEqual([]);
    expect(warningsOf(attachment({ extension: ['exe', 'js'] }))).toEqual([]);
  });
});

describe('a glob in an address pattern', () => {
  test('the refusal gives the RegExp built from the pattern, escaped', () => {
    const define = () =>
      defineRules({ direction: 'INBOUND', rules: [{ name: 'gone', when: recipient('former-*@corp.example'), then: drop() }] });
    expect(define).toThrow(RuleDefinitionError);
    expect(define).toThrow(
      'rule "gone": recipient("former-*@corp.example"): a "*" may appear only at the front of a domain, not in an address; for a wildcard there, give the RegExp /^former-[^@]+@corp\\.example$/i (without quotes)',
    );
  });

  test.each([
    [
      'former-*@corp.example',
      '/^former-[^@]+@corp\\.example$/i',
      ['former-ann@corp.example'],
      ['former-@corp.example', 'former-ann@corpXexample', 'ann@corp.example'],
    ],
    [
      'joe@*.corp.example',
      '/^joe@(?:corp\\.example|[^@]+\\.corp\\.example)$/i',
      ['joe@corp.example', 'JOE@eu.mail.corp.example'],
      ['joe@evilcorp.example'],
    ],
    ['mail.*.example', '/^[^@]+@mail\\.[^@.]+\\.example$/i', ['a@mail.eu.example'], ['a@mail.example', 'a@mail.a.b.example']],
  ])('%s: the suggested %s matches what the pattern meant, and is accepted without warnings', (pattern, re, yes, no) => {
    expect(() => defineRules({ direction: 'INBOUND', rules: [{ name: 'x', when: recipient(pattern), then: drop() }] })).toThrow(
      `give the RegExp ${re} (without quotes)`,
    );
    const [, source, flags] = /^\/(.*)\/(\w*)$/.exec(re)!;
    const regexp = new RegExp(source!, flags);
    for (const a of yes) expect(regexp.test(a)).toBe(true);
    for (const a of no) expect(regexp.test(a)).toBe(false);
    expect(warningsOf(recipient(regexp))).toEqual([]);
  });
});
