/**
 * The docs stay true: every TypeScript block of the README and the docs pages is its example's text
 * (scripts/docs-snippets.ts fills them), every relative link reaches a page and a heading, the README
 * stays a short page, and docs/architecture.md's layer table is the one the layer test enforces.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { docPages, exampleText, fillSnippets, SNIPPET, staleSnippetPages } from '../../scripts/docs-snippets';
import { MAY_IMPORT } from '../layers/check';
import { anchorsOf, brokenLinks, proseLines } from './markdown';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const pages = docPages(root);

describe('the docs pages', () => {
  test('are the README, CONTRIBUTING.md and the reference pages', () => {
    for (const page of [
      'handlers',
      'rules',
      'rewriting',
      'testing',
      'sandbox',
      'deploy',
      'operations',
      'availability',
      'migration',
      'architecture',
    ])
      expect(pages).toContain(`docs/${page}.md`);
    expect(pages).toContain('CONTRIBUTING.md');
  });

  test('the README has at most 250 lines', () => {
    expect(read('README.md').trimEnd().split('\n').length).toBeLessThanOrEqual(250);
  });

  test('every TypeScript block comes from an example and is in step with it', () => {
    expect(staleSnippetPages(root)).toEqual([]);
    for (const page of pages) {
      const text = read(page);
      const blocks = text.match(/^```ts$/gm)?.length ?? 0;
      expect({ page, marked: [...text.matchAll(SNIPPET)].length }).toEqual({ page, marked: blocks });
    }
  });

  test('a block out of step with its example is found', () => {
    const page = '<!-- example: examples/handler.ts#handler -->\n```ts\nexport const handler = 1;\n```\n';
    const filled = fillSnippets(root, page);
    expect(filled).not.toBe(page);
    expect(filled).toContain(exampleText(root, 'examples/handler.ts', 'handler'));
    expect(exampleText(root, 'examples/handler.ts', 'handler')).toContain("from 'workmail-rules'");
  });

  test('every example is shown on some page', () => {
    const shown = new Set(pages.flatMap((p) => [...read(p).matchAll(SNIPPET)].map((m) => m[1])));
    const examples = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.ts'));
    for (const f of examples) expect({ example: f, shown: shown.has(`examples/${f}`) }).toEqual({ example: f, shown: true });
  });

  test('every relative link reaches a file, and an anchor a heading of that page', () => {
    const exists = (file: string) => existsSync(path.join(root, file));
    for (const page of pages) expect({ page, broken: brokenLinks(root, page, exists) }).toEqual({ page, broken: [] });
  });

  test('a link to a missing page or heading is found', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'docs-links-'));
    writeFileSync(
      path.join(dir, 'a.md'),
      '# Page A\n\n## Some heading\n\n[ok](#some-heading) [bad](#none) [gone](b.md) [far](a.md#page-a)\n',
    );
    const exists = (file: string) => existsSync(path.join(dir, file));
    expect(brokenLinks(dir, 'a.md', exists)).toEqual(['#none', 'b.md']);
    rmSync(dir, { recursive: true });
  });

  test('headings are anchored as GitHub anchors them', () => {
    expect(anchorsOf('# A handler\n## `npm run replay`\n## Custom Availability Provider (free/busy)\n')).toEqual(
      new Set(['a-handler', 'npm-run-replay', 'custom-availability-provider-freebusy']),
    );
  });

  test('no table row is over 300 characters', () => {
    for (const page of pages) {
      const long = proseLines(read(page)).filter((l) => /^\s*\|/.test(l) && l.length > 300);
      expect({ page, long }).toEqual({ page, long: [] });
    }
  });
});

/** The "Layers" table of docs/architecture.md: layer → the layers it may import. */
function architectureLayers(): Record<string, string[]> {
  const text = read('docs/architecture.md');
  const section = text.split(/^## /m).find((s) => s.startsWith('Layers'));
  if (!section) throw new Error('docs/architecture.md has no "Layers" section');
  const rows = section.split('\n').filter((l) => /^\|\s*`/.test(l));
  return Object.fromEntries(
    rows.map((row) => {
      const cells = row.split('|').map((c) => c.trim());
      const layer = /`([^`]+)`/.exec(cells[1]!)![1]!;
      const may = [...cells[cells.length - 2]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      return [layer, may.sort()];
    }),
  );
}

test("docs/architecture.md's layer table is the layer test's MAY_IMPORT", () => {
  const expected = Object.fromEntries(Object.entries(MAY_IMPORT).map(([layer, may]) => [layer, [...may].sort()]));
  expect(architectureLayers()).toEqual(expected);
});
