/** Verdict conditions read only what the receiving server wrote: the topmost SES header, the receiving authserv-id. */
import { authResult, holds, spamVerdict, virusVerdict, type Condition } from '../../lib/engine/conditions';
import { authservIdOf } from '../../lib/engine/conditions/header';
import { createMessageView } from '../../lib/message/view';
import type { LambdaEventData } from '../../lib/workmail/types';

const event: LambdaEventData = {
  summaryVersion: '2019-07-28',
  envelope: { mailFrom: { address: 'x@outside.example' }, recipients: [{ address: 'alice@corp.example' }] },
  subject: 's',
  messageId: 'v',
  invocationId: 'v',
  flowDirection: 'INBOUND',
  truncated: false,
};
const run = (c: Condition, headers: string) =>
  holds(c, {
    event,
    recipient: 'alice@corp.example',
    message: createMessageView(async () => Buffer.from(`${headers}Subject: s\r\n\r\nHi.\r\n`)),
  });

describe('SES verdicts: the topmost field, the one SES prepends', () => {
  const h = 'X-SES-Spam-Verdict: FAIL\r\nX-SES-Virus-Verdict: FAIL\r\nX-SES-Spam-Verdict: PASS\r\nX-SES-Virus-Verdict: PASS\r\n';
  test('a PASS the sender wrote below is not read', async () => {
    expect(await run(spamVerdict('PASS'), h)).toBe(false);
    expect(await run(virusVerdict('PASS'), h)).toBe(false);
    expect(await run(spamVerdict('FAIL'), h)).toBe(true);
    expect(await run(virusVerdict('FAIL'), h)).toBe(true);
  });
});

describe('authResult: the topmost Authentication-Results of the receiving authserv-id', () => {
  test('another server’s dmarc=pass is not read (default amazonses.com)', async () => {
    const h = 'Authentication-Results: amazonses.com; dmarc=fail header.from=x\r\nAuthentication-Results: attacker.example; dmarc=pass\r\n';
    expect(await run(authResult('dmarc', 'pass'), h)).toBe(false);
    expect(await run(authResult('dmarc', 'fail'), h)).toBe(true);
    expect(await run(authResult('dmarc', 'pass', { authservId: 'attacker.example' }), h)).toBe(true);
  });
  test('a lower copy with the same authserv-id is not read', async () => {
    const h = 'Authentication-Results: amazonses.com; dmarc=pass\r\nAuthentication-Results: AMAZONSES.COM; dmarc=fail\r\n';
    expect(await run(authResult('dmarc', 'fail'), h)).toBe(false);
    expect(await run(authResult('dmarc', 'pass'), h)).toBe(true);
  });
  test('only from the receiving server: none is no match', async () => {
    expect(await run(authResult('spf', 'pass'), 'Authentication-Results: mx.example; spf=pass\r\n')).toBe(false);
  });
  test('the authserv-id is the first token (a version and comments aside)', () => {
    expect(authservIdOf(' amazonses.com 1; spf=pass')).toBe('amazonses.com');
    expect(authservIdOf('(c) Example.ORG;dkim=none')).toBe('example.org');
  });
});
