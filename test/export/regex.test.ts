/** JavaScript RegExps as POSIX extended expressions for Sieve's :regex: what translates, and what is refused. */
import { toPosix } from '../../lib/export/regex';

test.each([
  [/\b(invoice|rechnung|facture)\b/i, '\\b(invoice|rechnung|facture)\\b', true],
  [/\border\s+#?\d+\b/i, '\\border[[:space:]]+#?[0-9]+\\b', true],
  [/(?:^|[;\s])dmarc\s*=\s*fail(?![\w-])/i, '(^|[;[:space:]])dmarc[[:space:]]*=[[:space:]]*fail([^[:alnum:]_-]|$)', true],
  [/^a.+?b$/, '^a.+b$', false],
  [/x\.y\/z/, 'x\\.y/z', false],
])('%s → %s', (re, source, ignoreCase) => {
  expect(toPosix(re)).toEqual({ ok: true, value: { source, ignoreCase }, differences: [] });
});

test.each([
  [/(a)\1/, /escape \\1/],
  [/a(?=b)/, /lookaround/],
  [/a(?!b)c/, /lookahead \(only one of a single character at the end/],
  [/(?<year>\d{4})/, /lookaround or named group/],
  [/a/u, /flag\(s\) "u"/],
  [/a|/, /empty alternative/],
  [/café/, /outside printable ASCII/],
  [/[\]]/, /escaped "\]" inside a class/],
])('%s is not expressible', (re, why) => {
  const p = toPosix(re);
  expect(p.ok).toBe(false);
  expect(p.ok ? '' : p.reason).toMatch(why);
});
