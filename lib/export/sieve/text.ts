/** Sieve syntax (RFC 5228): quoted strings, string lists, and tests printed readably. */

/** A test: one line of Sieve, or a combinator over tests. */
export type SieveTest = string | { op: 'allof' | 'anyof'; tests: SieveTest[] } | { op: 'not'; test: SieveTest };

/** A compiled test and the extensions it needs. */
export interface SieveCode {
  test: SieveTest;
  requires: string[];
}

/** A quoted string: `"` and `\` escaped (RFC 5228 §2.4.2). */
export const quote = (s: string): string => `"${s.replace(/[\\"]/g, '\\$&')}"`;

/** Why `s` cannot be a Sieve string with the same meaning (NUL, CR or LF, other controls), or undefined. */
export function badText(s: string, what: string): string | undefined {
  const m = /[\x00-\x08\x0a-\x1f\x7f]/.exec(s);
  if (m === null) return undefined;
  const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `${what} holds the control character ${code}, which a Sieve string cannot carry with the same meaning`;
}

/** The largest number Pigeonhole parses (64-bit unsigned); JavaScript numbers are exact up to 2^53. */
export const MAX_SIEVE_NUMBER = Number.MAX_SAFE_INTEGER;

/** A string list, bare when it holds one string. */
export const stringList = (items: readonly string[]): string =>
  items.length === 1 ? quote(items[0]!) : `[${items.map(quote).join(', ')}]`;

/** Text for a `:matches` key: its own `*`, `?` and `\` escaped. */
export const matchesLiteral = (s: string): string => s.replace(/[\\*?]/g, '\\$&');

const WIDTH = 100;

/** The test as Sieve text, on one line when short, else one sub-test per line. */
export function printTest(t: SieveTest, indent = ''): string {
  const flat = printFlat(t);
  if (flat.length + indent.length <= WIDTH || typeof t === 'string') return flat;
  const inner = `${indent}  `;
  if (t.op === 'not') return `not ${printTest(t.test, indent)}`;
  return `${t.op}(\n${t.tests.map((x) => inner + printTest(x, inner)).join(',\n')}\n${indent})`;
}

function printFlat(t: SieveTest): string {
  if (typeof t === 'string') return t;
  if (t.op === 'not') return `not ${printFlat(t.test)}`;
  return `${t.op}(${t.tests.map(printFlat).join(', ')})`;
}

/** A comment block: every line prefixed with `# `. */
export const comment = (text: string, indent = ''): string =>
  text
    .split('\n')
    // A comment ends at a line break; NUL and other controls are refused by Sieve parsers.
    .map((l) => `${indent}# ${l.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '?')}`.trimEnd())
    .join('\n');
