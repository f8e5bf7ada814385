/**
 * The attachment matcher used by `removeAttachments`: the same semantics as the rules' `attachment()`
 * condition (lib/engine may not be imported from lib/message, so the small matcher lives here too).
 * Every field given must hold; a spec with no field matches every attachment.
 */
export interface AttachmentSpec {
  /**
   * Case-insensitive glob (`*`, `?`) or a RegExp, tested against the whole filename. A string
   * without wildcards is the exact name, as in the rules' `attachment()`.
   */
  name?: string | RegExp;
  /** One extension or a list, case-insensitive, with or without the dot (`'pdf'`, `['.exe', 'js']`). */
  extension?: string | readonly string[];
  /** Exact type (`'application/pdf'`) or a whole family (`'image/*'`), case-insensitive; or a RegExp. */
  contentType?: string | RegExp;
  /** Decoded size at least this many bytes. */
  minBytes?: number;
}

export interface AttachmentFacts {
  filename?: string;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

const asList = (v: string | readonly string[]): readonly string[] => (typeof v === 'string' ? [v] : v);
const fresh = (re: RegExp): RegExp => new RegExp(re.source, re.flags.replace(/[gy]/g, ''));

export function matchAttachment(spec: AttachmentSpec, facts: AttachmentFacts): boolean {
  const filename = facts.filename?.trim();
  if (spec.name !== undefined) {
    if (!filename) return false;
    const re = typeof spec.name === 'string' ? globToRegExp(spec.name.trim()) : fresh(spec.name);
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
    if (spec.contentType instanceof RegExp) {
      if (!fresh(spec.contentType).test(type)) return false;
    } else {
      const w = spec.contentType.trim().toLowerCase();
      if (w.endsWith('/*') ? !type.startsWith(w.slice(0, -1)) : type !== w) return false;
    }
  }
  if (spec.minBytes !== undefined && facts.size < spec.minBytes) return false;
  return true;
}
