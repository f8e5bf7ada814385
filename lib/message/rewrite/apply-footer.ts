/** appendFooter over the whole tree: which parts get it, and which are left untouched (and why). */
import type { AppendFooterEdit } from './edits';
import type { HeaderEditor } from './header-editor';
import { applyPartHeaderChanges, footerForPart, isTextBody, partLabel } from './footer';
import type { Patch } from './patch';
import type { MimePart } from '../parts';

export function applyFooterEdit(
  raw: Buffer,
  root: MimePart,
  footer: AppendFooterEdit,
  taken: Set<MimePart>,
  editorFor: (p: MimePart) => HeaderEditor,
  notes: string[],
): Patch[] {
  const patches: Patch[] = [];
  const visit = (p: MimePart): void => {
    if (p.multipart === 'signed' || p.multipart === 'encrypted') {
      notes.push(`footer: multipart/${p.multipart} at ${partLabel(p)} left untouched`);
      return;
    }
    if (p.children.length) {
      for (const c of p.children) visit(c);
      return;
    }
    if (p.contentType === 'message/rfc822') {
      notes.push(`footer: attached message at ${partLabel(p)} left untouched`);
      return;
    }
    if (p.sealed || taken.has(p) || !isTextBody(p)) return;
    const edit = footerForPart(raw, p, footer, notes);
    if (!edit) return;
    patches.push(...edit.patches);
    if (edit.headerChanges.encoding || edit.headerChanges.charset) applyPartHeaderChanges(editorFor(p), p, edit.headerChanges);
    taken.add(p);
  };
  visit(root);
  return patches;
}
