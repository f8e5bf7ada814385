/**
 * The deployed bundles' sizes: `npx cdk synth -q -o <tmp>` offline (no notices, no lookups, no
 * telemetry) with the project's cdk.json, then lib/cdk/bundling/sizes.ts on the cloud assembly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleSizes } from '../../lib/cdk/bundling/sizes';
import { runOnce } from '../lib/proc';

const REPO = path.resolve(__dirname, '..', '..');

export interface CdkBundle {
  functionName: string;
  bundleBytes: number;
  bundleGzipBytes: number;
  sourceMapBytes: number;
}
export interface CdkSection {
  method: string;
  synthSeconds: number;
  stacks: Record<string, CdkBundle[]>;
}

export async function runCdkSizes(opts: { log?: (s: string) => void } = {}): Promise<CdkSection> {
  const log = opts.log ?? (() => {});
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-cdk-'));
  try {
    const run = runOnce(
      {
        command: 'npx',
        args: ['cdk', 'synth', '-q', '-o', out, '--no-notices', '--lookups=false'],
        cwd: REPO,
        env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
      },
      [],
      900_000,
    );
    const stacks: Record<string, CdkBundle[]> = {};
    for (const f of fs.readdirSync(out).filter((n) => n.endsWith('.template.json'))) {
      const stack = f.slice(0, -'.template.json'.length);
      stacks[stack] = bundleSizes(out, stack).map((s) => ({
        functionName: s.functionName,
        bundleBytes: s.bundleBytes,
        bundleGzipBytes: s.bundleGzipBytes,
        sourceMapBytes: s.sourceMapBytes,
      }));
      for (const s of stacks[stack]!)
        log(
          `  cdk ${s.functionName}: ${(s.bundleBytes / 1024).toFixed(1)} KiB (gzip ${(s.bundleGzipBytes / 1024).toFixed(1)} KiB, map ${(s.sourceMapBytes / 1024).toFixed(1)} KiB)`,
        );
    }
    return {
      method:
        '`npx cdk synth -q -o <tmp> --no-notices --lookups=false` (CDK_DISABLE_CLI_TELEMETRY=true) with cdk.json as committed; sizes read by lib/cdk/bundling/sizes.ts.',
      synthSeconds: Math.round(run.wallMs / 100) / 10,
      stacks,
    };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
