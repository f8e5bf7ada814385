/**
 * The shipped handlers run as shipped: synthesize the committed cdk.json (handlers/inbound.ts,
 * outbound.ts, audit-log.ts) with REAL esbuild bundling, then invoke each produced bundle in a child
 * `node` process against the local WorkMail (Message Flow emulator + S3 on 127.0.0.1). The inbound
 * bundle rewrites: it must stage the new MIME in S3 and hand it over with PutRawMessageContent.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { WorkMailRulesStack, configFromContext } from '../../lib/cdk';
import { bundleSizes, type BundleSize } from '../../lib/cdk/bundling/sizes';
import { readCdkJsonContext } from '../../lib/cdk/config/context';
import { expandResponse } from '../../lib/engine/expand';
import { startLocalWorkMail, type LocalWorkMail } from '../../lib/local';
import { validateResponse } from '../../lib/workmail/validate-response';
import type { SyncResponse } from '../../lib/workmail/types';
import { invokeBundle } from './run-bundle';
import { REPO_ROOT } from './stack-fixture';

jest.setTimeout(240_000);

const EVENTS = path.join(REPO_ROOT, 'events');
let outdir: string;
let sizes: BundleSize[];
let local: LocalWorkMail;

beforeAll(async () => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-handlers-'));
  const context = readCdkJsonContext(path.join(REPO_ROOT, 'cdk.json'));
  const app = new App({ outdir });
  new WorkMailRulesStack(app, 'WorkMailRules', { config: configFromContext(context), projectRoot: REPO_ROOT });
  app.synth();
  sizes = bundleSizes(outdir, 'WorkMailRules');
  local = await startLocalWorkMail();
});

afterAll(async () => {
  await local?.stop();
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
});

function bundleOf(functionName: string): string {
  const found = sizes.find((s) => s.functionName === functionName);
  if (!found) throw new Error(`no bundle for ${functionName} in ${sizes.map((s) => s.functionName).join(', ')}`);
  return found.bundleFile;
}

/** Loads events/<dir>/<name>.json and stores its .eml in the local WorkMail under the event's messageId. */
function sample(dir: string, name: string) {
  const event = JSON.parse(fs.readFileSync(path.join(EVENTS, dir, `${name}.json`), 'utf8'));
  const raw = fs.readFileSync(path.join(EVENTS, dir, `${name}.eml`));
  local.putMessage(event.messageId, raw);
  return { event, raw };
}

/** The environment the deployed function gets from the stack, pointed at the local emulators. */
const lambdaEnv = () => ({ ...local.env, REWRITE_KEY_PREFIX: 'rewrites/' });

test('the committed cdk.json gives four bundles, one per handler (besides the AwsCustomResource function of CDK)', () => {
  // The availability provider's configuration is an AwsCustomResource: CDK's singleton function, not a handler of ours.
  const ours = sizes.map((s) => s.functionName).filter((n) => !/^AWS679f53fac002430cb0da5b7982bd2287/.test(n));
  expect(ours.sort()).toEqual(['WorkMailRules-audit-log', 'WorkMailRules-availability', 'WorkMailRules-inbound', 'WorkMailRules-outbound']);
});

test('inbound (sync, rewrite): valid response, the message is rewritten through S3 and PutRawMessageContent', async () => {
  const { event, raw } = sample('inbound', 'pdf-attachment');
  const before = local.requests.length;
  const { result } = await invokeBundle(bundleOf('WorkMailRules-inbound'), event, outdir, lambdaEnv());

  expect(validateResponse(result, 'INBOUND')).toEqual([]);
  const expected = JSON.parse(fs.readFileSync(path.join(EVENTS, 'inbound', 'pdf-attachment.expect.json'), 'utf8')) as {
    actions: Record<string, string>;
  };
  const actions = expandResponse(
    result as SyncResponse,
    event.envelope.recipients.map((r: { address: string }) => r.address),
  );
  expect(Object.fromEntries([...actions].map(([k, a]) => [k, a === 'fallback' ? a : a.type]))).toEqual(expected.actions);

  const calls = local.requests.slice(before).map((r) => `${r.service}:${r.operation}:${r.status}`);
  expect(calls).toEqual(
    expect.arrayContaining(['messageflow:GetRawMessageContent:200', 's3:PutObject:200', 'messageflow:PutRawMessageContent:200']),
  );
  const after = local.getMessage(event.messageId)!;
  expect(after.equals(raw)).toBe(false);
  expect(after.toString('latin1')).toMatch(/^Subject: \[EXTERNAL\] Invoice 4412\r?$/m);
  expect(after.toString('latin1')).toContain('This message came from outside corp.example.');
});

test('outbound (sync, reads the message): valid response with the decided actions', async () => {
  const { event } = sample('outbound', 'dlp-body');
  const { result } = await invokeBundle(bundleOf('WorkMailRules-outbound'), event, outdir, lambdaEnv());
  expect(validateResponse(result, 'OUTBOUND')).toEqual([]);
  const expected = JSON.parse(fs.readFileSync(path.join(EVENTS, 'outbound', 'dlp-body.expect.json'), 'utf8')) as {
    actions: Record<string, string>;
  };
  const actions = expandResponse(
    result as SyncResponse,
    event.envelope.recipients.map((r: { address: string }) => r.address),
  );
  expect(Object.fromEntries([...actions].map(([k, a]) => [k, a === 'fallback' ? a : a.type]))).toEqual(expected.actions);
});

test('audit-log (async): runs to completion and logs one audit line without the subject', async () => {
  const { event } = sample('inbound', 'pdf-attachment');
  const { result, stdout } = await invokeBundle(bundleOf('WorkMailRules-audit-log'), event, outdir, lambdaEnv());
  expect(result).toBeNull();
  const lines = stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.filter((l) => l['eventName'] === 'AUDIT_MESSAGE_SEEN')).toHaveLength(1);
  // The deployed bundle writes one EMF document on stdout, beside its log line.
  const emf = lines.filter((l) => '_aws' in l);
  expect(emf).toHaveLength(1);
  expect(emf[0]).toMatchObject({ Function: 'bundle-test', Direction: 'INBOUND', Invocations: 1 });
  expect((emf[0]!['_aws'] as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]!.Namespace).toBe('WorkMailRules');
  expect(stdout).not.toContain(event.subject);
});
