/**
 * esbuild with the CDK construct's options (ESM, minify, platform node, target node22, the
 * createRequire banner, everything bundled), plus a metafile to tell which modules weigh most.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface BundleInfo {
  entry: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Heaviest inputs by bytes in the output, grouped by package (or project folder). */
  topModules: { module: string; bytes: number }[];
  /** esbuild's own analysis text (top of it). */
  analysis: string;
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
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    minify: true,
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    ...(opts.sourcemap ? { sourcemap: true, sourcesContent: false } : {}),
    metafile: true,
    logLevel: 'silent',
  });
  const out = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined)!;
  const groups = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + bytesInOutput);
  const code = fs.readFileSync(outfile);
  const analysis = await esbuild.analyzeMetafile(result.metafile, { color: false });
  return {
    entry,
    file: outfile,
    bytes: code.length,
    gzipBytes: zlib.gzipSync(code, { level: 9 }).length,
    topModules: [...groups].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([module, bytes]) => ({ module, bytes })),
    analysis: analysis.split('\n').slice(0, 30).join('\n'),
  };
}
