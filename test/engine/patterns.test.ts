/** WorkMail address patterns (reference §4.4): every form, case, spaces, subdomains, invalid ones. */
import { bestMatch, compilePattern, patternProblem, RANK } from '../../lib/engine/patterns';

const specificity = (pattern: string | RegExp) => compilePattern(pattern).rank;

const matches = (pattern: string | RegExp, address: string) => bestMatch([compilePattern(pattern)], address) !== undefined;

describe('forms', () => {
  test('user@domain matches that single address, any case', () => {
    expect(matches('ceo@corp.example', 'ceo@corp.example')).toBe(true);
    expect(matches('CEO@Corp.Example', 'ceo@CORP.example')).toBe(true);
    expect(matches('ceo@corp.example', 'cfo@corp.example')).toBe(false);
    expect(matches('ceo@corp.example', 'ceo@sub.corp.example')).toBe(false);
    expect(matches('ceo@corp.example', 'xceo@corp.example')).toBe(false);
  });

  test('domain matches addresses at exactly that domain, not subdomains', () => {
    expect(matches('partner.example', 'anyone@partner.example')).toBe(true);
    expect(matches('partner.example', 'Anyone@PARTNER.EXAMPLE')).toBe(true);
    expect(matches('partner.example', 'news@eu.partner.example')).toBe(false);
    expect(matches('partner.example', 'a@notpartner.example')).toBe(false);
    expect(matches('partner.example', 'partner.example')).toBe(false);
  });

  test('*.domain matches the domain and every subdomain, but not look-alikes', () => {
    expect(matches('*.bad.example', 'x@bad.example')).toBe(true);
    expect(matches('*.bad.example', 'x@mail.bad.example')).toBe(true);
    expect(matches('*.bad.example', 'x@a.b.c.BAD.example')).toBe(true);
    expect(matches('*.bad.example', 'x@notbad.example')).toBe(false);
    expect(matches('*.bad.example', 'x@bad.example.org')).toBe(false);
  });

  test('* matches any address', () => {
    expect(matches('*', 'a@b.example')).toBe(true);
    expect(matches(' * ', 'x@y')).toBe(true);
  });

  test('surrounding spaces are ignored, on the pattern and on the address', () => {
    expect(matches('  ceo@corp.example ', ' ceo@corp.example ')).toBe(true);
    expect(matches(' corp.example', 'a@corp.example  ')).toBe(true);
  });

  test('a RegExp is tested against the whole address; g/y flags do not make it stateful', () => {
    expect(matches(/^billing-\d+@/i, 'Billing-42@invoices.example')).toBe(true);
    expect(matches(/^billing-\d+@/i, 'support@invoices.example')).toBe(false);
    const p = compilePattern(/corp/g);
    expect([bestMatch([p], 'a@corp.example'), bestMatch([p], 'a@corp.example'), bestMatch([p], 'a@corp.example')]).toEqual([
      RANK.regexp,
      RANK.regexp,
      RANK.regexp,
    ]);
  });
});

describe('invalid patterns', () => {
  test.each([
    ['', /empty/],
    ['   ', /empty/],
    ['a b@corp.example', /spaces/],
    ['corp .example', /spaces/],
    ['a@b@corp.example', /one "@"/],
    ['user+tag@corp.example', /\+/],
    ['bad.*.example', /front of a domain/],
    ['*bad.example', /front of a domain/],
    ['bad.example*', /front of a domain/],
    ['*@corp.example', /front of a domain/],
    ['user@*.corp.example', /\*\.domain/],
    ['@corp.example', /before "@" is empty/],
    ['user@', /domain is empty/],
    ['corp..example', /empty label/],
    ['.corp.example', /empty label/],
    ['corp_ex!ample', /characters/],
  ])('%j is invalid', (pattern, why) => {
    expect(patternProblem(pattern)).toMatch(why);
    const c = compilePattern(pattern);
    expect(c.kind).toBe('invalid');
    expect(bestMatch([c], 'user@corp.example')).toBeUndefined();
  });

  test.each([
    'corp.example',
    'ceo@corp.example',
    '*.corp.example',
    '*',
    'xn--bcher-kva.example',
    'bücher.example',
    'first.last@mail.corp.example',
  ])('%j is valid', (p) => {
    expect(patternProblem(p)).toBeUndefined();
    expect(compilePattern(p).kind).not.toBe('invalid');
  });

  test('non-string, non-RegExp input is invalid, not a crash', () => {
    expect(compilePattern(42 as unknown as string).kind).toBe('invalid');
  });
});

describe('specificity', () => {
  test('address > exact domain > *.domain (deeper first) > RegExp > *', () => {
    const order = ['ceo@corp.example', 'corp.example', '*.mail.corp.example', '*.corp.example', /corp/, '*'].map(specificity);
    expect([...order].sort((a, b) => b - a)).toEqual(order);
    expect(new Set(order).size).toBe(order.length);
    expect(specificity('*')).toBeGreaterThan(RANK.none);
  });

  test('bestMatch gives the rank of the most specific matching pattern, or undefined', () => {
    const ps = ['*', '*.corp.example', 'ceo@corp.example'].map(compilePattern);
    expect(bestMatch(ps, 'ceo@corp.example')).toBe(specificity('ceo@corp.example'));
    expect(bestMatch(ps, 'bob@corp.example')).toBe(specificity('*.corp.example'));
    expect(bestMatch(ps, 'x@else.example')).toBe(specificity('*'));
    expect(bestMatch([compilePattern('corp.example')], 'x@else.example')).toBeUndefined();
  });
});
