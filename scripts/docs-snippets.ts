/**
 * The TypeScript blocks of the README and the docs pages come from `examples/*.ts`: a marker
 * `<!-- example: examples/handler.ts#handler -->` right before a ```ts block names the file and,
 * optionally, the `// #region handler` … `// #endregion handler` part of it. This fills each block
 * from its example, with the imports of `lib/` written as the package's entries (as `init` does).
 *
 *   npx tsx scripts/docs-snippets.ts           rewrite the pages in place
 *   npx tsx scripts/docs-snippets.ts --check   exit 1 when a block differs from its example
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rewriteImports } from '../bin/init/template';

/** A marker and the fenced block after it. */
export const SNIPPET = /<!-- example: ([^\s#]+)(?:#([\w-]+))? -->\n```ts\n([\s\S]*?)```/g;

/** The pages whose TypeScript blocks come from examples, relative to the root. */
export function docPages(root: string): string[] {
  const docs = existsSync(path.join(root, 'docs'))
    ? readdirSync(path.join(root, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `docs/${f}`)
    : [];
  return ['README.md', 'CONTRIBUTING.md', ...docs].filter((f) => existsSync(path.join(root, f)));
}

function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut));
}

/** The text of an example, or of one region of it, as a page shows it. */
export function exampleText(root: string, file: string, region?: string): string {
  const abs = path.join(root, file);
  if (!existsSync(abs)) throw new Error(`${file}: no such example`);
  let lines = readFileSync(abs, 'utf8').split('\n');
  if (region) {
    const start = lines.findIndex((l) => l.trim() === `// #region ${region}`);
    const end = lines.findIndex((l, i) => i > start && l.trim() === `// #endregion ${region}`);
    if (start < 0 || end < 0) throw new Error(`${file}: no region "${region}"`);
    lines = lines.slice(start + 1, end);
  }
  const shown = dedent(lines.filter((l) => !/^\s*\/\/ #(?:end)?region\b/.test(l)));
  while (shown.length && shown[shown.length - 1]!.trim() === '') shown.pop();
  return `${rewriteImports(shown.join('\n'), file)}\n`;
}

/** A page with every marked block filled from its example. */
export function fillSnippets(root: string, text: string): string {
  return text.replace(SNIPPET, (_all, file: string, region: string | undefined) => {
    return `<!-- example: ${file}${region ? `#${region}` : ''} -->\n\`\`\`ts\n${exampleText(root, file, region)}\`\`\``;
  });
}

/** The pages whose marked blocks differ from their examples. */
export function staleSnippetPages(root: string): string[] {
  return docPages(root).filter((page) => {
    const text = readFileSync(path.join(root, page), 'utf8');
    return fillSnippets(root, text) !== text;
  });
}

function main(argv: string[]): number {
  const root = path.resolve(__dirname, '..');
  if (argv.includes('--check')) {
    const stale = staleSnippetPages(root);
    for (const page of stale) console.error(`${page}: a TypeScript block differs from its example (run npx tsx scripts/docs-snippets.ts)`);
    return stale.length ? 1 : 0;
  }
  for (const page of docPages(root)) {
    const abs = path.join(root, page);
    const text = readFileSync(abs, 'utf8');
    const filled = fillSnippets(root, text);
    if (filled !== text) {
      writeFileSync(abs, filled);
      console.log(`${page}: snippets updated`);
    }
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
