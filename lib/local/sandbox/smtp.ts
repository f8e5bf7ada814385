/**
 * SMTP in (nodemailer's `smtp-server`), on 127.0.0.1: SIZE at WorkMail's 40 MB (larger: 552),
 * 8BITMIME, SMTPUTF8, PIPELINING, up to 500 recipients (more: 452 at RCPT). Without AUTH a recipient
 * outside the organization domains is refused at RCPT with 550 (INBOUND mail only); with AUTH (a user
 * of the organization and the local password) any recipient is accepted and the message is OUTBOUND.
 */
import type { SMTPServer as SMTPServerType, SMTPServerSession } from 'smtp-server';
import { LIMITS } from '../../workmail/limits';
import type { FlowDirection } from '../../workmail/types';

export interface SmtpHooks {
  isLocal(address: string): boolean;
  password: string;
  /** Handle one accepted message; the reply waits for it (so a 250 means it is in the mailboxes). */
  onMessage(msg: { direction: FlowDirection; mailFrom: string; recipients: string[]; raw: Buffer; dataEnd: number }): Promise<void>;
  log(line: Record<string, unknown>): void;
}

/** WorkMail's recipients per message (https://docs.aws.amazon.com/workmail/latest/adminguide/workmail_limits.html). */
export const MAX_RECIPIENTS = LIMITS.maxOutboundRecipients;

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export async function createSmtpServer(hooks: SmtpHooks): Promise<SMTPServerType> {
  const { SMTPServer } = await import('smtp-server');
  const reject = (stage: string, code: number, reason: string) => {
    hooks.log({ eventName: 'SANDBOX_REJECTED', stage, code, reason });
    return smtpError(code, reason);
  };
  return new SMTPServer({
    name: 'workmail-rules-sandbox',
    banner: 'workmail-rules local mail sandbox (nothing leaves this machine)',
    size: LIMITS.maxMimeBytes,
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
        cb(
          reject(
            'AUTH',
            535,
            '5.7.8 Authentication failed: log in as an address of the organization domains with the password the sandbox printed at start',
          ),
        );
        return;
      }
      cb(null, { user });
    },
    onRcptTo(address, session, cb) {
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) {
        cb(
          reject(
            'RCPT',
            452,
            `4.5.3 Too many recipients: WorkMail accepts ${MAX_RECIPIENTS} per message; send the rest in another message`,
          ),
        );
        return;
      }
      if (!session.user && !hooks.isLocal(address.address)) {
        cb(
          reject('RCPT', 550, '5.7.1 Recipient domain is not an organization domain of this sandbox (authenticate to send outbound mail)'),
        );
        return;
      }
      cb();
    },
    onData(stream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          cb(reject('DATA', 552, `5.3.4 Message too big: WorkMail's limit is ${LIMITS.maxMimeBytes} bytes`));
          return;
        }
        const dataEnd = performance.now();
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        hooks
          .onMessage({
            direction: session.user ? 'OUTBOUND' : 'INBOUND',
            mailFrom,
            recipients: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
            dataEnd,
          })
          .then(
            () => cb(null, 'Message accepted and processed'),
            (err: unknown) =>
              cb(reject('DATA', 451, `4.3.0 The sandbox failed to process the message: ${(err as Error).message}`.slice(0, 400))),
          );
      });
    },
  });
}
