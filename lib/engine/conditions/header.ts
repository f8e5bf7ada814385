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
  /**
   * Read only the topmost field of that name (the one the receiving server prepends; copies the
   * sender wrote below it are ignored); with `authservId`, the topmost whose authserv-id is that one.
   */
  topmost?: true;
  /** For Authentication-Results: the receiving server's authserv-id (RFC 8601 §2.5), case-insensitive. */
  authservId?: string;
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
    ...(c.authservId !== undefined && (typeof c.authservId !== 'string' || !/^[^\s;()]+$/.test(c.authservId))
      ? [`${c.label ?? 'header()'}: authservId must be a host name like "amazonses.com"`]
      : []),
  ],
  warnings: (c) => textWarnings(`header(${JSON.stringify(c.name)})`, c.match),
  regexps: (c) => textRegExps(c.match),
  cost: () => 2,
  describe: (c) => c.label ?? `header(${JSON.stringify(c.name)}${c.match ? `, ${showText(c.match)}` : ''})`,
  evaluate: (c, ev) =>
    readMessage(ev, async (m) => {
      const name = c.name.toLowerCase();
      let values = (await m.headers()).filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
      if (c.authservId !== undefined) values = values.filter((v) => authservIdOf(v) === c.authservId!.toLowerCase());
      if (c.topmost) values = values.slice(0, 1);
      return c.match === undefined ? values.length > 0 : values.some((v) => testText(c.match!, v));
    }),
});

/** The authserv-id of an Authentication-Results value: its first token, before any version and the first `;` (RFC 8601 §2.2). */
export function authservIdOf(value: string): string {
  return (value.split(';', 1)[0] ?? '')
    .replace(/\([^)]*\)/g, ' ')
    .trim()
    .split(/\s+/, 1)[0]!
    .toLowerCase();
}

/** The authserv-id Amazon SES writes when it receives mail for WorkMail. */
export const WORKMAIL_AUTHSERV_ID = 'amazonses.com';

/** Amazon SES verdict values, as written in the X-SES-*-Verdict headers. */
export type SesVerdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

const verdict = (fn: string, name: string, v: SesVerdict): HeaderCondition => ({
  kind: 'header',
  name,
  match: exactText(v, `${fn}()`),
  label: `${fn}(${JSON.stringify(v)})`,
  topmost: true,
});

/** The topmost `X-SES-Spam-Verdict` (the one SES prepends on receipt) equals `v` (case-insensitive). */
export function spamVerdict(v: SesVerdict): HeaderCondition {
  return verdict('spamVerdict', 'X-SES-Spam-Verdict', v);
}

/** The topmost `X-SES-Virus-Verdict` (the one SES prepends on receipt) equals `v` (case-insensitive). */
export function virusVerdict(v: SesVerdict): HeaderCondition {
  return verdict('virusVerdict', 'X-SES-Virus-Verdict', v);
}

export type AuthMethod = 'spf' | 'dkim' | 'dmarc';
export type AuthResultValue = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'policy';

/**
 * The receiving server's `Authentication-Results` reports `method=result` (e.g. `dmarc=fail`): the
 * topmost field whose authserv-id is `authservId` (default `amazonses.com`, what SES writes for
 * WorkMail); fields of other servers, and lower copies a sender wrote, are not read.
 */
export function authResult(method: AuthMethod, result: AuthResultValue, options: { authservId?: string } = {}): HeaderCondition {
  const authservId = options.authservId ?? WORKMAIL_AUTHSERV_ID;
  const custom = options.authservId !== undefined ? `, ${JSON.stringify({ authservId })}` : '';
  const label = `authResult(${JSON.stringify(method)}, ${JSON.stringify(result)}${custom})`;
  const match: TextMatch =
    !['spf', 'dkim', 'dmarc'].includes(method) || typeof result !== 'string' || !/^[a-z]+$/i.test(result)
      ? { kind: 'invalid', problem: `${label}: method must be spf, dkim or dmarc and result a word` }
      : { kind: 'regexp', regexp: new RegExp(`(?:^|[;\\s])${method}\\s*=\\s*${result}(?![\\w-])`, 'i') };
  return { kind: 'header', name: 'Authentication-Results', match, label, topmost: true, authservId };
}
