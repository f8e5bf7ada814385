/**
 * Content conditions: they need the raw message, read through the lazy `MessageContent` view.
 * Header conditions read only the top-level header block; body and attachment conditions parse.
 * A view that rejects (message gone, unreadable) makes the condition unknown (the caller catches).
 */
import type { MessageContent } from '../decision';
import { exactText, testText, toTextMatch } from './text';
import { attachmentSpecProblems, matchAttachment, type AttachmentFacts, type AttachmentSpec } from '../../workmail/attachment-spec';
import type { AttachmentCondition, BodyCondition, HeaderCondition, SizeCondition } from './types';

/** RFC 5322 field name: printable ASCII except the colon. */
const FIELD_NAME = /^[!-9;-~]+$/;

/** The header exists (any value), or one of its decoded values matches `pattern`. */
export function header(name: string, pattern?: string | RegExp): HeaderCondition {
  return pattern === undefined ? { kind: 'header', name } : { kind: 'header', name, match: toTextMatch(pattern, `header(${JSON.stringify(name)})`) };
}

/** The decoded text body (text/plain, or text extracted from HTML) contains `text` / matches the RegExp. */
export const body = (text: string | RegExp): BodyCondition => ({ kind: 'body', match: toTextMatch(text, 'body()') });

/** Some attachment matches every given field of `spec`. */
export const attachment = (spec: AttachmentSpec = {}): AttachmentCondition => ({ kind: 'attachment', spec });

/** The raw MIME message is larger than `bytes`. */
export const sizeOver = (bytes: number): SizeCondition => ({ kind: 'sizeOver', bytes });

/** Amazon SES verdict values, as written in the X-SES-*-Verdict headers. */
export type SesVerdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

/** `X-SES-Spam-Verdict` equals `v` (case-insensitive). */
export function spamVerdict(v: SesVerdict): HeaderCondition {
  return { kind: 'header', name: 'X-SES-Spam-Verdict', match: exactText(v, 'spamVerdict()'), label: `spamVerdict(${JSON.stringify(v)})` };
}

/** `X-SES-Virus-Verdict` equals `v` (case-insensitive). */
export function virusVerdict(v: SesVerdict): HeaderCondition {
  return { kind: 'header', name: 'X-SES-Virus-Verdict', match: exactText(v, 'virusVerdict()'), label: `virusVerdict(${JSON.stringify(v)})` };
}

export type AuthMethod = 'spf' | 'dkim' | 'dmarc';
export type AuthResultValue = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'policy';

/** An `Authentication-Results` header reports `method=result` (e.g. `dmarc=fail`). */
export function authResult(method: AuthMethod, result: AuthResultValue): HeaderCondition {
  const label = `authResult(${JSON.stringify(method)}, ${JSON.stringify(result)})`;
  if (!['spf', 'dkim', 'dmarc'].includes(method) || typeof result !== 'string' || !/^[a-z]+$/i.test(result)) {
    return { kind: 'header', name: 'Authentication-Results', match: { kind: 'invalid', problem: `${label}: method must be spf, dkim or dmarc and result a word` }, label };
  }
  const regexp = new RegExp(`(?:^|[;\\s])${method}\\s*=\\s*${result}(?![\\w-])`, 'i');
  return { kind: 'header', name: 'Authentication-Results', match: { kind: 'regexp', regexp }, label };
}

/** An attachment as the view reports it (also what `removeAttachments` sees). */
export type AttachmentInfo = AttachmentFacts;
export { matchAttachment, attachmentSpecProblems };

export function headerProblems(c: HeaderCondition): string[] {
  const out: string[] = [];
  if (typeof c.name !== 'string' || !FIELD_NAME.test(c.name)) out.push(`header(): ${JSON.stringify(c.name)} is not a header field name`);
  if (c.match?.kind === 'invalid') out.push(c.match.problem);
  return out;
}

/** Rough cost of reading what a content condition needs: 0 size, 1 headers, 2 full parse. */
export function contentCost(c: HeaderCondition | BodyCondition | AttachmentCondition | SizeCondition): number {
  return c.kind === 'sizeOver' ? 0 : c.kind === 'header' ? 1 : 2;
}

export async function evalContent(c: HeaderCondition | BodyCondition | AttachmentCondition | SizeCondition, message: MessageContent): Promise<boolean> {
  switch (c.kind) {
    case 'sizeOver':
      return (await message.size()) > c.bytes;
    case 'header': {
      const name = c.name.toLowerCase();
      const values = (await message.headers()).filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
      return c.match === undefined ? values.length > 0 : values.some((v) => testText(c.match!, v));
    }
    case 'body':
      return testText(c.match, await message.text());
    case 'attachment':
      return (await message.attachments()).some((a) => matchAttachment(c.spec, a));
  }
}
