/**
 * The shipped artifact runs: synthesize with REAL esbuild bundling, then load each produced bundle
 * (cdk.out/asset.<hash>/index.mjs) in a child `node` process and invoke its handler with a sample event.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { WorkMailRulesStack } from '../../lib/cdk';
import { ESM_REQUIRE_BANNER } from '../../lib/cdk/rule-function';
import { bundleSizes, type BundleSize } from '../../lib/cdk/bundling/sizes';
import { validateResponse } from '../../lib/workmail/validate-response';
import { invokeBundle } from './run-bundle';
import { ASYNC_HANDLER, ORG_A, REPO_ROOT, SYNC_HANDLER } from './stack-fixture';
import { EVENTS_PEER_DIR } from '../fixtures/corpus';

jest.setTimeout(180_000);

const CORPUS_EVENT = path.join(EVENTS_PEER_DIR, 'workmail-update-email.json');

let outdir: string;
let sizes: BundleSize[];

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-bundle-'));
  const app = new App({ outdir }); // no aws:cdk:bundling-stacks override: NodejsFunction bundles with the local esbuild
  new WorkMailRulesStack(app, 'WorkMailRules', {
    projectRoot: REPO_ROOT,
    config: {
      region: 'us-east-1',
      organizations: [ORG_A],
      functions: {
        'fixture-sync': { entry: SYNC_HANDLER, rule: 'sync', direction: 'INBOUND', readsMessage: true },
        'fixture-async': { entry: ASYNC_HANDLER, rule: 'async', direction: 'INBOUND' },
      },
    },
  });
  app.synth();
  sizes = bundleSizes(outdir, 'WorkMailRules');
});

afterAll(() => {
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
});

function bundleOf(functionName: string): BundleSize {
  const found = sizes.find((s) => s.functionName === functionName);
  if (!found) throw new Error(`no bundle for ${functionName} in ${sizes.map((s) => s.functionName).join(', ')}`);
  return found;
}

const invoke = (bundle: string, event: unknown) => invokeBundle(bundle, event, outdir);

describe('real esbuild bundles', () => {
  test('each function has a minified ESM bundle with the createRequire banner and a source map', () => {
    for (const name of ['WorkMailRules-fixture-sync', 'WorkMailRules-fixture-async']) {
      const b = bundleOf(name);
      expect(path.basename(b.bundleFile)).toBe('index.mjs');
      const code = fs.readFileSync(b.bundleFile, 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      expect(b.sourceMapBytes).toBeGreaterThan(0);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    }
  });

  test('the AWS SDK client is inside the asset (index.mjs and its chunks), not imported from the runtime', () => {
    const b = bundleOf('WorkMailRules-fixture-sync');
    const files = [b.bundleFile, ...fs.readdirSync(path.join(b.assetDir, 'chunks')).map((f) => path.join(b.assetDir, 'chunks', f))];
    const code = files.filter((f) => f.endsWith('.mjs')).map((f) => fs.readFileSync(f, 'utf8'));
    for (const c of code) {
      expect(c).not.toMatch(/from\s*["']@aws-sdk\//);
      expect(c).not.toMatch(/import\(\s*["']@aws-sdk\//);
      expect(c).not.toMatch(/require\(\s*["']@aws-sdk\//);
    }
    expect(code.some((c) => c.includes('GetRawMessageContent'))).toBe(true);
    expect(b.assetBytes).toBeGreaterThan(50_000);
  });

  test('the synchronous bundle answers a corpus event with a valid WorkMail response', async () => {
    const event = JSON.parse(fs.readFileSync(CORPUS_EVENT, 'utf8'));
    const { result } = await invoke(bundleOf('WorkMailRules-fixture-sync').bundleFile, event);
    expect(validateResponse(result, 'INBOUND')).toEqual([]);
    expect(result).toEqual({ actions: [{ action: { type: 'DEFAULT' }, allRecipients: true }] });
  });

  test('the asynchronous bundle runs to completion on the same event', async () => {
    const event = JSON.parse(fs.readFileSync(CORPUS_EVENT, 'utf8'));
    expect((await invoke(bundleOf('WorkMailRules-fixture-async').bundleFile, event)).result).toBeNull();
  });

  test('a handler error surfaces from the bundle (the runner does not hide failures)', async () => {
    await expect(invoke(bundleOf('WorkMailRules-fixture-async').bundleFile, { notAnEvent: true })).rejects.toThrow(/messageId missing/);
  });
});
