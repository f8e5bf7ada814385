/**
 * Content conditions: they need the raw message, read through the lazy `MessageContent` view.
 * Header conditions read only the top-level header block; body and attachment conditions parse.
 * A view that rejects (message gone, unreadable) makes the condition unknown (the caller catches).
 */
import type { MessageContent } from '../decision';
import { exactText, testText, toTextMatch } from './text';
import type { AttachmentCondition, AttachmentSpec, BodyCondition, HeaderCondition, SizeCondition } from './types';

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
export interface AttachmentInfo { filename?: string; contentType: string; size: number }

function extensionsOf(spec: AttachmentSpec): string[] {
  const list = spec.extension === undefined ? [] : typeof spec.extension === 'string' ? [spec.extension] : [...spec.extension];
  return list.map((e) => e.trim().replace(/^\./, '').toLowerCase());
}

/** Does one attachment match every field given in `spec`? An empty spec matches any attachment. */
export function matchAttachment(spec: AttachmentSpec, att: AttachmentInfo): boolean {
  const filename = att.filename?.trim();
  if (spec.name !== undefined) {
    if (filename === undefined || filename === '') return false;
    if (spec.name instanceof RegExp ? !new RegExp(spec.name.source, spec.name.flags.replace(/[gy]/g, '')).test(filename) : filename.toLowerCase() !== spec.name.trim().toLowerCase()) return false;
  }
  if (spec.extension !== undefined) {
    const dot = filename?.lastIndexOf('.') ?? -1;
    const ext = filename !== undefined && dot > 0 ? filename.slice(dot + 1).toLowerCase() : undefined;
    if (ext === undefined || !extensionsOf(spec).includes(ext)) return false;
  }
  if (spec.contentType !== undefined) {
    const type = att.contentType.split(';')[0]!.trim().toLowerCase();
    if (spec.contentType instanceof RegExp) {
      if (!new RegExp(spec.contentType.source, spec.contentType.flags.replace(/[gy]/g, '')).test(type)) return false;
    } else {
      const want = spec.contentType.trim().toLowerCase();
      if (want.endsWith('/*') ? !type.startsWith(want.slice(0, -1)) : type !== want) return false;
    }
  }
  if (spec.minBytes !== undefined && !(att.size >= spec.minBytes)) return false;
  return true;
}

/** Why an attachment spec is invalid, one line per problem. */
export function attachmentSpecProblems(spec: AttachmentSpec): string[] {
  const out: string[] = [];
  if (spec === null || typeof spec !== 'object') return ['attachment() expects an object like { extension: "exe" }'];
  if (spec.name !== undefined && !(spec.name instanceof RegExp) && (typeof spec.name !== 'string' || spec.name.trim() === '')) out.push('attachment(): name must be a non-empty string or a RegExp');
  if (spec.extension !== undefined) {
    const list = typeof spec.extension === 'string' ? [spec.extension] : spec.extension;
    if (!Array.isArray(list) || list.length === 0 || list.some((e) => typeof e !== 'string' || !/^\.?[^.\s/\\]+$/.test(e.trim()))) {
      out.push('attachment(): extension must be one or more extensions like "exe" or ".pdf"');
    }
  }
  if (spec.contentType !== undefined && !(spec.contentType instanceof RegExp) && (typeof spec.contentType !== 'string' || !/^[^\s/]+\/[^\s/]+$/.test(spec.contentType.trim()))) {
    out.push('attachment(): contentType must look like "type/subtype" or "type/*", or be a RegExp');
  }
  if (spec.minBytes !== undefined && !(Number.isFinite(spec.minBytes) && spec.minBytes >= 0)) out.push('attachment(): minBytes must be a number ≥ 0');
  return out;
}

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
