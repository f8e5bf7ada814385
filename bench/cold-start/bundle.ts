/**
 * The deployed functions' bundling (lib/cdk/bundling/split.ts: ESM, minified, code splitting, one
 * copy per package), plus its metafile to tell which modules weigh most and the asset's import graph
 * (lib/cdk/bundling/graph.ts) to tell what a cold start parses.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

import { bundleGraph } from '../../lib/cdk/bundling/graph';
import { runSplitBundle } from '../../lib/cdk/bundling/split';

const REPO = path.resolve(__dirname, '..', '..');

export interface BundleInfo {
  entry: string;
  file: string;
  /** Bytes of index.mjs. */
  bytes: number;
  /** Bytes of index.mjs and the chunks it imports statically: what every cold start parses. */
  importTimeBytes: number;
  /** Bytes of the chunks loaded only by import() on the paths that need them. */
  onDemandBytes: number;
  /** Packages whose code is in the import-time files. */
  importTimePackages: string[];
  gzipBytes: number;
  /** Heaviest inputs by bytes in the output, grouped by package (or project folder). */
  topModules: { module: string; bytes: number }[];
  /** esbuild's own analysis text (top of it). */
  analysis: string;
  /** Packages bundled more than once (several versions, or both a CommonJS and an ESM build). */
  duplicates: { module: string; copies: { path: string; bytes: number }[] }[];
  /** For the heaviest packages: the project files whose imports bring them in (`kind` as esbuild reports it). */
  broughtInBy: { module: string; by: { file: string; kind: string }[] }[];
}

/** `…/node_modules/a/node_modules/@s/b/dist/esm/x.js` → the copy `…/node_modules/@s/b/dist/esm` of `@s/b`. */
function copyOf(input: string): { module: string; copy: string } | undefined {
  const nm = input.lastIndexOf('node_modules/');
  if (nm < 0) return undefined;
  const rest = input.slice(nm + 'node_modules/'.length).split('/');
  const n = rest[0]!.startsWith('@') ? 2 : 1;
  const module = rest.slice(0, n).join('/');
  const flavour = rest[n] === 'dist' && (rest[n + 1] === 'cjs' || rest[n + 1] === 'esm') ? `/dist/${rest[n + 1]}` : '';
  return { module, copy: input.slice(0, nm) + 'node_modules/' + module + flavour };
}

/** `node_modules/@scope/pkg/...` → `@scope/pkg`; `lib/message/x.ts` → `lib/message`. */
function groupOf(input: string): string {
  const nm = input.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = input.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const parts = input.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : input;
}

export async function bundle(entry: string, outfile: string, opts: { sourcemap?: boolean } = {}): Promise<BundleInfo> {
  const esbuild = await import('esbuild');
  const dir = path.dirname(outfile);
  fs.mkdirSync(dir, { recursive: true });
  const metaFile = `${dir}.meta.json`;
  runSplitBundle({ entry, outdir: dir, projectRoot: REPO, sourcemap: opts.sourcemap ?? true, metafile: metaFile });
  const result = { metafile: JSON.parse(fs.readFileSync(metaFile, 'utf8')) as import('esbuild').Metafile };
  const graph = await bundleGraph(dir);
  // Every output file together: the whole asset, chunks included.
  const out = { inputs: {} as Record<string, { bytesInOutput: number }> };
  for (const o of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(o.inputs)) {
      out.inputs[input] = { bytesInOutput: (out.inputs[input]?.bytesInOutput ?? 0) + bytesInOutput };
    }
  }
  const groups = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(out.inputs))
    groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + bytesInOutput);
  const copies = new Map<string, Map<string, number>>();
  for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
    const c = copyOf(input);
    if (!c || bytesInOutput === 0) continue;
    const m = copies.get(c.module) ?? new Map<string, number>();
    m.set(c.copy, (m.get(c.copy) ?? 0) + bytesInOutput);
    copies.set(c.module, m);
  }
  const duplicates = [...copies]
    .filter(([, m]) => m.size > 1)
    .map(([module, m]) => ({ module, copies: [...m].map(([p, bytes]) => ({ path: p, bytes })) }))
    .sort((a, b) => b.copies.reduce((x, c) => x + c.bytes, 0) - a.copies.reduce((x, c) => x + c.bytes, 0));

  // Reverse import graph: which project files (outside node_modules) lead to each heavy package.
  const importers = new Map<string, { file: string; kind: string }[]>();
  for (const [file, info] of Object.entries(result.metafile.inputs)) {
    for (const imp of info.imports) {
      const list = importers.get(imp.path) ?? [];
      list.push({ file, kind: imp.kind });
      importers.set(imp.path, list);
    }
  }
  const projectImporters = (module: string) => {
    const found = new Map<string, string>();
    const seen = new Set<string>();
    const queue = Object.keys(result.metafile.inputs).filter((f) => groupOf(f) === module);
    while (queue.length) {
      const f = queue.shift()!;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const imp of importers.get(f) ?? []) {
        if (!imp.file.includes('node_modules/')) found.set(imp.file, imp.kind);
        else queue.push(imp.file);
      }
    }
    return [...found].map(([file, kind]) => ({ file, kind }));
  };
  const heavy = [...groups]
    .sort((a, b) => b[1] - a[1])
    .filter(([m]) => !m.startsWith('lib/') && !m.startsWith('bench/') && !m.startsWith('handlers/') && !m.startsWith('rules/'))
    .slice(0, 6);
  const broughtInBy = heavy.map(([module]) => ({ module, by: projectImporters(module) }));
  const code = fs.readFileSync(outfile);
  const analysis = await esbuild.analyzeMetafile(result.metafile, { color: false });
  return {
    entry,
    file: outfile,
    bytes: code.length,
    importTimeBytes: graph.importTimeBytes,
    onDemandBytes: graph.onDemandBytes,
    importTimePackages: [...new Set(graph.importTime.flatMap((f) => f.packages))].sort(),
    gzipBytes: zlib.gzipSync(code, { level: 9 }).length,
    topModules: [...groups]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([module, bytes]) => ({ module, bytes })),
    analysis: analysis.split('\n').slice(0, 30).join('\n'),
    duplicates,
    broughtInBy,
  };
}
