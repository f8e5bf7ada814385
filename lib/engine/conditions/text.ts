/** Text matching shared by the subject, header and body conditions. */

/** How a text argument matches: a string is a case-insensitive substring, a RegExp is tested. */
export type TextMatch =
  | { kind: 'substring'; text: string /** As written, when it looks like a RegExp literal (a warning). */; written?: string }
  | { kind: 'exact'; text: string }
  | { kind: 'regexp'; regexp: RegExp }
  | { kind: 'invalid'; problem: string };

/** A string shaped like a RegExp literal, `/source/flags`, whose source compiles. */
export function looksLikeRegExp(value: string): boolean {
  const m = /^\/(.+)\/([dgimsuvy]*)$/s.exec(value.trim());
  if (m === null) return false;
  try {
    new RegExp(m[1]!, m[2]!);
    return true;
  } catch {
    return false;
  }
}

/** The RegExp without its stateful `g`/`y` flags (they make `test` depend on `lastIndex`). */
export const stateless = (re: RegExp): RegExp => new RegExp(re.source, re.flags.replace(/[gy]/g, ''));

/** A string is a case-insensitive substring; a RegExp is tested (stateless). */
export function toTextMatch(value: string | RegExp, what: string): TextMatch {
  if (value instanceof RegExp) return { kind: 'regexp', regexp: stateless(value) };
  if (typeof value !== 'string') return { kind: 'invalid', problem: `${what} expects a string or RegExp, got ${typeof value}` };
  if (value === '') return { kind: 'invalid', problem: `${what} expects a non-empty text (an empty text matches everything)` };
  return { kind: 'substring', text: value.toLowerCase(), ...(looksLikeRegExp(value) ? { written: value } : {}) };
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
    case 'invalid':
      return false;
  }
}

export const showText = (match: TextMatch): string =>
  match.kind === 'regexp' ? String(match.regexp) : match.kind === 'invalid' ? '<invalid>' : JSON.stringify(match.text);

/** The text match's definition problem, if any. */
export const textProblems = (match: TextMatch | undefined): string[] => (match?.kind === 'invalid' ? [match.problem] : []);

/** The warning for a string that looks like a RegExp literal, if it is one. */
export function textWarnings(label: string, match: TextMatch | undefined): string[] {
  if (match?.kind !== 'substring' || match.written === undefined) return [];
  return [
    `${label}: the string ${JSON.stringify(match.written)} is matched as plain text; did you mean the RegExp ${match.written} (without quotes)?`,
  ];
}

/** The RegExp a text match tests, for the runaway-pattern check. */
export const textRegExps = (match: TextMatch | undefined): RegExp[] => (match?.kind === 'regexp' ? [match.regexp] : []);
