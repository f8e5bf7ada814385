/**
 * rewriteMessage: only the bytes the edits touch change. Header-only edits never look past the top
 * header block; body edits read the tree as byte ranges (../parts.ts) and patch only their parts.
 */
import { applyFooterEdit } from './footer';
import { MimeLibraryNotLoadedError } from '../libs';
import { removeAttachmentPatches } from './attachments';
import { EditDefinitionError, RewriteError } from './errors';
import { applyHeaderEdit, HeaderEditor } from './header-edits';
import { findHeaderBlock, type HeaderBlock } from '../headers';
import { isHeaderEdit, type AppendFooterEdit, type Edit, type RemoveAttachmentsEdit } from './edits';
import { applyPatches, type Patch } from './patch';
import { MAX_HEADER_BYTES, type MimePart } from '../parts';
import { scanReading } from '../attachments';
import { ambiguity } from '../structure';

export interface RewriteResult {
  /** The new message, or the input itself when nothing changed. */
  raw: Buffer;
  changed: boolean;
  /** What was done or skipped, without any message text (safe to log). */
  notes: string[];
}

const KINDS = new Set(['tagSubject', 'setHeader', 'removeHeader', 'appendFooter', 'removeAttachments']);

/** Several appendFooter edits act as one, their footers joined in order. */
function mergeFooters(edits: AppendFooterEdit[]): AppendFooterEdit | undefined {
  if (edits.length === 0) return undefined;
  const texts = edits.map((e) => e.text).filter((t): t is string => t !== undefined);
  const htmls = edits.map((e) => e.html).filter((t): t is string => t !== undefined);
  return {
    kind: 'appendFooter',
    ...(texts.length ? { text: texts.join('\n') } : {}),
    ...(htmls.length ? { html: htmls.join('\n') } : {}),
    ...(edits.some((e) => e.required) ? { required: true } : {}),
  };
}

/** Apply `edits` to `raw`; throws RewriteError (deliver the original) rather than return a half-edited message. */
export async function rewriteMessage(raw: Buffer, edits: readonly Edit[]): Promise<RewriteResult> {
  return rewriteSync(raw, edits);
}

/** The same, as one synchronous step (the runtime runs it under the deadline). */
export function rewriteSync(raw: Buffer, edits: readonly Edit[]): RewriteResult {
  if (!Buffer.isBuffer(raw)) throw new RewriteError('rewriteMessage: raw must be a Buffer holding the MIME message');
  for (const e of edits) {
    if (!e || !KINDS.has((e as Edit).kind)) {
      throw new EditDefinitionError(
        'rewriteMessage: unknown edit; build edits with tagSubject, setHeader, removeHeader, appendFooter, removeAttachments',
      );
    }
  }
  const notes: string[] = [];
  try {
    const footer = mergeFooters(edits.filter((e): e is AppendFooterEdit => e.kind === 'appendFooter'));
    const removals = edits.filter((e): e is RemoveAttachmentsEdit => e.kind === 'removeAttachments');
    const needsTree = Boolean(footer) || removals.length > 0;
    const root: MimePart | undefined = needsTree ? scanReading(raw, false, false) : undefined;
    const why = root && ambiguity(raw, root);
    if (why)
      throw new RewriteError(
        `the message was not edited: ${why}; the original is delivered (workmail-rules docs/rewriting.md, "When a rewrite is refused")`,
      );
    const rootBlock = root ? root.header : findHeaderBlock(raw);
    if (rootBlock.end > MAX_HEADER_BYTES)
      throw new RewriteError(`the header block has no end within ${MAX_HEADER_BYTES} bytes; not editable`);
    const editors = new Map<HeaderBlock, HeaderEditor>();
    const editorFor = (p: MimePart | 'root'): HeaderEditor => {
      const block = p === 'root' ? rootBlock : p.header;
      let ed = editors.get(block);
      if (!ed) editors.set(block, (ed = new HeaderEditor(raw, block)));
      return ed;
    };
    const patches: Patch[] = [];

    for (const e of edits) if (isHeaderEdit(e)) applyHeaderEdit(editorFor('root'), e, notes);
    const taken = new Set<MimePart>();
    if (root) {
      for (const r of removals) patches.push(...removeAttachmentPatches(raw, root, r, taken, notes));
      if (footer) patches.push(...applyFooterEdit(raw, root, footer, taken, editorFor, notes));
    }
    for (const ed of editors.values()) {
      const p = ed.patch();
      if (p) patches.push(p);
    }
    if (patches.length === 0) return { raw, changed: false, notes };
    const out = applyPatches(raw, patches);
    const changed = out.length !== raw.length || !out.equals(raw);
    return { raw: changed ? out : raw, changed, notes };
  } catch (err) {
    if (err instanceof RewriteError || err instanceof EditDefinitionError || err instanceof MimeLibraryNotLoadedError) throw err;
    throw new RewriteError(`the message could not be edited (${err instanceof Error ? err.message : String(err)}); deliver it unchanged`);
  }
}
