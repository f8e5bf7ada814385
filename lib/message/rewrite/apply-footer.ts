/** appendFooter over the whole tree: which parts get it, and which are left untouched (and why). */
import type { AppendFooterEdit } from './edits';
import type { HeaderEditor } from './header-editor';
import { applyPartHeaderChanges, footerForPart, isTextBody, partLabel } from './footer';
import type { Patch } from './patch';
import type { MimePart } from './structure';

export async function applyFooterEdit(
  raw: Buffer,
  root: MimePart,
  footer: AppendFooterEdit,
  taken: Set<MimePart>,
  editorFor: (p: MimePart) => HeaderEditor,
  notes: string[],
): Promise<Patch[]> {
  const patches: Patch[] = [];
  const visit = async (p: MimePart): Promise<void> => {
    if (p.multipart === 'signed' || p.multipart === 'encrypted') {
      notes.push(`footer: multipart/${p.multipart} at ${partLabel(p)} left untouched`);
      return;
    }
    if (p.children.length) {
      for (const c of p.children) await visit(c);
      return;
    }
    if (p.contentType === 'message/rfc822') {
      notes.push(`footer: attached message at ${partLabel(p)} left untouched`);
      return;
    }
    if (p.sealed || taken.has(p) || !isTextBody(p)) return;
    const edit = await footerForPart(raw, p, footer, notes);
    if (!edit) return;
    patches.push(...edit.patches);
    if (edit.headerChanges.encoding || edit.headerChanges.charset) applyPartHeaderChanges(editorFor(p), p, edit.headerChanges);
    taken.add(p);
  };
  await visit(root);
  return patches;
}
