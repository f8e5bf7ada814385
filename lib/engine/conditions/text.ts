/**
 * Text matching shared by the subject, header and body conditions; and the habits of other pattern
 * languages caught at definition (a string written as a RegExp literal or as a glob, a glob with
 * RegExp alternation in an attachment name, a glob in an address pattern): each is a definition
 * warning, or for address patterns a problem, that gives the fix.
 */

/** How a text argument matches: a string is a case-insensitive substring, a RegExp is tested. */
export type TextMatch =
  | { kind: 'substring'; text: string /** As written, when it looks like a RegExp literal or a glob (a warning). */; written?: string }
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
  const habit = looksLikeRegExp(value) || /[*?[]/.test(value);
  return { kind: 'substring', text: value.toLowerCase(), ...(habit ? { written: value } : {}) };
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

/** The warning for a string that looks like a RegExp literal or a glob, if it is one. */
export function textWarnings(label: string, match: TextMatch | undefined): string[] {
  if (match?.kind !== 'substring' || match.written === undefined) return [];
  const written = match.written;
  if (looksLikeRegExp(written))
    return [
      `${label}: the string ${JSON.stringify(written)} is matched as plain text; did you mean the RegExp ${written} (without quotes)?`,
    ];
  const glob = habits?.text(label, written);
  return glob === undefined ? [] : [glob];
}

/** Escape a text for use inside a RegExp. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The glob-habit checks (lib/engine/habits.ts), plugged in by the full entry as the runaway check
 * is: the envelope entry's bundles carry neither, its definitions still get every refusal.
 */
export interface HabitChecks {
  /** The warning for a plain text that reads as a glob, if it does. */
  text(label: string, written: string): string | undefined;
  /** Warnings for an attachment name glob written with RegExp alternation. */
  attachmentName(name: string): string[];
  /** The RegExp an address pattern with a glob in it means, for its refusal's fix. */
  addressRegExp(pattern: string): string | undefined;
}

let habits: HabitChecks | undefined;

export function useHabitChecks(checks: HabitChecks): void {
  habits = checks;
}

/** The warning for an attachment name that is a RegExp literal in quotes, or a glob with alternation. */
export function attachmentNameWarnings(name: unknown): string[] {
  if (typeof name !== 'string') return [];
  if (looksLikeRegExp(name))
    return [`attachment(): the name ${JSON.stringify(name)} is matched as a glob; did you mean the RegExp ${name} (without quotes)?`];
  return habits?.attachmentName(name) ?? [];
}

/** The RegExp meant by an address pattern with a glob in it, when the habit checks are plugged in. */
export const addressGlobRegExp = (pattern: string): string | undefined => habits?.addressRegExp(pattern);

/** The RegExp a text match tests, for the runaway-pattern check. */
export const textRegExps = (match: TextMatch | undefined): RegExp[] => (match?.kind === 'regexp' ? [match.regexp] : []);
