/** Text matching shared by subject, header and body conditions. */
import type { TextMatch } from './types';

/** A string is a case-insensitive substring; a RegExp is tested (stateful `g`/`y` flags dropped). */
export function toTextMatch(value: string | RegExp, what: string): TextMatch {
  if (value instanceof RegExp) return { kind: 'regexp', regexp: new RegExp(value.source, value.flags.replace(/[gy]/g, '')) };
  if (typeof value !== 'string') return { kind: 'invalid', problem: `${what} expects a string or RegExp, got ${typeof value}` };
  if (value === '') return { kind: 'invalid', problem: `${what} expects a non-empty text (an empty text matches everything)` };
  return { kind: 'substring', text: value.toLowerCase() };
}

/** Exact, case-insensitive, surrounding spaces ignored. */
export function exactText(value: string, what: string): TextMatch {
  if (typeof value !== 'string' || value.trim() === '') return { kind: 'invalid', problem: `${what} expects a non-empty string` };
  return { kind: 'exact', text: value.trim().toLowerCase() };
}

export function testText(match: TextMatch, text: string): boolean {
  switch (match.kind) {
    case 'substring':
      return text.toLowerCase().includes(match.text);
    case 'exact':
      return text.trim().toLowerCase() === match.text;
    case 'regexp':
      return match.regexp.test(text);
    default:
      return false;
  }
}

export function showText(match: TextMatch): string {
  switch (match.kind) {
    case 'regexp':
      return String(match.regexp);
    case 'invalid':
      return '<invalid>';
    default:
      return JSON.stringify(match.text);
  }
}
