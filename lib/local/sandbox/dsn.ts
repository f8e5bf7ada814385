/**
 * A delivery status notification (RFC 3464 `multipart/report; report-type=delivery-status`) for the
 * bounced recipients, composed with nodemailer's MIME builder: a human-readable part with the bounce
 * message, the machine-readable `message/delivery-status` part, and the original headers
 * (`text/rfc822-headers`).
 */
import { findHeaderBlock } from '../../message/headers';

export interface DsnInput {
  /** The envelope sender the DSN goes to. */
  to: string;
  /** The organization domain the report comes from (Reporting-MTA). */
  reportingDomain: string;
  original: Buffer;
  originalMessageId: string;
  recipients: { address: string; bounceMessage?: string }[];
  arrivalDate: Date;
}

interface MimeNodeLike {
  createChild(contentType: string, options?: Record<string, unknown>): MimeNodeLike;
  setHeader(key: string, value: string): MimeNodeLike;
  setContent(content: string | Buffer): MimeNodeLike;
  build(): Promise<Buffer>;
}

const DEFAULT_TEXT = 'Your message was not delivered: the organization’s email flow rules bounced it.';

export async function composeDsn(input: DsnInput): Promise<Buffer> {
  const MimeNode = (await import('nodemailer/lib/mime-node')).default as unknown as new (
    contentType: string,
    options?: Record<string, unknown>,
  ) => MimeNodeLike;
  const root = new MimeNode('multipart/report; report-type=delivery-status');
  root.setHeader('From', `Mail Delivery System <MAILER-DAEMON@${input.reportingDomain}>`);
  root.setHeader('To', input.to);
  root.setHeader('Subject', 'Undeliverable: your message was bounced');
  root.setHeader('Date', new Date().toUTCString().replace(/GMT$/, '+0000'));
  root.setHeader('Auto-Submitted', 'auto-replied');
  root.setHeader('Message-ID', `<dsn-${input.originalMessageId}@${input.reportingDomain}>`);

  const lines = input.recipients.map((r) => `${r.address}: ${r.bounceMessage ?? DEFAULT_TEXT}`);
  root
    .createChild('text/plain; charset=utf-8')
    .setContent(`Your message could not be delivered to these recipients:\r\n\r\n${lines.join('\r\n')}\r\n`);

  const perRecipient = input.recipients.map((r) =>
    [
      `Final-Recipient: rfc822; ${r.address}`,
      'Action: failed',
      'Status: 5.7.1',
      `Diagnostic-Code: smtp; 550 5.7.1 ${(r.bounceMessage ?? DEFAULT_TEXT).replace(/[\r\n]+/g, ' ')}`,
    ].join('\r\n'),
  );
  const status = [
    [`Reporting-MTA: dns; ${input.reportingDomain}`, `Arrival-Date: ${input.arrivalDate.toUTCString().replace(/GMT$/, '+0000')}`].join(
      '\r\n',
    ),
    ...perRecipient,
  ].join('\r\n\r\n');
  root.createChild('message/delivery-status').setContent(`${status}\r\n`);

  const block = findHeaderBlock(input.original);
  root.createChild('text/rfc822-headers').setContent(input.original.subarray(block.start, block.end));
  return root.build();
}
