/**
 * Runs a Sieve script through the real interpreter, Debian's dovecot-sieve `sieve-test`, for one
 * envelope sender and recipient, and reads back the actions it would perform. sieve-test refuses to
 * run as root: under root it runs as `nobody` (runuser), in a temporary folder that user owns.
 * `deliver` executes the actions (`-e`) into a maildir and returns the stored messages, so the
 * effect of editheader (RFC 5293, enabled with `-x +editheader`, as Pigeonhole needs) can be read.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SIEVE_TEST = '/usr/bin/sieve-test';

/** What one sieve-test run did, in our terms. */
export interface SieveOutcome {
  action: 'DEFAULT' | 'BOUNCE' | 'DROP' | 'MOVE_TO_JUNK';
  bounceMessage?: string;
  redirects: string[];
  raw: string;
}

const NOBODY = 65534;

export class SieveSandbox {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-sieve-'));
  private readonly asRoot = process.getuid?.() === 0;
  private n = 0;
  constructor() {
    if (!fs.existsSync(SIEVE_TEST))
      throw new Error(`${SIEVE_TEST} is missing: install Debian's dovecot-sieve (apt-get install dovecot-sieve)`);
    if (this.asRoot) fs.chownSync(this.dir, NOBODY, NOBODY);
  }
  /** A file the interpreter can read; returns its path. */
  put(name: string, content: string | Buffer): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, content);
    if (this.asRoot) fs.chownSync(file, NOBODY, NOBODY);
    return file;
  }
  script(text: string): string {
    return this.put(`s${++this.n}.sieve`, text);
  }
  run(script: string, message: string, envelope: { from: string; to: string }): SieveOutcome {
    return parseOutcome(this.exec([], script, message, envelope));
  }
  /** Runs the script for real into a fresh maildir: the action, and the messages stored per folder (INBOX, Junk). */
  deliver(script: string, message: string, envelope: { from: string; to: string }): SieveOutcome & { stored: Record<string, string[]> } {
    const maildir = path.join(this.dir, `maildir${++this.n}`);
    for (const d of ['', '.Junk', '.Junk/cur', '.Junk/new', '.Junk/tmp']) {
      fs.mkdirSync(path.join(maildir, d), { recursive: true });
      if (this.asRoot) fs.chownSync(path.join(maildir, d), NOBODY, NOBODY);
    }
    // With -e sieve-test prints no action list: the dry run says what it does, the real one stores.
    const outcome = this.run(script, message, envelope);
    this.exec(['-e', '-l', `maildir:${maildir}`], script, message, envelope);
    const stored: Record<string, string[]> = {};
    for (const [folder, sub] of [
      ['INBOX', 'new'],
      ['Junk', '.Junk/new'],
    ] as const) {
      const d = path.join(maildir, sub);
      const files = fs.existsSync(d) ? fs.readdirSync(d) : [];
      if (files.length) stored[folder] = files.map((f) => fs.readFileSync(path.join(d, f), 'utf8'));
    }
    return { ...outcome, stored };
  }
  private exec(extra: string[], script: string, message: string, envelope: { from: string; to: string }): string {
    const args = ['-x', '+editheader', ...extra, '-C', '-a', envelope.to, '-r', envelope.to, '-f', envelope.from || '<>', script, message];
    const [cmd, argv] = this.asRoot ? ['runuser', ['-u', 'nobody', '--', SIEVE_TEST, ...args]] : [SIEVE_TEST, args];
    const child = spawnSync(cmd, argv, { encoding: 'utf8', cwd: this.dir, timeout: 20_000 });
    if (child.status !== 0)
      throw new Error(`sieve-test failed (${child.status ?? child.error?.message}): ${child.stderr}\n${child.stdout}`);
    return child.stdout;
  }
  close(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** sieve-test's "Performed actions" and "Implicit keep" sections as an action. */
export function parseOutcome(out: string): SieveOutcome {
  const [performed = '', implicit = ''] = out.split(/^Implicit keep:\s*$/m);
  const items = [...performed.matchAll(/^ \* (.+)$/gm)].map((m) => m[1]!);
  const keep = /store message in folder: INBOX/.test(implicit) || items.some((i) => i === 'store message in folder: INBOX' || i === 'keep');
  const redirects = items.flatMap((i) => /^redirect message to: (.+)$/.exec(i)?.[1] ?? []);
  const reject = items.map((i) => /^reject message with reason: (.*)$/.exec(i)).find(Boolean);
  const base = { redirects, raw: out };
  if (reject) return { action: 'BOUNCE', bounceMessage: reject[1]!, ...base };
  if (items.some((i) => /store message in folder: Junk/.test(i))) return { action: 'MOVE_TO_JUNK', ...base };
  if (keep) return { action: 'DEFAULT', ...base };
  if (items.includes('discard')) return { action: 'DROP', ...base };
  // Nothing kept and nothing else done: the message goes nowhere, as with discard.
  return { action: 'DROP', ...base };
}
