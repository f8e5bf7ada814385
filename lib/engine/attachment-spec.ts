/**
 * Attachment specs, the one matcher of `attachment()` and of `removeAttachments()` (lib/runtime hands
 * it to the rewriter as a predicate). Every field given must hold; an empty spec matches all.
 */
import type { AttachmentFacts } from '../workmail/message-content';
import { stateless } from './conditions/text';

export interface AttachmentSpec {
  /** Case-insensitive glob (`*`, `?`; without wildcards the exact name) or a RegExp, tested on the whole filename. */
  name?: string | RegExp;
  /** One extension or a list, case-insensitive, with or without the dot (`'pdf'`, `['.exe', 'js']`). */
  extension?: string | readonly string[];
  /** Exact type (`'application/pdf'`) or a whole family (`'image/*'`), case-insensitive; or a RegExp. */
  contentType?: string | RegExp;
  /** Decoded size at least this many bytes. */
  minBytes?: number;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

const asList = (v: string | readonly string[]): readonly string[] => (typeof v === 'string' ? [v] : v);

export function matchAttachment(spec: AttachmentSpec, facts: AttachmentFacts): boolean {
  const filename = facts.filename?.trim();
  if (spec.name !== undefined) {
    if (!filename) return false;
    const re = typeof spec.name === 'string' ? globToRegExp(spec.name.trim()) : stateless(spec.name);
    if (!re.test(filename)) return false;
  }
  if (spec.extension !== undefined) {
    const name = filename ?? '';
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
    if (!ext || !asList(spec.extension).some((e) => e.trim().replace(/^\./, '').toLowerCase() === ext)) return false;
  }
  if (spec.contentType !== undefined) {
    const type = facts.contentType.split(';')[0]!.trim().toLowerCase();
    const w = spec.contentType instanceof RegExp ? spec.contentType : spec.contentType.trim().toLowerCase();
    if (w instanceof RegExp ? !stateless(w).test(type) : w.endsWith('/*') ? !type.startsWith(w.slice(0, -1)) : type !== w) return false;
  }
  if (spec.minBytes !== undefined && facts.size < spec.minBytes) return false;
  return true;
}

/** Why an attachment spec is invalid, one line per problem. */
export function attachmentSpecProblems(spec: AttachmentSpec): string[] {
  const out: string[] = [];
  if (spec === null || typeof spec !== 'object') return ['attachment() expects an object like { extension: "exe" }'];
  if (spec.name !== undefined && !(spec.name instanceof RegExp) && (typeof spec.name !== 'string' || spec.name.trim() === ''))
    out.push('attachment(): name must be a non-empty string or a RegExp');
  if (spec.extension !== undefined) {
    const list = asList(spec.extension);
    if (!Array.isArray(list) || list.length === 0 || list.some((e) => typeof e !== 'string' || !/^\.?[^.\s/\\]+$/.test(e.trim()))) {
      out.push('attachment(): extension must be one or more extensions like "exe" or ".pdf"');
    }
  }
  if (
    spec.contentType !== undefined &&
    !(spec.contentType instanceof RegExp) &&
    (typeof spec.contentType !== 'string' || !/^[^\s/]+\/[^\s/]+$/.test(spec.contentType.trim()))
  ) {
    out.push('attachment(): contentType must look like "type/subtype" or "type/*", or be a RegExp');
  }
  if (spec.minBytes !== undefined && !(Number.isFinite(spec.minBytes) && spec.minBytes >= 0))
    out.push('attachment(): minBytes must be a number ≥ 0');
  return out;
}
