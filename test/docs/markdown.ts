/** Reading the docs pages: headings as GitHub anchors them, relative links, tables. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Lines outside fenced code blocks. */
export function proseLines(text: string): string[] {
  let fenced = false;
  return text.split('\n').filter((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of proseLines(text)) {
    const m = /^#{1,6}\s+(.*?)\s*$/.exec(line);
    if (!m) continue;
    const slug = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  return out;
}

/** The relative links of a page (`[text](target)`), web and mail links left out. */
export function relativeLinks(text: string): string[] {
  const links: string[] = [];
  for (const line of proseLines(text)) {
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (!/^[a-z]+:/i.test(target)) links.push(target);
    }
  }
  return links;
}

/** The links of `page` (relative to root) whose file or anchor does not exist. */
export function brokenLinks(root: string, page: string, exists: (file: string) => boolean): string[] {
  const text = readFileSync(path.join(root, page), 'utf8');
  return relativeLinks(text).filter((link) => {
    const [file, anchor] = link.split('#') as [string, string | undefined];
    const target = file ? path.normalize(path.join(path.dirname(page), file)) : page;
    if (!exists(target)) return true;
    if (anchor === undefined || !target.endsWith('.md')) return false;
    return !anchorsOf(readFileSync(path.join(root, target), 'utf8')).has(anchor);
  });
}
