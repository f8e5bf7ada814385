/**
 * Maildir delivery (https://cr.yp.to/proto/maildir.html): write into `tmp/`, then rename into `new/`,
 * so a reader never sees half a message. `<mailroot>/<address>/` per mailbox, `.Junk/` inside it for
 * junk, `<mailroot>/outbox/` for what would leave the organization.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

let counter = 0;

/** A folder name for an address: lower case; bytes outside a safe set (and a leading dot) percent-encoded; over 200 bytes, cut and hashed. */
export function mailboxName(address: string): string {
  const lower = address.trim().toLowerCase();
  const safe = [...Buffer.from(lower, 'utf8')]
    .map((b, i) => {
      const c = String.fromCharCode(b);
      return /[a-z0-9@._+=-]/.test(c) && !(i === 0 && c === '.') ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
  if (safe === '') return '%00';
  // a file name has at most 255 bytes: long addresses keep a readable head and a hash of the whole
  return safe.length <= 200 ? safe : `${safe.slice(0, 180)}~${createHash('sha256').update(lower).digest('hex').slice(0, 16)}`;
}

export async function ensureMaildir(dir: string): Promise<void> {
  await Promise.all(['tmp', 'new', 'cur'].map((d) => fs.mkdir(path.join(dir, d), { recursive: true })));
}

/** Writes the message into the Maildir at `dir`; returns the path of the file in `new/`. */
export async function deliverTo(dir: string, raw: Buffer): Promise<string> {
  await ensureMaildir(dir);
  const name = `${Date.now()}.M${process.pid}P${++counter}R${randomBytes(4).toString('hex')}.${os.hostname().replace(/[/:]/g, '_')},S=${raw.length}`;
  const tmp = path.join(dir, 'tmp', name);
  const dest = path.join(dir, 'new', name);
  await fs.writeFile(tmp, raw, { flag: 'wx' });
  await fs.rename(tmp, dest);
  return dest;
}

export const folderFor = (mailroot: string, address: string, junk = false): string =>
  junk ? path.join(mailroot, mailboxName(address), '.Junk') : path.join(mailroot, mailboxName(address));

export const outboxDir = (mailroot: string): string => path.join(mailroot, 'outbox');
