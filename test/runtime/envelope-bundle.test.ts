import { build } from 'esbuild';
import path from 'node:path';
import { BUNDLE_TARGET } from '../../lib/cdk/bundling/split';

/**
 * The envelope-only entry must stay free of the AWS SDK and the MIME libraries: one module-level
 * reference to them (even a lazy import() held in a top-level constant) pulls hundreds of KB into
 * every envelope-only Lambda bundle. esbuild's metafile lists what a bundle of it really holds.
 */
const root = path.resolve(__dirname, '..', '..');

/** The envelope-only budget (README "Benchmarks"): minified, with the metrics writer in it. */
const BUDGET = 60 * 1024;

/** esbuild as the CDK bundles a function's entry (minified ESM for Node), in memory. */
function bundle(entry: string) {
  return build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: 'out.mjs',
  });
}

async function inputsOf(entry: string): Promise<string[]> {
  return Object.keys((await bundle(entry)).metafile.inputs);
}

describe('bundles', () => {
  test('of the envelope-only entry carry no SDK, no MIME library and no rewriter', async () => {
    const inputs = await inputsOf('handlers/audit-log.ts');
    const heavy = inputs.filter((f) => /@aws-sdk|@smithy|mailparser|mailsplit|libmime|iconv-lite|nodemailer|lib\/message\/rewrite/.test(f));
    expect(heavy).toEqual([]);
    expect(inputs).toContain('lib/runtime/async-handler.ts');
  });

  test('of the full entry do carry the Message Flow client and the rewriter (the check above can fail)', async () => {
    const inputs = await inputsOf('handlers/inbound.ts');
    expect(inputs.some((f) => f.includes('@aws-sdk/client-workmailmessageflow'))).toBe(true);
    expect(inputs.some((f) => f.includes('lib/message/rewrite/rewrite.ts'))).toBe(true);
  });

  test.each(['test/fixtures/cdk/handlers/envelope-outbound.ts', 'handlers/audit-log.ts'])(
    'of the envelope-only handler %s carry the EMF writer and stay under 60 KB minified',
    async (entry) => {
      const result = await bundle(entry);
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs).toContain('lib/runtime/metrics.ts');
      expect(inputs).toContain('lib/workmail/metric-names.ts');
      expect(inputs.some((f) => /@aws-sdk|mailparser|mailsplit/.test(f))).toBe(false);
      expect(result.outputFiles[0]!.contents.byteLength).toBeLessThan(BUDGET);
    },
  );
});
