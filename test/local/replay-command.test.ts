/** runReplayCommand in-process with a fake terminal: colour and progress appear only on a TTY. */
import * as path from 'node:path';
import { runReplayCommand } from '../../lib/local/cli/run';
import { fakeIO as fake } from './replay-io';

const fakeIO = (tty: boolean, env: Record<string, string> = {}) => fake(tty, root, env);

const root = path.resolve(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'local');
const tiny = path.join(fixtures, 'handlers', 'tiny.ts');

describe('replay command output on a terminal', () => {
  test('a TTY gets colour on stdout and a progress line on stderr that is cleared at the end', async () => {
    const t = fakeIO(true);
    const code = await runReplayCommand([path.join(fixtures, 'events'), '--handler', tiny], t.io);
    expect(code).toBe(0);
    expect(t.out()).toContain('\u001b[35mDROP');
    expect(t.err()).toMatch(/^\r\u001b\[K\[1\/3\] /);
    expect(t.err().endsWith('\r\u001b[K')).toBe(true);
  });

  test('NO_COLOR turns colour off even on a TTY; no TTY means no progress and no colour', async () => {
    const noColor = fakeIO(true, { NO_COLOR: '1' });
    await runReplayCommand([path.join(fixtures, 'events', 'mixed.json'), '--handler', tiny], noColor.io);
    expect(noColor.out()).not.toContain('\u001b[');
    const pipe = fakeIO(false);
    await runReplayCommand([path.join(fixtures, 'events', 'mixed.json'), '--handler', tiny], pipe.io);
    expect(pipe.out()).not.toContain('\u001b[');
    expect(pipe.err()).toBe('');
  });

  test('--help prints usage and exits 0', async () => {
    const t = fakeIO(false);
    expect(await runReplayCommand(['--help'], t.io)).toBe(0);
    expect(t.out()).toContain('usage: workmail-rules replay');
  });
});
