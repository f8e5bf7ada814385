/**
 * Writing the exported files all or nothing: the folder is checked first, each file goes to a
 * temporary name beside its target and is renamed into place only when every one was written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExportError } from './types';

export function writeAll(dir: string, files: { name: string; content: string }[]): string[] {
  const where = path.resolve(dir);
  try {
    // Recursive only when the parent is missing too (Node's recursive mkdir can spin on /proc).
    if (!fs.existsSync(where)) fs.mkdirSync(where, { recursive: !fs.existsSync(path.dirname(where)) });
    fs.accessSync(where, fs.constants.W_OK);
  } catch (e) {
    throw new ExportError(
      'EXPORT_WRITE',
      `cannot write to ${where} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): choose a writable folder with --out DIR`,
    );
  }
  const temps: string[] = [];
  try {
    for (const f of files) {
      const temp = path.join(where, `.${f.name}.${process.pid}.tmp`);
      temps.push(temp);
      fs.writeFileSync(temp, f.content, { flag: 'wx' });
    }
    const targets = files.map((f) => path.join(where, f.name));
    for (const [i, t] of temps.entries()) fs.renameSync(t, targets[i]!);
    return targets;
  } catch (e) {
    for (const t of temps) fs.rmSync(t, { force: true });
    throw new ExportError(
      'EXPORT_WRITE',
      `cannot write the exported files to ${where} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was written`,
    );
  }
}
