/**
 * Headers `setHeader`/`removeHeader` refuse: the immutable headers of the MIME checks (reference
 * §5.4 [DESIGN]) plus the root Content-Type and Content-Transfer-Encoding, which describe the body
 * that these edits do not touch.
 * LOCAL COPY until lib/message/check.ts exports IMMUTABLE_HEADERS; then this re-exports it.
 */
const IMMUTABLE_LOCAL: readonly string[] = [
  'message-id',
  'date',
  'from',
  'sender',
  'return-path',
  'received',
  'dkim-signature',
  'arc-seal',
  'arc-message-signature',
  'arc-authentication-results',
  'mime-version',
];

export const PROTECTED_HEADERS: readonly string[] = [...IMMUTABLE_LOCAL, 'content-type', 'content-transfer-encoding'];

export function isProtectedHeader(name: string): boolean {
  return PROTECTED_HEADERS.includes(name.trim().toLowerCase());
}
