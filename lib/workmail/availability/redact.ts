/**
 * Text a lookup produced (an error message, a value it returned) as it may be logged: e-mail
 * addresses and IP literals replaced, control characters made spaces, and bounded. It never goes
 * into an answer or a metric: those carry only the AWS error codes.
 */

/** Characters of lookup text kept in a log field. */
export const MAX_LOGGED_TEXT = 200;

const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+/g;
const IPV6 = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{1,4})?(?:%[\w.]+)?(?![\w:])/gi;
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** An IPv6 literal has `::` or at least six colons; `12:30:45` (a time) is not one. */
const ipv6 = (m: string) => (m.includes('::') || (m.match(/:/g)?.length ?? 0) >= 6 ? '<ip>' : m);

/**
 * `text` with e-mail addresses as `<address>`, IPv4 and IPv6 literals as `<ip>`, control characters
 * as spaces, cut to `max` characters (then ending in `… (N characters)`). Linear in `max`: only the
 * first few `max` characters of a huge text are read.
 */
export function redactedText(text: string, max: number = MAX_LOGGED_TEXT): string {
  const head = text.length > max * 8 ? text.slice(0, max * 8) : text;
  const clean = head.replace(CONTROL, ' ').replace(EMAIL, '<address>').replace(IPV6, ipv6).replace(IPV4, '<ip>');
  if (clean.length <= max && head === text) return clean;
  const cut = clean.slice(0, max).replace(/[\ud800-\udbff]$/, '');
  return `${cut}… (${text.length} characters)`;
}

/** A value for a log message: a string redacted and quoted, a number or boolean as is, anything else by type. */
export function shownValue(v: unknown, max = 80): string {
  if (typeof v === 'string') return JSON.stringify(redactedText(v, max));
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}
