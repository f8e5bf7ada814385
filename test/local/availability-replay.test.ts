/** CAP requests in the replay command: recognised by shape, table and JSON output, --check. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runReplayCommand, type CommandIO } from '../../lib/local/cli/run';
import { isAvailabilityRequest } from '../../lib/local';

const root = path.resolve(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'local', 'availability');

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIO = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    cwd: root,
    env: {},
  };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

describe('replay of availability requests', () => {
  test('requests are told from flow-rule events by their shape', () => {
    expect(isAvailabilityRequest({ requester: {}, mailboxes: [], window: {} })).toBe(true);
    expect(isAvailabilityRequest({ requester: {}, mailboxes: [], window: {}, envelope: {} })).toBe(false);
    expect(isAvailabilityRequest({ mailboxes: [] })).toBe(false);
  });

  test('the shipped requests replay with --check through handlers/availability.ts', async () => {
    const t = io();
    expect(await runReplayCommand(['events/availability', '--check', '--no-color'], t.io)).toBe(0);
    expect(t.out()).toMatch(
      /user2@external\.example\.com\s+3 event\(s\)\s+BUSY, TENTATIVE\s+MON,TUE,WED,THU,FRI 08:00-17:20 Europe\/Berlin \(bias -60\)/,
    );
    expect(t.out()).toMatch(/unknown@internal\.example\.com\s+error MailboxNotFound/);
    expect(t.out()).toContain('2 of 2 event(s) replayed');
  });

  test('--check prints every difference from the expect file and exits 1', async () => {
    const t = io();
    expect(await runReplayCommand([path.join(fixtures, 'wrong-expectation.json'), '--check', '--no-color'], t.io)).toBe(1);
    const out = t.out();
    expect(out).toContain('check: user2@external.example.com: expected 1 event(s), got 3');
    expect(out).toContain('check: user2@external.example.com: expected busy types FREE, got BUSY, TENTATIVE, BUSY');
    expect(out).toContain('check: unknown@internal.example.com: expected events, got error MailboxNotFound');
    expect(out).toContain('check: nobody@external.example.com: expected an entry, got none');
    expect(out).toContain('1 with check differences');
  });

  test('--json gives one line with the response and the check; an invalid response fails the replay', async () => {
    const t = io();
    expect(await runReplayCommand([path.join(fixtures, 'wrong-expectation.json'), '--json', '--check'], t.io)).toBe(1);
    const line = JSON.parse(t.out().trim());
    expect(line).toMatchObject({ kind: 'availability', handler: 'handlers/availability.ts', check: { ok: false } });
    expect(line.response.mailboxes).toHaveLength(2);
    expect(line.logs[0].eventName).toBe('AVAILABILITY_RESPONSE');

    const bad = io();
    expect(
      await runReplayCommand(
        [path.join(fixtures, 'wrong-expectation.json'), '--handler', path.join(fixtures, 'raw-garbage.ts'), '--no-color'],
        bad.io,
      ),
    ).toBe(1);
    expect(bad.out()).toContain('invalid response: mailboxes[0].events[0].startTime: expected an RFC 3339 date-time');
    expect(bad.out()).toContain('invalid response: mailboxes: no entry for requested mailbox "unknown@internal.example.com"');
  });

  test('an expect file that breaks its schema is a difference naming the key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-cap-expect-'));
    try {
      fs.copyFileSync(path.join(fixtures, 'wrong-expectation.json'), path.join(dir, 'q.json'));
      fs.writeFileSync(
        path.join(dir, 'q.expect.json'),
        JSON.stringify({ mailboxes: { 'user2@external.example.com': { busy: ['BUSY'] } } }),
      );
      const t = io();
      expect(await runReplayCommand([path.join(dir, 'q.json'), '--check', '--no-color'], t.io)).toBe(1);
      expect(t.out()).toContain('unknown key "busy"');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
