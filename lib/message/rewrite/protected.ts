/**
 * Headers `setHeader`/`removeHeader` refuse: the immutable headers of the MIME checks (reference
 * §5.4 [DESIGN], `IMMUTABLE_HEADERS` of lib/message/check.ts, where `ARC-*` names a family) plus the
 * root Content-Type and Content-Transfer-Encoding, which describe the body these edits do not touch.
 */
import { IMMUTABLE_HEADERS } from '../check';

export const PROTECTED_HEADERS: readonly string[] = [...IMMUTABLE_HEADERS, 'Content-Type', 'Content-Transfer-Encoding'];

export function isProtectedHeader(name: string): boolean {
  const n = name.trim().toLowerCase();
  return PROTECTED_HEADERS.some((p) => {
    const q = p.toLowerCase();
    return q.endsWith('*') ? n.startsWith(q.slice(0, -1)) : n === q;
  });
}
