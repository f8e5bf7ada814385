/**
 * The text kinds (matching as in ./text.ts): `subject(...)`, the event's subject (cut at 256 characters
 * by WorkMail; envelope only), and `body(...)`, the decoded text body (parses the message).
 */
import { defineConditionKind, outcome, readMessage, type Evaluation, type Outcome } from './kind';
import { showText, testText, textProblems, textRegExps, textWarnings, toTextMatch, type TextMatch } from './text';

export interface SubjectCondition {
  kind: 'subject';
  match: TextMatch;
}
export interface BodyCondition {
  kind: 'body';
  match: TextMatch;
}
declare module './types' {
  interface ConditionKinds {
    subject: SubjectCondition;
    body: BodyCondition;
  }
}

/** The subject contains `text` (case-insensitive), or matches the RegExp. */
export const subject = (text: string | RegExp): SubjectCondition => ({ kind: 'subject', match: toTextMatch(text, 'subject()') });

/** The decoded text body (text/plain, or text extracted from HTML) contains `text` / matches the RegExp. */
export const body = (text: string | RegExp): BodyCondition => ({ kind: 'body', match: toTextMatch(text, 'body()') });

function defineTextKind<K extends 'subject' | 'body'>(
  kind: K,
  cost: number,
  test: (m: TextMatch, ev: Evaluation) => Outcome | Promise<Outcome>,
) {
  defineConditionKind<{ kind: K; match: TextMatch }>({
    kind,
    problems: (c) => textProblems(c.match),
    warnings: (c) => textWarnings(`${kind}()`, c.match),
    regexps: (c) => textRegExps(c.match),
    cost: () => cost,
    describe: (c) => `${kind}(${showText(c.match)})`,
    evaluate: (c, ev) => test(c.match, ev),
  });
}

defineTextKind('subject', 0, (match, ev) => outcome(testText(match, ev.ctx.event.subject ?? '')));
defineTextKind('body', 3, (match, ev) => readMessage(ev, async (m) => testText(match, await m.text())));
