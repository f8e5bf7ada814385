#!/usr/bin/env node
/**
 * `npx tsx scripts/bundle-sizes.ts [--json] [--outdir DIR] [-c key=value ...]`
 *
 * Synthesizes the stack of cdk.json's `workmail` context with real esbuild bundling into a
 * temporary directory (or --outdir) and reports each function's bundle size.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { ConfigError, WorkMailRulesStack, configFromContext, stackNameFromContext } from '../lib/cdk';
import { bundleSizes, formatBundleSizes } from '../lib/cdk/bundling/sizes';
import { parseContextFlags, readCdkJsonContext } from '../lib/cdk/config/context';

const ROOT = path.resolve(__dirname, '..');

function main(argv: string[]): number {
  let json = false;
  let outdir: string | undefined;
  const flags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--outdir' && argv[i + 1]) outdir = path.resolve(argv[++i]!);
    else if ((arg === '-c' || arg === '--context') && argv[i + 1]) flags.push(argv[++i]!);
    else {
      process.stderr.write('usage: tsx scripts/bundle-sizes.ts [--json] [--outdir DIR] [-c key=value ...]\n');
      return 2;
    }
  }
  const context = { ...readCdkJsonContext(path.join(ROOT, 'cdk.json')), ...parseContextFlags(flags) };
  const stackName = stackNameFromContext(context);
  const dir = outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'workmail-rules-bundles-'));
  try {
    const app = new App({ outdir: dir });
    new WorkMailRulesStack(app, stackName, { config: configFromContext(context), projectRoot: ROOT });
    app.synth();
    const sizes = bundleSizes(dir, stackName);
    process.stdout.write(
      json
        ? `${JSON.stringify(
            sizes.map(({ assetDir: _a, bundleFile: _b, ...s }) => s),
            null,
            2,
          )}\n`
        : formatBundleSizes(sizes),
    );
    return 0;
  } finally {
    if (!outdir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`bundle-sizes: ${err.code}: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}
