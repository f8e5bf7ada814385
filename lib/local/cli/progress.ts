/** A single self-overwriting progress line on stderr (terminals only), cleared before anything else is printed. */
export interface Progress {
  show(done: number, file: string): void;
  /** Erases the line, if one is shown, so the next output starts on a clean line. */
  clear(): void;
}

export function progressLine(stderr: { write(s: string): unknown }, total: number): Progress {
  let last = 0;
  let shown = false;
  return {
    show(done, file) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      stderr.write(`\r\u001b[K[${done + 1}/${total}] ${file}`);
      shown = true;
    },
    clear() {
      if (!shown) return;
      stderr.write('\r\u001b[K');
      shown = false;
    },
  };
}
