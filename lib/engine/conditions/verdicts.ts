/** Header conditions with a name of their own: the SES verdicts and Authentication-Results. */
import type { HeaderCondition } from './header';
import { exactText } from './text';

/** Amazon SES verdict values, as written in the X-SES-*-Verdict headers. */
export type SesVerdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

/** `X-SES-Spam-Verdict` equals `v` (case-insensitive). */
export function spamVerdict(v: SesVerdict): HeaderCondition {
  return { kind: 'header', name: 'X-SES-Spam-Verdict', match: exactText(v, 'spamVerdict()'), label: `spamVerdict(${JSON.stringify(v)})` };
}

/** `X-SES-Virus-Verdict` equals `v` (case-insensitive). */
export function virusVerdict(v: SesVerdict): HeaderCondition {
  return {
    kind: 'header',
    name: 'X-SES-Virus-Verdict',
    match: exactText(v, 'virusVerdict()'),
    label: `virusVerdict(${JSON.stringify(v)})`,
  };
}

export type AuthMethod = 'spf' | 'dkim' | 'dmarc';
export type AuthResultValue = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'policy';

/** An `Authentication-Results` header reports `method=result` (e.g. `dmarc=fail`). */
export function authResult(method: AuthMethod, result: AuthResultValue): HeaderCondition {
  const label = `authResult(${JSON.stringify(method)}, ${JSON.stringify(result)})`;
  if (!['spf', 'dkim', 'dmarc'].includes(method) || typeof result !== 'string' || !/^[a-z]+$/i.test(result)) {
    return {
      kind: 'header',
      name: 'Authentication-Results',
      match: { kind: 'invalid', problem: `${label}: method must be spf, dkim or dmarc and result a word` },
      label,
    };
  }
  const regexp = new RegExp(`(?:^|[;\\s])${method}\\s*=\\s*${result}(?![\\w-])`, 'i');
  return { kind: 'header', name: 'Authentication-Results', match: { kind: 'regexp', regexp }, label };
}
