/**
 * Lazy code stays lazy in the deployed bundle: synthesize with REAL esbuild bundling an envelope-only,
 * a header-rule and a rewriting handler, then read each asset's import graph (index.mjs and the chunks
 * it imports statically = what a cold start parses). The MIME parser, the HTML-to-text stack, the MIME
 * libraries and the S3 client must be in on-demand chunks only, and no package may be bundled twice.
 * Two fixtures built the wrong way show that each check can fail.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { WorkMailRulesStack } from '../../lib/cdk';
import { bundleGraph, duplicatePackages, importTimePackages, type BundleGraph } from '../../lib/cdk/bundle-graph';
import { bundleSizes } from '../../lib/cdk/bundle-sizes';
import { runSplitBundle } from '../../lib/cdk/split-bundling';
import { startLocalWorkMail, type LocalWorkMail } from '../../lib/local';
import { validateResponse } from '../../lib/workmail/validate-response';
import { invokeBundle } from './run-bundle';
import { ORG_A, REPO_ROOT } from './stack-fixture';

jest.setTimeout(240_000);

const H = 'test/fixtures/cdk/handlers';
/** Packages that only some paths need: never parsed at import. */
const LAZY = [
  'mailparser',
  'html-to-text',
  'htmlparser2',
  'he',
  'entities',
  'libmime',
  'libqp',
  'libbase64',
  'iconv-lite',
  'encoding-japanese',
  '@zone-eu/mailsplit',
  'nodemailer',
  '@aws-sdk/client-s3',
];

let outdir: string;
const graphs: Record<string, BundleGraph> = {};
let local: LocalWorkMail;

beforeAll(async () => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-lazy-'));
  const app = new App({ outdir });
  new WorkMailRulesStack(app, 'WorkMailRules', {
    projectRoot: REPO_ROOT,
    config: {
      region: 'us-east-1',
      organizations: [ORG_A],
      functions: {
        envelope: { entry: `${H}/envelope-outbound.ts`, rule: 'sync', direction: 'OUTBOUND' },
        headers: { entry: `${H}/header-only.ts`, rule: 'sync', direction: 'INBOUND', readsMessage: true },
        rewrite: { entry: 'handlers/inbound.ts', rule: 'sync', direction: 'INBOUND', readsMessage: true, rewrite: true },
      },
    },
  });
  app.synth();
  for (const s of bundleSizes(outdir, 'WorkMailRules'))
    graphs[s.functionName.replace('WorkMailRules-', '')] = await bundleGraph(s.assetDir);
  local = await startLocalWorkMail();
});

afterAll(async () => {
  await local?.stop();
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
});

describe.each(['envelope', 'headers', 'rewrite'])('the deployed %s bundle', (name) => {
  test('parses none of the lazy packages at import', () => {
    const graph = graphs[name]!;
    expect(graph.importTime.map((f) => f.file)).toContain('index.mjs');
    expect(importTimePackages(graph).filter((p) => LAZY.includes(p))).toEqual([]);
  });

  test('bundles each package once', () => {
    expect(duplicatePackages(graphs[name]!)).toEqual({});
  });
});

test('the envelope-only bundle parses no AWS SDK code at import, and the rewriting one keeps the lazy packages in its chunks', () => {
  expect(importTimePackages(graphs['envelope']!).filter((p) => p.startsWith('@aws-sdk/') || p.startsWith('@smithy/'))).toEqual([]);
  const onDemand = new Set(graphs['rewrite']!.onDemand.flatMap((f) => f.packages));
  for (const p of ['mailparser', 'libmime', 'iconv-lite', '@zone-eu/mailsplit', '@aws-sdk/client-s3']) expect(onDemand.has(p)).toBe(true);
});

test('the header-rule bundle loads its chunks on demand and reads the header', async () => {
  const raw = Buffer.from(
    'From: a@example.com\r\nTo: b@corp.example\r\nSubject: =?utf-8?q?caf=C3=A9?=\r\nX-Gateway-Verdict: spam\r\n\r\nbody\r\n',
  );
  const messageId = '00000000-0000-4000-8000-00000000a001';
  local.putMessage(messageId, raw);
  const event = {
    summaryVersion: '2019-07-28',
    envelope: { mailFrom: { address: 'a@example.com' }, recipients: [{ address: 'b@corp.example' }] },
    subject: 'café',
    messageId,
    invocationId: '0000000000000000000000000000a001',
    flowDirection: 'INBOUND',
    truncated: false,
  };
  const bundle = path.join(graphs['headers']!.assetDir, 'index.mjs');
  const { result } = await invokeBundle(bundle, event, outdir, local.env);
  expect(validateResponse(result, 'INBOUND')).toEqual([]);
  expect((result as { actions: { action: { type: string } }[] }).actions[0]!.action.type).toBe('DROP');
});

test('the check sees a MIME library that a handler imports statically', async () => {
  const dir = path.join(outdir, 'eager');
  fs.mkdirSync(dir);
  runSplitBundle({ entry: `${H}/eager-mime.ts`, outdir: dir, projectRoot: REPO_ROOT });
  expect(importTimePackages(await bundleGraph(dir))).toContain('libmime');
});

test('the check sees a package bundled twice when the one-copy resolver is left out', async () => {
  const dir = path.join(outdir, 'twice');
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { index: `${H}/two-copies.ts` },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    sourcemap: true,
    logLevel: 'silent',
  });
  expect(Object.keys(duplicatePackages(await bundleGraph(dir)))).toContain('libmime');
  const single = path.join(outdir, 'once');
  runSplitBundle({ entry: `${H}/two-copies.ts`, outdir: single, projectRoot: REPO_ROOT });
  expect(duplicatePackages(await bundleGraph(single))).toEqual({});
});
