/**
 * Applies the decisions per recipient, as WorkMail would: DEFAULT and BYPASS_SPAM_CHECK into the
 * recipient's Maildir, MOVE_TO_JUNK into its `.Junk`, DROP nowhere, BOUNCE into one DSN for the
 * envelope sender (their local mailbox when they are of the organization, else `outbox/`; none for
 * the null sender `<>`). Outbound DEFAULT to an address outside the organization lands in `outbox/`
 * (nothing is relayed), with a `Delivered-To` line naming the recipient. The delivered bytes are the
 * rewritten message when the handler rewrote it.
 */
import * as path from 'node:path';
import type { FlowDirection } from '../../workmail/types';
import type { ReplayDecision } from '../decisions';
import { composeDsn } from './dsn';
import { deliverTo, folderFor, outboxDir } from './maildir';
import type { Placement, RecipientOutcome } from './types';

export interface ApplyInput {
  mailroot: string;
  direction: FlowDirection;
  messageId: string;
  mailFrom: string;
  decisions: readonly ReplayDecision[];
  omitted: ReadonlySet<string>;
  original: Buffer;
  delivered: Buffer;
  isLocal(address: string): boolean;
  receivedAt: Date;
}

export interface Applied {
  outcomes: RecipientOutcome[];
  dsnFile?: string;
}

const domainOf = (a: string) => a.slice(a.lastIndexOf('@') + 1).toLowerCase();

export async function applyDecisions(input: ApplyInput): Promise<Applied> {
  const rel = (file: string) => path.relative(input.mailroot, file).split(path.sep).join('/');
  const outcomes: RecipientOutcome[] = [];
  const bounced: { address: string; bounceMessage?: string }[] = [];
  for (const d of input.decisions) {
    const base = {
      recipient: d.recipient,
      action: d.action,
      ...(d.rule !== undefined ? { rule: d.rule } : {}),
      ...(d.copy ? { copy: true as const } : {}),
      ...(input.omitted.has(d.recipient) ? { omittedFromEvent: true as const } : {}),
    };
    let placement: Placement;
    let file: string | undefined;
    switch (d.action) {
      case 'DROP':
        placement = 'dropped';
        break;
      case 'BOUNCE':
        placement = 'bounced';
        bounced.push({ address: d.recipient, ...(d.bounceMessage !== undefined ? { bounceMessage: d.bounceMessage } : {}) });
        break;
      case 'MOVE_TO_JUNK':
        placement = 'junk';
        file = await deliverTo(folderFor(input.mailroot, d.recipient, true), input.delivered);
        break;
      default:
        if (input.direction === 'OUTBOUND' && !input.isLocal(d.recipient)) {
          placement = 'outbox';
          const stamped = Buffer.concat([Buffer.from(`Delivered-To: ${d.recipient}\r\n`), input.delivered]);
          file = await deliverTo(outboxDir(input.mailroot), stamped);
        } else {
          placement = 'inbox';
          file = await deliverTo(folderFor(input.mailroot, d.recipient), input.delivered);
        }
    }
    outcomes.push({
      ...base,
      placement,
      ...(file ? { file: rel(file) } : {}),
      ...(d.bounceMessage !== undefined ? { bounceMessage: d.bounceMessage } : {}),
    });
  }
  if (bounced.length === 0 || input.mailFrom === '') return { outcomes };
  const reportingDomain = domainOf(bounced[0]!.address) || 'localhost';
  const dsn = await composeDsn({
    to: input.mailFrom,
    reportingDomain: input.direction === 'INBOUND' ? reportingDomain : domainOf(input.mailFrom),
    original: input.original,
    originalMessageId: input.messageId,
    recipients: bounced,
    arrivalDate: input.receivedAt,
  });
  const dir = input.isLocal(input.mailFrom) ? folderFor(input.mailroot, input.mailFrom) : outboxDir(input.mailroot);
  const dsnFile = await deliverTo(
    dir,
    input.isLocal(input.mailFrom) ? dsn : Buffer.concat([Buffer.from(`Delivered-To: ${input.mailFrom}\r\n`), dsn]),
  );
  return { outcomes, dsnFile: rel(dsnFile) };
}
