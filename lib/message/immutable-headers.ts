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
