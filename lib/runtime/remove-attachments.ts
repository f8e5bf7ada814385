/**
 * `removeAttachments(spec)`: the rewrite edit composed from both sides: the rules' attachment spec
 * (lib/engine, the same matcher as the `attachment()` condition) and the rewriter's edit
 * (lib/message, which takes the matcher as a predicate). Checked when the handler is defined.
 */
import { attachmentSpecProblems, matchAttachment, type AttachmentSpec } from '../engine/attachment-spec';
import type { RemoveAttachmentsEdit } from '../message/rewrite/edits';
import { EditDefinitionError } from '../message/rewrite/errors';

const FIELDS = ['name', 'extension', 'contentType', 'minBytes'];

/** Replace every attachment matching `match` with a short text/plain note. */
export function removeAttachments(match: AttachmentSpec, options: { note?: string } = {}): RemoveAttachmentsEdit {
  if (!match || typeof match !== 'object') throw new EditDefinitionError('removeAttachments: `match` must be an attachment spec object');
  const unknown = Object.keys(match).filter((k) => !FIELDS.includes(k));
  if (unknown.length) {
    throw new EditDefinitionError(`removeAttachments: unknown field(s) ${unknown.join(', ')} in match; use ${FIELDS.join(', ')}`);
  }
  const problems = attachmentSpecProblems(match).map((p) => p.replace(/^attachment\(\)/, 'removeAttachments'));
  if (problems.length) throw new EditDefinitionError(problems.join('; '));
  if (options.note !== undefined && typeof options.note !== 'string') {
    throw new EditDefinitionError('removeAttachments: `note` must be a string');
  }
  const spec = { ...match };
  const edit: RemoveAttachmentsEdit = {
    kind: 'removeAttachments',
    matches: (a) => matchAttachment(spec, a),
    ...(options.note !== undefined ? { note: options.note } : {}),
  };
  return Object.freeze(edit);
}
