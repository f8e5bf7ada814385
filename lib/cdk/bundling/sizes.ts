/**
 * Bundle sizes of each function in a synthesized cloud assembly (cdk.out), read from the stack's
 * template and asset manifest. Pure file reading: no aws-cdk-lib, usable by the benchmark.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { WorkMailRulesError } from '../../workmail/errors';

export interface BundleSize {
  /** The Lambda FunctionName in the template. */
  functionName: string;
  logicalId: string;
  /** Absolute path of the staged asset directory. */
  assetDir: string;
  /** The bundle's entry file (index.mjs for ESM bundles). */
  bundleFile: string;
  /** Bytes of the bundle file. */
  bundleBytes: number;
  /** Bytes of the bundle after gzip -9 (close to what the deployment zip holds). */
  bundleGzipBytes: number;
  /** Bytes of the source map beside it (0 when there is none). */
  sourceMapBytes: number;
  /** Bytes of every file in the asset directory. */
  assetBytes: number;
}

export class BundleSizeError extends WorkMailRulesError {
  readonly code = 'CDK_BUNDLE_SIZE' as const;
  override readonly name = 'BundleSizeError';
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BundleSizeError(`cannot read ${file} (${(e as Error).message}); synthesize the stack into this directory first`);
  }
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return total;
}

/** The size of every Lambda function's bundle in `<assemblyDir>/<stackName>.template.json`. */
export function bundleSizes(assemblyDir: string, stackName: string): BundleSize[] {
  const template = readJson(path.join(assemblyDir, `${stackName}.template.json`));
  const assets = readJson(path.join(assemblyDir, `${stackName}.assets.json`));
  const pathByKey = new Map<string, string>();
  for (const file of Object.values<any>(assets.files ?? {})) {
    for (const dest of Object.values<any>(file.destinations ?? {})) pathByKey.set(dest.objectKey, file.source.path);
  }
  const sizes: BundleSize[] = [];
  for (const [logicalId, res] of Object.entries<any>(template.Resources ?? {})) {
    if (res.Type !== 'AWS::Lambda::Function') continue;
    // Inline code (ZipFile: the availability test function) is no bundle; CloudFormation bounds its size.
    if (res.Properties?.Code?.ZipFile !== undefined) continue;
    const key = res.Properties?.Code?.S3Key;
    const rel = typeof key === 'string' ? pathByKey.get(key) : undefined;
    if (!rel) throw new BundleSizeError(`function ${logicalId} has no staged asset in ${assemblyDir} (was bundling skipped?)`);
    const assetDir = path.resolve(assemblyDir, rel);
    const candidates = ['index.mjs', 'index.js', 'index.cjs'].map((f) => path.join(assetDir, f));
    const bundleFile = candidates.find((f) => fs.existsSync(f));
    if (!bundleFile) throw new BundleSizeError(`no index.mjs/index.js in ${assetDir} (was bundling skipped?)`);
    const bundle = fs.readFileSync(bundleFile);
    const map = `${bundleFile}.map`;
    sizes.push({
      functionName: typeof res.Properties.FunctionName === 'string' ? res.Properties.FunctionName : logicalId,
      logicalId,
      assetDir,
      bundleFile,
      bundleBytes: bundle.length,
      bundleGzipBytes: zlib.gzipSync(bundle, { level: 9 }).length,
      sourceMapBytes: fs.existsSync(map) ? fs.statSync(map).size : 0,
      assetBytes: dirBytes(assetDir),
    });
  }
  return sizes;
}

/** A small text table of the sizes, in KiB. */
export function formatBundleSizes(sizes: BundleSize[]): string {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const rows = sizes.map(
    (s) =>
      `${s.functionName.padEnd(32)} ${kib(s.bundleBytes).padStart(11)} ${kib(s.bundleGzipBytes).padStart(11)} ${kib(s.sourceMapBytes).padStart(11)}`,
  );
  return `${'function'.padEnd(32)} ${'bundle'.padStart(11)} ${'gzip -9'.padStart(11)} ${'source map'.padStart(11)}\n${rows.join('\n')}\n`;
}
