/**
 * The attachment matcher used by `removeAttachments`: the same semantics as the rules' `attachment()`
 * condition (lib/engine may not be imported from lib/message, so the small matcher lives here too).
 * Every field given must hold; a spec with no field matches every attachment.
 */
export interface AttachmentSpec {
  /** Case-insensitive glob (`*`, `?`) or a RegExp, tested against the whole filename. */
  name?: string | RegExp;
  /** One extension or a list, case-insensitive, without the dot (`'pdf'`, `['exe', 'js']`). */
  extension?: string | string[];
  /** Exact type (`'application/pdf'`) or a whole family (`'image/*'`), case-insensitive; or a list. */
  contentType?: string | string[];
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

const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

export function matchAttachment(spec: AttachmentSpec, facts: AttachmentFacts): boolean {
  if (spec.name !== undefined) {
    if (facts.filename === undefined) return false;
    const re = typeof spec.name === 'string' ? globToRegExp(spec.name) : spec.name;
    re.lastIndex = 0;
    if (!re.test(facts.filename)) return false;
  }
  if (spec.extension !== undefined) {
    const name = facts.filename ?? '';
    const dot = name.lastIndexOf('.');
    const ext = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
    if (!ext || !asList(spec.extension).some((e) => e.replace(/^\./, '').toLowerCase() === ext)) return false;
  }
  if (spec.contentType !== undefined) {
    const type = facts.contentType.toLowerCase();
    const ok = asList(spec.contentType).some((want) => {
      const w = want.toLowerCase();
      return w.endsWith('/*') ? type.startsWith(w.slice(0, -1)) : type === w;
    });
    if (!ok) return false;
  }
  if (spec.minBytes !== undefined && facts.size < spec.minBytes) return false;
  return true;
}
