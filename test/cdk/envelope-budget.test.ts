/**
 * The envelope-only bundle, with the metrics code in it, stays within its 60 KB minified budget
 * (issue 18): esbuild as the CDK bundles it (minified ESM for Node), on an envelope-only handler.
 */
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..', '..');
const BUDGET = 60 * 1024;

test.each(['test/fixtures/cdk/handlers/envelope-outbound.ts', 'handlers/audit-log.ts'])(
  'the envelope-only bundle of %s carries the EMF writer and stays under 60 KB minified',
  async (entry) => {
    const result = await build({
      entryPoints: [path.join(root, entry)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
      outfile: 'out.mjs',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('lib/runtime/metrics.ts');
    expect(inputs).toContain('lib/workmail/metric-names.ts');
    expect(inputs.some((f) => /@aws-sdk|mailparser|mailsplit/.test(f))).toBe(false);
    expect(result.outputFiles[0]!.contents.byteLength).toBeLessThan(BUDGET);
  },
);
