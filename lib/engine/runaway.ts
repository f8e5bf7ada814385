/**
 * Regular expressions that can backtrack catastrophically (`/^(a+)+$/`): a running match cannot be
 * stopped, so `defineRules` warns. The checker (safe-regex2) is plugged in by the full entry
 * (`./runaway-check.ts`) to keep the envelope-only bundle small.
 */
let isSafe: ((re: RegExp) => boolean) | undefined;

/** Install the checker (done once by the full entry). */
export function useRunawayCheck(check: (re: RegExp) => boolean): void {
  isSafe = check;
}

/** The warning for a pattern the checker finds unsafe, if it does. */
export function runawayWarning(re: RegExp): string | undefined {
  if (isSafe === undefined || isSafe(re)) return undefined;
  return `${String(re)} can take exponential time on some inputs (nested quantifiers such as (a+)+): a matching message could hold the response past WorkMail's deadline; rewrite it without nested repetition (workmail-rules docs/rules.md, "Runaway patterns")`;
}
