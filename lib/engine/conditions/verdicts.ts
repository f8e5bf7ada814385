/** Header conditions with a name of their own: the SES verdicts and Authentication-Results. */
import type { HeaderCondition } from './header';
import { exactText, type TextMatch } from './text';

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
