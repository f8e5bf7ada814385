/**
 * How every deployed function is bundled, defined once for the CDK constructs and the benchmark:
 * NodejsFunction's own esbuild run (minified ESM, the SDK clients bundled), then, in its
 * afterBundling hook, the split build of split-script.ts over the same asset directory:
 * `index.mjs` with only the code that runs at import, and a `chunks/` folder beside it with what the
 * runtime loads through `import()` (MIME libraries, HTML-to-text stack, SDK clients), each package of
 * ONE_COPY_PACKAGES bundled once.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { SPLIT_BUNDLE_SCRIPT } from './split-script';
import { WorkMailRulesError } from '../../workmail/errors';

/**
 * Makes `require` work inside the ESM bundle for CommonJS dependencies (esbuild's `__require` calls it
 * for Node built-ins). The real require is created on the first call: a bundle whose import-time code
 * requires nothing (envelope rules) does not pay for createRequire on a cold start.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __wmrCreateRequire } from 'node:module'; let __wmrRequire; function require(id) { return (__wmrRequire ??= __wmrCreateRequire(import.meta.url))(id); }";

/** Packages that reach the bundle through several paths (ESM and CommonJS builds, several versions): bundled once each. */
export const ONE_COPY_PACKAGES: readonly string[] = [
  'libmime',
  'libqp',
  'libbase64',
  'entities',
  'nodemailer',
  'htmlparser2',
  'domelementtype',
  'domhandler',
  'domutils',
  'dom-serializer',
];

/** The esbuild target of the functions' runtime (nodejs24.x). */
export const BUNDLE_TARGET = 'node24';

/**
 * The package's export condition that names its TypeScript sources (lib/, shipped with the package):
 * the split build bundles workmail-rules from them, so its lazy `import()`s stay chunks.
 */
export const SOURCE_CONDITION = 'workmail-rules-source';

/** The package root: this file is lib/cdk/bundling/ in the sources and dist/lib/cdk/bundling/ compiled. */
const PACKAGE_ROOT = path.resolve(__dirname, path.extname(__filename) === '.ts' ? '../../..' : '../../../..');

/** What libmime gets as its charset module: the source beside the sources the split build bundles. */
const LIBMIME_CHARSET = path.join(PACKAGE_ROOT, 'lib', 'message', 'libmime-charset.ts');

/** The folder, beside index.mjs, that holds the chunks loaded on demand. */
export const CHUNKS_DIR = 'chunks';

export interface SplitBundleInput {
  /** The handler file, absolute or relative to `projectRoot`. */
  entry: string;
  /** The asset directory: index.mjs and chunks/ are written there. */
  outdir: string;
  /** Where esbuild runs and resolves packages from. */
  projectRoot: string;
  /** @default true */
  sourcemap?: boolean;
  /** Writes esbuild's metafile there (JSON). */
  metafile?: string;
}

/** The `node` arguments of the split build (`node -e <script> <json>`). */
export function splitBundleArgs(input: SplitBundleInput): string[] {
  const options = {
    entry: path.resolve(input.projectRoot, input.entry),
    outdir: input.outdir,
    absWorkingDir: input.projectRoot,
    target: BUNDLE_TARGET,
    sourcemap: input.sourcemap ?? true,
    metafile: input.metafile,
    oneCopy: ONE_COPY_PACKAGES,
    banner: ESM_REQUIRE_BANNER,
    // Relative, so the path holds in a bundling container that mounts the project elsewhere.
    libmimeCharset: path.relative(input.projectRoot, LIBMIME_CHARSET),
    sourceCondition: SOURCE_CONDITION,
  };
  return ['-e', SPLIT_BUNDLE_SCRIPT, JSON.stringify(options)];
}

export class SplitBundleError extends WorkMailRulesError {
  readonly code = 'CDK_SPLIT_BUNDLE' as const;
  override readonly name = 'SplitBundleError';
}

/** Runs the split build now (the benchmark's and the tests' way in); throws with esbuild's message. */
export function runSplitBundle(input: SplitBundleInput): void {
  const r = spawnSync(process.execPath, splitBundleArgs(input), { cwd: input.projectRoot, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) {
    throw new SplitBundleError(
      `bundling ${input.entry} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? '').slice(-2000)}`,
    );
  }
}

const shellQuote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * The bundling options of every function: minified ESM with source maps, the AWS SDK clients bundled
 * at their pinned version, then the split build into the same asset directory.
 */
export function esmBundling(entry: string, projectRoot: string): BundlingOptions {
  const relativeEntry = path.relative(projectRoot, path.resolve(projectRoot, entry));
  return {
    format: OutputFormat.ESM,
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: ESM_REQUIRE_BANNER,
    externalModules: [],
    bundleAwsSDK: true,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [
        ['node', ...splitBundleArgs({ entry: path.join(inputDir, relativeEntry), outdir: outputDir, projectRoot: inputDir })]
          .map(shellQuote)
          .join(' '),
      ],
    },
  };
}
