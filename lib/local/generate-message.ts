/**
 * A small RFC 5322 message built from a WorkMail event (nodemailer's MailComposer, loaded lazily),
 * for replays that have no recorded message.
 */
export interface EventLike {
  messageId?: unknown;
  subject?: unknown;
  envelope?: { mailFrom?: { address?: unknown }; recipients?: { address?: unknown }[] };
  sender?: { address?: unknown } | null;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Fixed date so generated messages are reproducible. */
const DATE = new Date('2026-01-01T00:00:00Z');

export async function generateMessage(event: EventLike): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const from = str(event.envelope?.mailFrom?.address) ?? 'sender@example.com';
  const to = (event.envelope?.recipients ?? []).map((r) => str(r?.address)).filter((a): a is string => a !== undefined);
  const id = str(event.messageId) ?? 'local';
  const sender = str(event.sender?.address);
  const mail = new MailComposer({
    from,
    ...(sender ? { sender } : {}),
    to: to.length > 0 ? to : 'recipient@example.com',
    subject: typeof event.subject === 'string' ? event.subject : '',
    messageId: `<${id}@workmail-rules.local>`,
    date: DATE,
    text: `Local replay message ${id}, generated from the event envelope.\r\n`,
  });
  return mail.compile().build();
}
