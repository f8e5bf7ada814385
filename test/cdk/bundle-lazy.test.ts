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
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { WorkMailRulesStack } from '../../lib/cdk';
import { bundleGraph, duplicatePackages, importTimePackages, type BundleGraph } from '../../lib/cdk/bundling/graph';
import { bundleSizes } from '../../lib/cdk/bundling/sizes';
import { runSplitBundle } from '../../lib/cdk/bundling/split';
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
        rewriteOnly: { entry: `${H}/rewrite-only.ts`, rule: 'sync', direction: 'INBOUND', readsMessage: true, rewrite: true },
        attachments: { entry: `${H}/attachment-rule.ts`, rule: 'sync', direction: 'INBOUND', readsMessage: true },
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

/** Runs bundle `name` (or a graph built here) on `raw`; returns the response, the stored message and the packages of the chunks the process loaded. */
async function invokeLogged(name: string | BundleGraph, raw: Buffer, n: string) {
  const messageId = `00000000-0000-4000-8000-00000000b${n}`;
  local.putMessage(messageId, raw);
  const event = {
    summaryVersion: '2019-07-28',
    envelope: { mailFrom: { address: 'a@example.com' }, recipients: [{ address: 'b@corp.example' }] },
    subject: 'hello',
    messageId,
    invocationId: `0000000000000000000000000000b${n}`,
    flowDirection: 'INBOUND',
    truncated: false,
  };
  const graph = typeof name === 'string' ? graphs[name]! : name;
  const log = path.join(outdir, `loaded-${n}.txt`);
  const hook = pathToFileURL(path.join(__dirname, 'load-log.mjs')).href;
  const { result } = await invokeBundle(path.join(graph.assetDir, 'index.mjs'), event, outdir, {
    ...local.env,
    LOAD_LOG: log,
    NODE_OPTIONS: `--enable-source-maps --import ${hook}`,
  });
  expect(validateResponse(result, 'INBOUND')).toEqual([]);
  const files = new Set(
    fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter((u) => u.startsWith('file:'))
      .map((u) => path.relative(graph.assetDir, fileURLToPath(u))),
  );
  expect(files).toContain('index.mjs');
  const loaded = new Set(graph.onDemand.filter((f) => files.has(f.file)).flatMap((f) => f.packages));
  const action = (result as { actions: { action: { type: string } }[] }).actions[0]!.action.type;
  return { action, stored: local.getMessage(messageId)!.toString('latin1'), loaded };
}

const headerMessage = (subject: string) =>
  Buffer.from(`From: a@example.com\r\nTo: b@corp.example\r\nSubject: ${subject}\r\nX-Gateway-Verdict: spam\r\n\r\nbody\r\n`);

test('the header-rule bundle loads its chunks on demand and reads the header; libmime only for an encoded word', async () => {
  const plain = await invokeLogged('headers', headerMessage('plain'), '001');
  expect(plain.action).toBe('DROP');
  expect(plain.loaded).toContain('@aws-sdk/client-workmailmessageflow');
  for (const p of ['libmime', 'iconv-lite', 'encoding-japanese', 'mailparser', '@aws-sdk/client-s3']) expect(plain.loaded).not.toContain(p);
  const encoded = await invokeLogged('headers', headerMessage('=?utf-8?q?caf=C3=A9?='), '002');
  expect(encoded.action).toBe('DROP');
  expect(encoded.loaded).toContain('libmime');
});

const textOnly = Buffer.from(
  'From: a@example.com\r\nTo: b@corp.example\r\nSubject: Quarterly report\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGr\u00fc\u00dfe\r\n',
  'utf8',
);

test('an attachment rule reads names and sizes with the part scanner: no mailparser, no charset tables, no HTML stack', async () => {
  const exe = Buffer.from('MZ not really a program').toString('base64');
  const raw = Buffer.from(
    'From: a@example.com\r\nTo: b@corp.example\r\nSubject: tool\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=iso-8859-2\r\n\r\nsee attached\r\n' +
      '--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="setup.exe"\r\n' +
      `Content-Transfer-Encoding: base64\r\n\r\n${exe}\r\n--b1--\r\n`,
  );
  const bounced = await invokeLogged('attachments', raw, '007');
  expect(bounced.action).toBe('BOUNCE');
  expect(bounced.loaded).toContain('@zone-eu/mailsplit');
  for (const p of ['mailparser', 'iconv-lite', 'encoding-japanese', 'htmlparser2', 'html-to-text', '@aws-sdk/client-s3'])
    expect(bounced.loaded).not.toContain(p);
  const clean = await invokeLogged('attachments', textOnly, '008');
  expect(clean.action).toBe('DEFAULT');
  // A file name in ISO-8859-2 loads the charset tables when reached, and the rule still sees `.exe`.
  const latin2 = await invokeLogged(
    'attachments',
    Buffer.from(raw.toString('latin1').replace('"setup.exe"', '"=?iso-8859-2?Q?P=F8=EDloha.exe?="'), 'latin1'),
    '009',
  );
  expect(latin2.action).toBe('BOUNCE');
  expect(latin2.loaded).toContain('iconv-lite');
});

test('a rewrite loads the MIME libraries its message needs: no HTML parser for a text-only message', async () => {
  const { stored, loaded } = await invokeLogged('rewriteOnly', textOnly, '003');
  expect(stored).toContain('Subject: [EXTERNAL] Quarterly report');
  expect(stored).toContain('This message came from outside corp.example.');
  for (const p of ['@zone-eu/mailsplit', 'libmime', '@aws-sdk/client-s3']) expect(loaded).toContain(p);
  for (const p of ['htmlparser2', 'entities', 'mailparser', 'html-to-text']) expect(loaded).not.toContain(p);
  // UTF-8 is read without libmime's charset module, which imports iconv-lite and encoding-japanese.
  for (const p of ['iconv-lite', 'encoding-japanese']) expect(loaded).not.toContain(p);
});

test('a handler importing the package by name is bundled from its sources: lazy chunks and the UTF-8 charset module as in a project', async () => {
  const dir = path.join(outdir, 'by-name');
  runSplitBundle({ entry: `${H}/by-name.ts`, outdir: dir, projectRoot: REPO_ROOT, sourcemap: true });
  const graph = await bundleGraph(dir);
  expect(importTimePackages(graph).filter((p) => LAZY.includes(p))).toEqual([]);
  const { stored, loaded } = await invokeLogged(graph, textOnly, '006');
  expect(stored).toContain('Subject: [EXTERNAL] Quarterly report');
  expect(stored).toContain('This message came from outside corp.example.');
  for (const p of ['iconv-lite', 'encoding-japanese', 'mailparser']) expect(loaded).not.toContain(p);
});

test('a filename in ISO-8859-2 is decoded although mailsplit swallows the not-loaded error: the charset tables load and the edit runs again', async () => {
  const dir = path.join(outdir, 'remove-pdf');
  runSplitBundle({ entry: `${H}/remove-pdf.ts`, outdir: dir, projectRoot: REPO_ROOT, sourcemap: true });
  const pdf = Buffer.from('%PDF-1.4 not really a PDF').toString('base64');
  const raw = Buffer.from(
    'From: a@example.com\r\nTo: b@corp.example\r\nSubject: scan\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attached\r\n' +
      '--b1\r\nContent-Type: application/octet-stream\r\n' +
      'Content-Disposition: attachment; filename="=?iso-8859-2?Q?P=F8=EDloha.pdf?="\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      `${pdf}\r\n--b1--\r\n`,
  );
  const { stored, loaded } = await invokeLogged(await bundleGraph(dir), raw, '005');
  expect(stored).toContain('see attached');
  expect(stored).not.toContain(pdf);
  for (const p of ['libmime', 'iconv-lite']) expect(loaded).toContain(p);
});

test('a part in ISO-8859-2, an HTML part and an encoded-word subject load what they need when reached, and the rewrite completes', async () => {
  const latin2 = Buffer.from([0x50, 0xf8, 0xed, 0x6c, 0x69, 0xb9, 0x0d, 0x0a]); // "Příliš" in ISO-8859-2
  const raw = Buffer.concat([
    Buffer.from(
      'From: a@example.com\r\nTo: b@corp.example\r\nSubject: =?utf-8?q?Zpr=C3=A1va?=\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: multipart/alternative; boundary="b1"\r\n\r\n--b1\r\n' +
        'Content-Type: text/plain; charset=iso-8859-2\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
    ),
    latin2,
    Buffer.from(
      '\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' +
        '<html><body><p>Hallo</p></body></html>\r\n--b1--\r\n',
    ),
  ]);
  const { stored, loaded } = await invokeLogged('rewriteOnly', raw, '004');
  expect(stored).toMatch(/Subject: \[EXTERNAL\] =\?utf-8\?q\?Zpr=C3=A1va\?=/);
  expect(stored).toContain(latin2.toString('latin1'));
  expect(stored).toContain('<p style=3D"color:#666">This message came from outside corp.example.</p>');
  for (const p of ['iconv-lite', 'libmime', 'htmlparser2', 'libqp']) expect(loaded).toContain(p);
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
