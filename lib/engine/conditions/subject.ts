/** `subject(text | RegExp)`: the event's subject (WorkMail cuts it at 256 characters). Envelope only. */
import { defineConditionKind, outcome } from './kind';
import { showText, testText, textProblems, textRegExps, textWarnings, toTextMatch, type TextMatch } from './text';

export interface SubjectCondition {
  kind: 'subject';
  match: TextMatch;
}
declare module './types' {
  interface ConditionKinds {
    subject: SubjectCondition;
  }
}

/** The subject contains `text` (case-insensitive), or matches the RegExp. */
export const subject = (text: string | RegExp): SubjectCondition => ({ kind: 'subject', match: toTextMatch(text, 'subject()') });

defineConditionKind<SubjectCondition>({
  kind: 'subject',
  problems: (c) => textProblems(c.match),
  warnings: (c) => textWarnings('subject()', c.match),
  regexps: (c) => textRegExps(c.match),
  describe: (c) => `subject(${showText(c.match)})`,
  evaluate: (c, ev) => outcome(testText(c.match, ev.ctx.event.subject ?? '')),
});
