/** The two reference readings of a message's attachments (mailparser, python3's `email`) and the project's, side by side. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createMessageView } from '../../../lib/message/view';

export interface Seen {
  filename?: string | null;
  contentType: string;
  size: number;
  sha256?: string;
}

export type Reading = Seen[] | { error: string };

const SCRIPT = path.join(__dirname, 'py_attachments.py');

/** Python's reading of each message, in one python3 process. */
export function pythonReadings(raws: Buffer[]): Reading[] {
  const input = JSON.stringify(raws.map((r) => r.toString('base64')));
  const out = execFileSync('python3', [SCRIPT], { input, maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as Reading[];
}

export async function mailparserReading(raw: Buffer): Promise<Reading> {
  try {
    const m = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    return m.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.content.length,
      sha256: createHash('sha256').update(a.content).digest('hex'),
    }));
  } catch (err) {
    return { error: String(err) };
  }
}

export async function projectReading(raw: Buffer): Promise<Reading> {
  try {
    return (await createMessageView(async () => raw).attachments()).map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
    }));
  } catch (err) {
    return { error: String(err) };
  }
}

const count = (r: Reading) => (Array.isArray(r) ? r.length : 0);
const names = (r: Reading) =>
  Array.isArray(r) ? r.map((a) => `${a.filename ?? '-'} ${a.contentType} ${a.size}`).join(', ') : `error: ${r.error}`;

export interface Row {
  label: string;
  project: Reading;
  mailparser: Reading;
  python: Reading;
}

/** A row is a bypass when the project sees fewer attachments, or fewer of some file name, than a reference. */
export function isBypass(row: Row): boolean {
  if (!Array.isArray(row.project)) return true;
  for (const ref of [row.mailparser, row.python]) {
    if (!Array.isArray(ref)) continue;
    if (count(row.project) < count(ref)) return true;
    const mine = (row.project as Seen[]).map((a) => a.filename ?? null);
    for (const a of ref) if (a.filename && !mine.includes(a.filename)) return true;
  }
  return false;
}

export function table(rows: Row[]): string {
  return rows
    .map((r) => `${r.label}\n  project:    ${names(r.project)}\n  mailparser: ${names(r.mailparser)}\n  python:     ${names(r.python)}`)
    .join('\n');
}
