/**
 * SMTP in (nodemailer's `smtp-server`), on 127.0.0.1: SIZE at WorkMail's 40 MB (larger: 552),
 * 8BITMIME, SMTPUTF8, PIPELINING, up to 500 recipients (more: 452 at RCPT). A message over the size
 * that did not announce SIZE= is read to its end without being kept, then refused with 552. An
 * address whose 8-bit bytes are not UTF-8 is refused with 553 (at MAIL or RCPT). Without AUTH a recipient
 * outside the organization domains is refused at RCPT with 550 (INBOUND mail only); with AUTH (a user
 * of the organization and the local password) any recipient is accepted and the message is OUTBOUND.
 */
import type { SMTPServerAddress, SMTPServer as SMTPServerType, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { LIMITS } from '../../workmail/limits';
import type { FlowDirection } from '../../workmail/types';

export interface SmtpHooks {
  isLocal(address: string): boolean;
  password: string;
  /** Handle one accepted message; the reply waits for it (so a 250 means it is in the mailboxes). */
  onMessage(msg: { direction: FlowDirection; mailFrom: string; recipients: string[]; raw: Buffer; dataEnd: number }): Promise<void>;
  log(line: Record<string, unknown>): void;
  /** The largest message accepted, in bytes (default WorkMail's 40 MB). */
  maxBytes?: number;
}

/** WorkMail's recipients per message (https://docs.aws.amazon.com/workmail/latest/adminguide/workmail_limits.html). */
export const MAX_RECIPIENTS = LIMITS.maxOutboundRecipients;

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

type Reject = (stage: string, code: number, reason: string) => Error;

/**
 * smtp-server decodes a command line as UTF-8, so bytes that are not UTF-8 all become U+FFFD: two
 * different 8-bit addresses would read as one. They are refused (553) instead of being merged.
 */
export const UNDECODABLE_ADDRESS =
  'address is not valid UTF-8 (8-bit bytes that do not decode as UTF-8): send it as UTF-8 (with SMTPUTF8) or as ASCII';
const undecodable = (address: string) => address.includes('\uFFFD');

/**
 * The message's bytes, kept only while they stay within `maxBytes`: past it nothing more is kept
 * (the rest of DATA is read and dropped) and `done` gets null, so a client that did not announce
 * SIZE= cannot make the sandbox hold a message over the limit.
 */
export function collectWithin(stream: SMTPServerDataStream, maxBytes: number, done: (raw: Buffer | null) => void): void {
  let chunks: Buffer[] | null = [];
  let bytes = 0;
  stream.on('data', (c: Buffer) => {
    if (chunks === null) return;
    bytes += c.length;
    if (bytes > maxBytes || stream.sizeExceeded) chunks = null;
    else chunks.push(c);
  });
  stream.on('end', () => done(chunks === null || stream.sizeExceeded ? null : Buffer.concat(chunks, bytes)));
}

function onRcptTo(hooks: SmtpHooks, reject: Reject) {
  return (address: SMTPServerAddress, session: SMTPServerSession, cb: (err?: Error | null) => void) => {
    if (undecodable(address.address)) {
      cb(reject('RCPT', 553, `5.1.3 Recipient ${UNDECODABLE_ADDRESS}`));
    } else if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) {
      cb(
        reject('RCPT', 452, `4.5.3 Too many recipients: WorkMail accepts ${MAX_RECIPIENTS} per message; send the rest in another message`),
      );
    } else if (!session.user && !hooks.isLocal(address.address)) {
      cb(reject('RCPT', 550, '5.7.1 Recipient domain is not an organization domain of this sandbox (authenticate to send outbound mail)'));
    } else cb();
  };
}

function onData(hooks: SmtpHooks, reject: Reject, maxBytes: number) {
  return (stream: SMTPServerDataStream, session: SMTPServerSession, cb: (err?: Error | null, message?: string) => void) => {
    collectWithin(stream, maxBytes, (raw) => {
      if (raw === null) {
        cb(reject('DATA', 552, `5.3.4 Message size exceeds fixed maximum message size: WorkMail's limit is ${maxBytes} bytes`));
        return;
      }
      const dataEnd = performance.now();
      hooks
        .onMessage({
          direction: session.user ? 'OUTBOUND' : 'INBOUND',
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          recipients: session.envelope.rcptTo.map((r) => r.address),
          raw,
          dataEnd,
        })
        .then(
          () => cb(null, 'Message accepted and processed'),
          (err: unknown) =>
            cb(reject('DATA', 451, `4.3.0 The sandbox failed to process the message: ${(err as Error).message}`.slice(0, 400))),
        );
    });
  };
}

export async function createSmtpServer(hooks: SmtpHooks): Promise<SMTPServerType> {
  const { SMTPServer } = await import('smtp-server');
  const reject: Reject = (stage, code, reason) => {
    hooks.log({ eventName: 'SANDBOX_REJECTED', stage, code, reason });
    return smtpError(code, reason);
  };
  const maxBytes = hooks.maxBytes ?? LIMITS.maxMimeBytes;
  return new SMTPServer({
    name: 'workmail-rules-sandbox',
    banner: 'workmail-rules local mail sandbox (nothing leaves this machine)',
    size: maxBytes,
    disabledCommands: ['STARTTLS'],
    hideSTARTTLS: true,
    authOptional: true,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    maxClients: 200,
    onAuth(auth, _session, cb) {
      const user = (auth.username ?? '').toLowerCase();
      if (!hooks.isLocal(user) || auth.password !== hooks.password) {
        const hint = 'log in as an address of the organization domains with the password the sandbox printed at start';
        cb(reject('AUTH', 535, `5.7.8 Authentication failed: ${hint}`));
        return;
      }
      cb(null, { user });
    },
    onMailFrom(address, _session, cb) {
      cb(undecodable(address.address) ? reject('MAIL', 553, `5.1.7 Sender ${UNDECODABLE_ADDRESS}`) : null);
    },
    onRcptTo: onRcptTo(hooks, reject),
    onData: onData(hooks, reject, maxBytes),
  });
}
