/**
 * The LambdaEventData WorkMail would send for a received message: envelope from MAIL FROM / RCPT TO,
 * `sender` from the Sender header when it names someone other than the envelope sender, the decoded
 * subject cut at 256 characters, and `truncated` when the recipient list had to be cut to keep the
 * payload within 128 KB (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html).
 */
import { randomBytes } from 'node:crypto';
import { decodeWords, fieldValue, findHeaderBlock } from '../../message/headers';
import { LIMITS } from '../../workmail/limits';
import type { FlowDirection, LambdaEventData } from '../../workmail/types';

export interface HeaderFacts {
  subject: string;
  /** The Sender header's address, lower case, if any. */
  sender?: string;
  /** Odd input found in the header block (defined outcomes, the workmail-rules docs/sandbox.md). */
  notes: string[];
}

const ADDRESS = /<([^<>\s]+@[^<>\s]+)>|([^\s<>(),;:"]+@[^\s<>(),;:"]+)/;

/** Subject and Sender from the top-level header block; never throws. */
export function headerFacts(raw: Buffer): HeaderFacts {
  const notes: string[] = [];
  const block = findHeaderBlock(raw);
  const fields = block.fields;
  if (fields.length === 0 || fields.every((f) => f.name === '')) notes.push('no header block: the message starts with its body');
  else if (fields.some((f) => f.name === '')) notes.push('broken header block: lines that are not header fields were kept as they are');
  if (/[\x80-\xff]/.test(raw.toString('latin1', block.start, block.end))) {
    notes.push('8-bit bytes in the header block: read as UTF-8 where valid, else as Latin-1');
  }
  const subjectField = fields.find((f) => f.name === 'subject');
  const senderField = fields.find((f) => f.name === 'sender');
  const subject = subjectField ? decodeWords(fieldValue(raw, subjectField)) : '';
  const senderMatch = senderField ? ADDRESS.exec(decodeWords(fieldValue(raw, senderField))) : null;
  const sender = senderMatch ? (senderMatch[1] ?? senderMatch[2])!.toLowerCase() : undefined;
  return { subject, ...(sender ? { sender } : {}), notes };
}

/** A Message Flow id (`[a-z0-9-]`, like WorkMail's UUIDs) and a 32-hex invocation id. */
export function newIds(): { messageId: string; invocationId: string } {
  const hex = randomBytes(16).toString('hex');
  const messageId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { messageId, invocationId: randomBytes(16).toString('hex') };
}

export interface BuiltEvent {
  event: LambdaEventData;
  /** Recipients left out of the event to keep it within 128 KB. */
  omitted: string[];
}

export function buildEvent(input: {
  messageId: string;
  invocationId: string;
  direction: FlowDirection;
  mailFrom: string;
  recipients: readonly string[];
  facts: HeaderFacts;
}): BuiltEvent {
  const { facts } = input;
  const subject = [...facts.subject].slice(0, LIMITS.maxSubjectChars).join('');
  const sender = facts.sender && facts.sender !== input.mailFrom.toLowerCase() ? { address: facts.sender } : undefined;
  const event: LambdaEventData = {
    summaryVersion: '2018-10-10',
    envelope: { mailFrom: { address: input.mailFrom }, recipients: input.recipients.map((address) => ({ address })) },
    ...(sender ? { sender } : {}),
    subject,
    messageId: input.messageId,
    invocationId: input.invocationId,
    flowDirection: input.direction,
    truncated: false,
  } as LambdaEventData;
  let size = Buffer.byteLength(JSON.stringify(event));
  if (size <= LIMITS.maxEventPayloadBytes) return { event, omitted: [] };
  const kept = [...event.envelope.recipients];
  const omitted: string[] = [];
  while (kept.length > 0 && size > LIMITS.maxEventPayloadBytes) {
    const r = kept.pop()!;
    omitted.unshift(r.address);
    size -= Buffer.byteLength(JSON.stringify(r)) + 1;
  }
  return { event: { ...event, envelope: { ...event.envelope, recipients: kept }, truncated: true } as LambdaEventData, omitted };
}
