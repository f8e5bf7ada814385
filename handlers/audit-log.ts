/**
 * Asynchronous Run-Lambda rule: observes every message and writes one structured audit line. It
 * cannot change delivery (WorkMail ignores what an asynchronous function returns), and it logs no
 * subject or body text: only the envelope's shape. It imports the envelope-only entry, so its
 * bundle carries neither the AWS SDK nor the MIME libraries.
 */
import { asyncHandler } from '../lib/envelope';

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
