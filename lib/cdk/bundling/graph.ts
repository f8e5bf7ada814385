/**
 * What a deployed bundle parses at import and what it loads on demand, read from the staged asset
 * itself: esbuild (the bundler NodejsFunction already runs) reads index.mjs and its chunks and reports
 * each file's imports with their kind; the source maps beside them say which packages each file holds.
 * Import time = index.mjs and every chunk reached from it through static `import` statements.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkMailRulesError } from '../../workmail/errors';

export interface BundleFile {
  /** Relative to the asset directory, e.g. `index.mjs`, `chunks/chunk-AB12.mjs`. */
  file: string;
  bytes: number;
  /** The npm packages whose code the file holds, as `name` or `name@<copy path>` when several copies exist. */
  packages: string[];
}

export interface BundleGraph {
  assetDir: string;
  /** index.mjs and the chunks it imports statically (transitively): parsed on every cold start. */
  importTime: BundleFile[];
  /** Every other chunk: parsed only when a path imports it. */
  onDemand: BundleFile[];
  importTimeBytes: number;
  onDemandBytes: number;
  /** Package → the installed copies (folders under node_modules) bundled anywhere in the asset. */
  copies: Record<string, string[]>;
}

export class BundleGraphError extends WorkMailRulesError {
  readonly code = 'CDK_BUNDLE_GRAPH' as const;
  override readonly name = 'BundleGraphError';
}

/** `…/node_modules/a/node_modules/@s/b/dist/esm/x.js` → package `@s/b`, copy `node_modules/a/node_modules/@s/b` (+ `/dist/esm` or `/dist/cjs`). */
export function packageOf(source: string): { name: string; copy: string } | undefined {
  const at = source.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = source.slice(at + 'node_modules/'.length).split('/');
  const n = rest[0]!.startsWith('@') ? 2 : 1;
  const name = rest.slice(0, n).join('/');
  const first = source.indexOf('node_modules/');
  const flavour = ['dist/esm', 'dist/cjs', 'dist/commonjs', 'lib/esm'].find((f) => rest.slice(n).join('/').startsWith(`${f}/`));
  return { name, copy: `${source.slice(first, at)}node_modules/${name}${flavour ? `/${flavour}` : ''}` };
}

function sourcesOf(file: string): string[] {
  const map = `${file}.map`;
  if (!fs.existsSync(map)) return [];
  const parsed = JSON.parse(fs.readFileSync(map, 'utf8')) as { sources?: string[] };
  return parsed.sources ?? [];
}

/** The import graph of the bundle in `assetDir` (index.mjs beside its chunks/ folder). */
export async function bundleGraph(assetDir: string): Promise<BundleGraph> {
  const entry = path.join(assetDir, 'index.mjs');
  if (!fs.existsSync(entry)) throw new BundleGraphError(`no index.mjs in ${assetDir}: synthesize the stack with bundling first`);
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    outdir: path.join(assetDir, '.graph'),
    absWorkingDir: assetDir,
  });
  const inputs = result.metafile.inputs;
  const rel = (p: string) => path.relative(assetDir, path.resolve(assetDir, p));
  const byFile = new Map<string, { imports: { path: string; kind: string }[] }>();
  for (const [p, info] of Object.entries(inputs))
    byFile.set(rel(p), { imports: info.imports.map((i) => ({ path: rel(i.path), kind: i.kind })) });
  const staticSet = new Set<string>();
  const queue = ['index.mjs'];
  while (queue.length) {
    const f = queue.pop()!;
    if (staticSet.has(f)) continue;
    staticSet.add(f);
    for (const i of byFile.get(f)?.imports ?? []) if (i.kind === 'import-statement' && byFile.has(i.path)) queue.push(i.path);
  }
  const copies = new Map<string, Set<string>>();
  const describe = (file: string): BundleFile => {
    const abs = path.join(assetDir, file);
    const found = new Map<string, string>();
    for (const s of sourcesOf(abs)) {
      const p = packageOf(s);
      if (!p) continue;
      found.set(p.name, p.copy);
      const set = copies.get(p.name) ?? new Set<string>();
      set.add(p.copy);
      copies.set(p.name, set);
    }
    return { file, bytes: fs.statSync(abs).size, packages: [...found.keys()].sort() };
  };
  const files = [...byFile.keys()].filter((f) => f.endsWith('.mjs')).sort();
  const importTime = files.filter((f) => staticSet.has(f)).map(describe);
  const onDemand = files.filter((f) => !staticSet.has(f)).map(describe);
  const sum = (l: BundleFile[]) => l.reduce((n, f) => n + f.bytes, 0);
  return {
    assetDir,
    importTime,
    onDemand,
    importTimeBytes: sum(importTime),
    onDemandBytes: sum(onDemand),
    copies: Object.fromEntries([...copies].map(([k, v]) => [k, [...v].sort()])),
  };
}

/** Packages bundled more than once in the asset (several versions, or a CommonJS and an ESM build). */
export function duplicatePackages(graph: BundleGraph): Record<string, string[]> {
  return Object.fromEntries(Object.entries(graph.copies).filter(([, v]) => v.length > 1));
}

/** Packages whose code is parsed at import. */
export function importTimePackages(graph: BundleGraph): string[] {
  return [...new Set(graph.importTime.flatMap((f) => f.packages))].sort();
}
