/** The message rewriter: byte-preserving edits of raw MIME. */
export { tagSubject, setHeader, removeHeader, appendFooter } from './edits';
export type { Edit, TagSubjectEdit, SetHeaderEdit, RemoveHeaderEdit, AppendFooterEdit, RemoveAttachmentsEdit } from './edits';
export { rewriteMessage, type RewriteResult } from './rewrite';
export { RewriteError, EditDefinitionError } from './errors';
