/**
 * The example handlers (handlers/*.ts, the real syncHandler) replayed against the local WorkMail,
 * checked with the jest matchers: what a team's own tests look like.
 */
import * as path from 'node:path';
import '../../lib/local/jest-setup';
import { loadEvent, replay, useLocalWorkMail } from '../../lib/local';

const root = path.resolve(__dirname, '..', '..');
const inbound = path.join(root, 'handlers', 'inbound.ts');
const event = (name: string) => path.join(root, 'events', 'inbound', `${name}.json`);

describe('example inbound handler, replayed', () => {
  const workmail = useLocalWorkMail();

  test('a spam verdict goes to junk, decided by spam-to-junk', async () => {
    const result = await replay(inbound, event('spam-verdict'));
    expect(result).toJunk('alice@corp.example');
    expect(result.decisions[0]).toMatchObject({ recipient: 'alice@corp.example', rule: 'spam-to-junk' });
  });

  test('a virus is dropped and not rewritten', async () => {
    const result = await replay(inbound, event('virus'));
    expect(result).toDrop('alice@corp.example');
    expect(result).not.toBeRewritten();
  });

  test('a partner sending on behalf bypasses the spam check', async () => {
    const result = await replay(inbound, event('partner-on-behalf'));
    expect(result).toBypassSpam('alice@corp.example');
    expect(result).toBypassSpam('carol@corp.example');
  });

  test('a blocked subdomain bounces every recipient', async () => {
    const result = await replay(inbound, event('blocked-subdomain'));
    expect(result).toBounce('alice@corp.example');
    expect(result).toBounce('bob@corp.example');
  });

  test('external mail is delivered and rewritten through S3 and PutRawMessageContent', async () => {
    const n = workmail().requests.length;
    const result = await replay(inbound, event('ceo-legal-copy'));
    expect(result).toDeliver('bob@corp.example');
    expect(result).toBeRewritten();
    expect(result.rewritten!.toString('latin1')).toMatch(/^Subject: \[EXTERNAL\] /m);
    expect(
      workmail()
        .requests.slice(n)
        .map((r) => r.operation),
    ).toEqual(expect.arrayContaining(['GetRawMessageContent', 'PutObject', 'PutRawMessageContent']));
    // the invocation log line is captured, and carries no subject text
    const line = result.logs.find((l) => l.eventName === 'RUN_LAMBDA_DECISION');
    expect(line).toBeDefined();
    expect(JSON.stringify(result.logs)).not.toContain(loadEvent(event('ceo-legal-copy')).subject);
  });

  test('a frozen message is still delivered: the handler reports the failed rewrite', async () => {
    const result = await replay(inbound, event('ceo-legal-copy'), { frozen: true });
    expect(result).toDeliver('bob@corp.example');
    expect(result).not.toBeRewritten();
    expect(result.rewrite?.status).not.toBe('rewritten');
  });

  test('an injected S3 outage does not stop delivery', async () => {
    workmail().faults.inject({ service: 's3', operation: 'PutObject', status: 503, times: 10 });
    const result = await replay(inbound, event('ceo-legal-copy'));
    workmail().faults.clear();
    expect(result).toDeliver('bob@corp.example');
    expect(result).not.toBeRewritten();
  });
});
