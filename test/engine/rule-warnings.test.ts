/**
 * Definition warnings that name the rule: strings shaped like a RegExp literal where text or a
 * pattern is accepted, and regular expressions that can backtrack catastrophically (the checker is
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
