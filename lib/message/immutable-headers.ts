/**
 * The header names WorkMail keeps from the original message, and what a field name is: shared by the
 * MIME checks, the header reader and the edit builders; building an edit loads no MIME library.
 */
/** Headers that must keep their values from the original message (https://docs.aws.amazon.com/workmail/latest/APIReference/API_messageflow_RawMessageContent.html). */
export const IMMUTABLE_HEADERS: readonly string[] = [
  'Message-ID',
  'From',
  'Sender',
  'Date',
  'Return-Path',
  'Received',
  'DKIM-Signature',
  'MIME-Version',
  'ARC-*',
];

/** RFC 5322 field name: printable US-ASCII except the colon. */
export const FIELD_NAME = /^[!-9;-~]+$/;

/** Is `name` in `list` (case-insensitive; `ARC-*` names a family)? */
export function inHeaderList(list: readonly string[], name: string): boolean {
  const n = name.trim().toLowerCase();
  return list.some((h) => (h.endsWith('*') ? n.startsWith(h.slice(0, -1).toLowerCase()) : n === h.toLowerCase()));
}
