/** A fake terminal or pipe for runReplayCommand, and a small terminal renderer for what a user would see. */
import type { CommandIO } from '../../lib/local/cli/run';

export function fakeIO(tty: boolean, cwd: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const screen: string[] = [];
  const io: CommandIO = {
    stdout: {
      write: (s: string) => {
        out.push(s);
        screen.push(s);
      },
      isTTY: tty,
    },
    stderr: {
      write: (s: string) => {
        err.push(s);
        screen.push(s);
      },
      isTTY: tty,
    },
    cwd,
    env,
  };
  return { io, out: () => out.join(''), err: () => err.join(''), screen: () => render(screen.join('')) };
}

/** Renders what a terminal shows for stdout and stderr written to it in turn: `\r` returns, `ESC[K` erases to the end of the line. */
export function render(stream: string): string[] {
  const lines: string[] = [''];
  let col = 0;
  for (let i = 0; i < stream.length; i++) {
    const c = stream[i]!;
    const row = lines.length - 1;
    if (c === '\n') {
      lines.push('');
      col = 0;
    } else if (c === '\r') col = 0;
    else if (stream.startsWith('\u001b[K', i)) {
      lines[row] = lines[row]!.slice(0, col);
      i += 2;
    } else if (c === '\u001b') {
      const end = stream.indexOf('m', i);
      i = end; // colour codes take no room
    } else {
      const line = lines[row]!;
      lines[row] = line.slice(0, col) + c + line.slice(col + 1);
      col++;
    }
  }
  return lines;
}
