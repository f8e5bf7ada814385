/**
 * The header names WorkMail keeps from the original message: shared by the MIME checks and the edit
 * builders, in a file of its own so that building an edit loads none of the MIME libraries.
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

/** Is `name` in `list` (case-insensitive; `ARC-*` names a family)? */
export function inHeaderList(list: readonly string[], name: string): boolean {
  const n = name.trim().toLowerCase();
  return list.some((h) => (h.endsWith('*') ? n.startsWith(h.slice(0, -1).toLowerCase()) : n === h.toLowerCase()));
}
