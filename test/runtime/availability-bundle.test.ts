/** The example CAP handler bundles as a Lambda would get it: no SDK, no MIME library, the calendar inside, and it answers. */
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(__dirname, '..', '..');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-cap-bundle-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('handlers/availability.ts bundles without heavy modules and answers the AWS sample from the bundle', async () => {
  const outfile = path.join(dir, 'index.mjs');
  const result = await build({
    entryPoints: [path.join(root, 'handlers/availability.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    write: true,
    metafile: true,
    logLevel: 'silent',
    outfile,
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((f) => /@aws-sdk|@smithy|mailparser|mailsplit|libmime|nodemailer|lib\/message\//.test(f))).toEqual([]);
  expect(inputs).toContain('handlers/availability-calendar.json');
  const sampleFile = path.join(root, 'events/availability/aws-sample-query.json');
  // The bundle is ESM, as in Lambda; run it in a plain node process (jest's module system does not load ESM).
  const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(outfile).href)});
    const fs = await import('node:fs');
    const response = await handler(JSON.parse(fs.readFileSync(${JSON.stringify(sampleFile)}, 'utf8')), { awsRequestId: 'b', getRemainingTimeInMillis: () => 20000 });
    process.stdout.write('RESPONSE ' + JSON.stringify(response) + '\\n');`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim().split('\n');
  const response = JSON.parse(out.find((l) => l.startsWith('RESPONSE '))!.slice('RESPONSE '.length));
  const lines = out.filter((l) => !l.startsWith('RESPONSE '));
  expect(response.mailboxes.map((m: { mailbox: string; error?: string }) => [m.mailbox, m.error ?? 'ok'])).toEqual([
    ['user2@external.example.com', 'ok'],
    ['unknown@internal.example.com', 'MailboxNotFound'],
  ]);
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(parsed.filter((l) => l.eventName === 'AVAILABILITY_RESPONSE')).toEqual([expect.objectContaining({ mailboxCount: 2 })]);
  // The bundle also writes its EMF line on stdout (workmail-rules docs/operations.md, "Metrics").
  const emf = parsed.filter((l) => '_aws' in l);
  expect(emf).toHaveLength(1);
  expect(emf[0]).toMatchObject({ Invocations: 1, Recipients: 2, AvailabilityErrors: 1, Error: 'MailboxNotFound' });
});
