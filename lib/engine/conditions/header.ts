/**
 * `header(name, text?)`: a top-level header field exists, or one of its decoded values matches (the
 * body is never read); with the SES verdicts and Authentication-Results built on it.
 */
import { defineConditionKind, readMessage } from './kind';
import { exactText, showText, testText, textProblems, textRegExps, textWarnings, toTextMatch, type TextMatch } from './text';

export interface HeaderCondition {
  kind: 'header';
  name: string;
  /** Absent: the header only has to exist. */
  match?: TextMatch;
  /** How to show it, for the conveniences built on it (`spamVerdict('FAIL')`). */
  label?: string;
}
declare module './types' {
  interface ConditionKinds {
    header: HeaderCondition;
  }
}

/** RFC 5322 field name: printable ASCII except the colon. */
const FIELD_NAME = /^[!-9;-~]+$/;

/** The header exists (any value), or one of its decoded values matches `pattern`. */
export function header(name: string, pattern?: string | RegExp): HeaderCondition {
  return pattern === undefined
    ? { kind: 'header', name }
    : { kind: 'header', name, match: toTextMatch(pattern, `header(${JSON.stringify(name)})`) };
}

defineConditionKind<HeaderCondition>({
  kind: 'header',
  problems: (c) => [
    ...(typeof c.name !== 'string' || !FIELD_NAME.test(c.name) ? [`header(): ${JSON.stringify(c.name)} is not a header field name`] : []),
    ...textProblems(c.match),
  ],
  warnings: (c) => textWarnings(`header(${JSON.stringify(c.name)})`, c.match),
  regexps: (c) => textRegExps(c.match),
  cost: () => 2,
  describe: (c) => c.label ?? `header(${JSON.stringify(c.name)}${c.match ? `, ${showText(c.match)}` : ''})`,
  evaluate: (c, ev) =>
    readMessage(ev, async (m) => {
      const name = c.name.toLowerCase();
      const values = (await m.headers()).filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
      return c.match === undefined ? values.length > 0 : values.some((v) => testText(c.match!, v));
    }),
});

/** Amazon SES verdict values, as written in the X-SES-*-Verdict headers. */
export type SesVerdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

const verdict = (fn: string, name: string, v: SesVerdict): HeaderCondition => ({
  kind: 'header',
  name,
  match: exactText(v, `${fn}()`),
  label: `${fn}(${JSON.stringify(v)})`,
});

/** `X-SES-Spam-Verdict` equals `v` (case-insensitive). */
export function spamVerdict(v: SesVerdict): HeaderCondition {
  return verdict('spamVerdict', 'X-SES-Spam-Verdict', v);
}

/** `X-SES-Virus-Verdict` equals `v` (case-insensitive). */
export function virusVerdict(v: SesVerdict): HeaderCondition {
  return verdict('virusVerdict', 'X-SES-Virus-Verdict', v);
}

export type AuthMethod = 'spf' | 'dkim' | 'dmarc';
export type AuthResultValue = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'policy';

/** An `Authentication-Results` header reports `method=result` (e.g. `dmarc=fail`). */
export function authResult(method: AuthMethod, result: AuthResultValue): HeaderCondition {
  const label = `authResult(${JSON.stringify(method)}, ${JSON.stringify(result)})`;
  const match: TextMatch =
    !['spf', 'dkim', 'dmarc'].includes(method) || typeof result !== 'string' || !/^[a-z]+$/i.test(result)
      ? { kind: 'invalid', problem: `${label}: method must be spf, dkim or dmarc and result a word` }
      : { kind: 'regexp', regexp: new RegExp(`(?:^|[;\\s])${method}\\s*=\\s*${result}(?![\\w-])`, 'i') };
  return { kind: 'header', name: 'Authentication-Results', match, label };
}
