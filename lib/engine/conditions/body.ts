/** `body(text | RegExp)`: the decoded text body (text/plain, or text extracted from HTML). Parses the message. */
import { defineConditionKind, readMessage } from './kind';
import { showText, testText, textProblems, textRegExps, textWarnings, toTextMatch, type TextMatch } from './text';

export interface BodyCondition {
  kind: 'body';
  match: TextMatch;
}
declare module './types' {
  interface ConditionKinds {
    body: BodyCondition;
  }
}

/** The decoded text body (text/plain, or text extracted from HTML) contains `text` / matches the RegExp. */
export const body = (text: string | RegExp): BodyCondition => ({ kind: 'body', match: toTextMatch(text, 'body()') });

defineConditionKind<BodyCondition>({
  kind: 'body',
  problems: (c) => textProblems(c.match),
  warnings: (c) => textWarnings('body()', c.match),
  regexps: (c) => textRegExps(c.match),
  cost: () => 3,
  describe: (c) => `body(${showText(c.match)})`,
  evaluate: (c, ev) => readMessage(ev, async (m) => testText(c.match, await m.text())),
});
