/** Test helper: the shared MIME corpus, and mailsplit's own reading of a message as the reference. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR } from '../../fixtures/corpus';

export const MIME_DIR = path.join(CORPUS_DIR, 'mime');

export function corpusFiles(dir = MIME_DIR): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...corpusFiles(p));
    else if (/\.(eml|txt)$/i.test(name)) out.push(p);
  }
  return out;
}

export const rel = (p: string): string => path.relative(MIME_DIR, p);
export const load = (p: string): Buffer => readFileSync(p);

export { splitWithMailsplit, type SplitNode } from '../../fixtures/mailsplit';
