/** runRewrite's decisions that need no network: it never throws and always explains itself. */
import { deliver, drop, junk } from '../../lib/engine/actions';
import type { Decision } from '../../lib/engine/decision';
import type { MessageContent } from '../../lib/workmail/message-content';
import { appendFooter, tagSubject } from '../../lib/message/rewrite';
import { createMessageView } from '../../lib/message/view';
import { createLogger } from '../../lib/runtime/log';
import { runRewrite, someoneReceives, type RewriteOptions } from '../../lib/runtime/rewrite-step';
import type { LambdaEventData } from '../../lib/workmail/types';

const event: LambdaEventData = {
  summaryVersion: '2019-07-28',
  envelope: { mailFrom: { address: 'a@example.net' }, recipients: [{ address: 'b@corp.example' }] },
  subject: 'hello',
  messageId: 'm-1',
  invocationId: 'i-1',
  flowDirection: 'INBOUND',
  truncated: false,
};
const toAll: Decision = { recipients: [{ address: 'b@corp.example', action: deliver() }] };

async function go(raw: Buffer | Error, options: Partial<RewriteOptions> = {}, decision = toAll) {
  const lines: Record<string, unknown>[] = [];
  const loadRaw = () => (raw instanceof Error ? Promise.reject(raw) : Promise.resolve(raw));
  const message: MessageContent = createMessageView(loadRaw);
  const report = await runRewrite({
    event,
    decision,
    options: { edits: [tagSubject('[EXT]')], bucket: 'rewrite-bucket', ...options },
    loadRaw,
    message,
    signal: new AbortController().signal,
    log: createLogger((l) => lines.push(l)),
  });
  return { report, lines };
}

describe('someoneReceives', () => {
  test('counts recipients, the residual and copies', () => {
    expect(someoneReceives({ recipients: [{ address: 'x', action: drop() }] })).toBe(false);
    expect(someoneReceives({ recipients: [{ address: 'x', action: junk() }] })).toBe(true);
    expect(someoneReceives({ recipients: [], residual: deliver() })).toBe(true);
    expect(someoneReceives({ recipients: [{ address: 'x', action: drop() }], copies: ['y@z'] })).toBe(true);
  });
});

describe('runRewrite without reaching a service', () => {
  test('reports unchanged when the edits change nothing', async () => {
    const raw = Buffer.from('Subject: [EXT] hi\r\n\r\nbody\r\n');
    const { report, lines } = await go(raw);
    expect(report).toEqual({ status: 'unchanged', notes: [], bytesBefore: raw.length });
    expect(lines).toEqual([]); // the handler's own line carries the status
  });
  test('reports a message it cannot edit, delivering the original', async () => {
    const parts = Array.from({ length: 1001 }, () => '--b\r\n\r\nx\r\n').join('');
    const { report } = await go(Buffer.from(`Subject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n${parts}--b--\r\n`), {
      edits: [appendFooter({ text: 'f' })],
    });
    expect(report.status).toBe('failed');
    expect(report.reason).toMatch(/cannot be edited safely \(REWRITE\)/);
  });
  test('reports an unreadable message', async () => {
    const { report } = await go(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }));
    expect(report).toEqual({ status: 'failed', reason: 'the message could not be read (ResourceNotFoundException); nothing to rewrite' });
  });
  test('refuses a bucket name the API would refuse', async () => {
    const { report } = await go(Buffer.from('Subject: s\r\n\r\nb\r\n'), { bucket: 'my.bucket' });
    expect(report.status).toBe('failed');
    expect(report.reason).toMatch(/no dots or underscores/);
  });
  test('skips when there is nothing to do', async () => {
    expect((await go(Buffer.from(''), { edits: [] })).report).toEqual({ status: 'skipped', reason: 'no edits configured' });
    expect((await go(Buffer.from(''), {}, { recipients: [{ address: 'x', action: drop() }] })).report.status).toBe('skipped');
  });
  test('reports an invalid `when` condition instead of throwing', async () => {
    const bogus = { kind: 'no-such-condition' } as unknown as NonNullable<RewriteOptions['when']>;
    const { report, lines } = await go(Buffer.from('Subject: s\r\n\r\nb\r\n'), { when: bogus });
    expect(report.status).toBe('failed');
    expect(lines.some((l) => l.eventName === 'REWRITE_CONDITION_ERROR')).toBe(true);
  });
});
