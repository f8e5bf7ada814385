/**
 * Asynchronous Run-Lambda rule: observes every message and writes one structured audit line. It
 * cannot change delivery (WorkMail ignores what an asynchronous function returns), and it logs no
 * subject or body text: only the envelope's shape.
 */
import { asyncHandler } from '../lib';

export const handler = asyncHandler(async (event, { log, invocationId }) => {
  const domains = new Set(event.envelope.recipients.map((r) => r.address.split('@').pop()!.toLowerCase()));
  log.info({
    eventName: 'AUDIT_MESSAGE_SEEN',
    invocationId,
    messageId: event.messageId,
    flowDirection: event.flowDirection,
    senderDomain: (event.sender ?? event.envelope.mailFrom).address.split('@').pop()?.toLowerCase(),
    onBehalf: event.sender !== undefined,
    recipientDomains: [...domains].sort(),
    recipientsCount: event.envelope.recipients.length,
    truncated: event.truncated,
  });
});
