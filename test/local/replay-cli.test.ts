import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'bin', 'cli.ts');
const tsxCli = require.resolve('tsx/cli');
const fixtures = path.join(root, 'test', 'fixtures', 'local');
const tiny = path.join(fixtures, 'handlers', 'tiny.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], cwd = root): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    execFile(process.execPath, [tsxCli, cli, 'replay', ...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const tmpDirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-cli-'));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const copyEvent = (name: string, toDir: string, as = name) => {
  fs.mkdirSync(toDir, { recursive: true });
  fs.copyFileSync(path.join(fixtures, 'events', `${name}.json`), path.join(toDir, `${as}.json`));
};

describe('workmail-rules replay (child process through tsx)', () => {
  test('--json prints one object per event per line', async () => {
    const r = await runCli([path.join(fixtures, 'events'), '--handler', tiny, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => path.basename(l.event as string))).toEqual(['mixed.json', 'rewrite.json', 'with-eml.json']);
    const [mixed, rewrite] = lines as [Record<string, any>, Record<string, any>];
    expect(mixed.decisions).toContainEqual({ recipient: 'drop-me@corp.example', action: 'DROP', rule: 'drop-list' });
    expect(mixed.response.actions.length).toBeGreaterThan(1);
    expect(mixed.rewritten).toBeNull();
    expect(mixed.logs).toEqual([expect.objectContaining({ eventName: 'RUN_LAMBDA_DECISION' })]);
    expect(typeof mixed.durationMs).toBe('number');
    expect(rewrite.rewritten).toEqual({
      headersChanged: ['Subject'],
      partsChanged: 0,
      bytesBefore: expect.any(Number),
      bytesAfter: expect.any(Number),
    });
    expect(rewrite.rewritten.bytesAfter - rewrite.rewritten.bytesBefore).toBe('[EXTERNAL] '.length);
  });

  test('the default table shows recipient, action and rule, without colour when not a TTY', async () => {
    const r = await runCli([path.join(fixtures, 'events', 'mixed.json'), '--handler', tiny]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/recipient\s+action\s+rule/);
    expect(r.stdout).toMatch(/bounce-me@corp\.example\s+BOUNCE "Not accepted here\."\s+bounce-list/);
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stderr).toBe('');
  });

  test('--check passes against matching .expect.json files', async () => {
    const r = await runCli([path.join(fixtures, 'events'), '--handler', tiny, '--check']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/check: ok/g)).toHaveLength(2);
    expect(r.stdout).toContain('0 with check differences');
  });

  test('--check prints the differences and exits 1', async () => {
    const dir = tmp();
    copyEvent('mixed', dir);
    fs.writeFileSync(
      path.join(dir, 'mixed.expect.json'),
      JSON.stringify({
        actions: { 'drop-me@corp.example': 'BOUNCE', 'bob@corp.example': 'DEFAULT' },
        rules: { 'vip@corp.example': 'not-vip' },
      }),
    );
    const r = await runCli([dir, '--handler', tiny, '--check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('check: drop-me@corp.example: expected BOUNCE, got DROP (rule drop-list)');
    expect(r.stdout).toContain('check: vip@corp.example: expected rule not-vip, got vip');
    expect(r.stdout).not.toContain('bob@corp.example: expected');
  });

  test('an unreadable or invalid event file exits 2 with its issues on stderr; the other events still run', async () => {
    const dir = tmp();
    copyEvent('mixed', dir, 'a-good');
    fs.writeFileSync(path.join(dir, 'b-broken.json'), '{ "envelope": ');
    fs.writeFileSync(path.join(dir, 'c-invalid.json'), JSON.stringify({ flowDirection: 'SIDEWAYS', envelope: { recipients: 'x' } }));
    const r = await runCli([dir, '--handler', tiny, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/b-broken\.json: invalid event\n {2}\(root\): not valid JSON/);
    expect(r.stderr).toMatch(/c-invalid\.json: invalid event/);
    expect(r.stderr).toMatch(/envelope\.recipients: expected an array/);
    expect(r.stderr).toMatch(/flowDirection: expected INBOUND or OUTBOUND/);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).event).toMatch(/a-good\.json$/);
  });

  test('without --handler the functions of cdk.json serve the events by direction; the folder names the direction', async () => {
    const dir = tmp();
    const functions = {
      main: { entry: tiny, rule: 'sync', direction: 'INBOUND' },
      audit: { entry: tiny, rule: 'async', direction: 'INBOUND' },
    };
    fs.writeFileSync(
      path.join(dir, 'cdk.json'),
      JSON.stringify({ context: { workmail: { region: 'us-east-1', organizations: ['m-0123456789abcdef0123456789abcdef'], functions } } }),
    );
    const event = JSON.parse(fs.readFileSync(path.join(fixtures, 'events', 'mixed.json'), 'utf8')) as Record<string, unknown>;
    delete event.flowDirection;
    fs.mkdirSync(path.join(dir, 'events', 'inbound'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'events', 'inbound', 'no-direction.json'), JSON.stringify(event));
    const r = await runCli(['--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout.trim()) as { event: string; handler: string; direction: string };
    expect(line).toMatchObject({ event: path.join('events', 'inbound', 'no-direction.json'), direction: 'INBOUND', function: 'main' });
    expect(path.resolve(dir, line.handler)).toBe(tiny);
  });

  test('--out writes rewritten messages and --explain prints the trace', async () => {
    const dir = tmp();
    const r = await runCli([path.join(fixtures, 'events', 'rewrite.json'), '--handler', tiny, '--out', path.join(dir, 'out'), '--explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('trace bob@corp.example: otherwise match');
    expect(r.stdout).toMatch(/rewrite: headers changed: Subject; parts changed: 0; \d+ → \d+ bytes → /);
    const written = fs
      .readdirSync(path.join(dir, 'out'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.eml'));
    expect(written).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'out', written[0]!), 'utf8')).toMatch(/^Subject: \[EXTERNAL\] Quarterly \[rewrite\]\r$/m);
  });

  test('a cdk.json with a wrong value is reported, naming the key (exit 2)', async () => {
    const dir = tmp();
    fs.writeFileSync(
      path.join(dir, 'cdk.json'),
      JSON.stringify({
        context: {
          workmail: {
            region: 'us-east-1',
            organizations: ['m-0123456789abcdef0123456789abcdef'],
            functions: { main: { entry: tiny, rule: 'sync', direction: 'INBOUND', events: 7 } },
          },
        },
      }),
    );
    const r = await runCli([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cdk.json: workmail.functions.main.events: got 7');
  });

  test('a missing path or a bad option is a usage error (exit 2)', async () => {
    const missing = await runCli([path.join(fixtures, 'no-such-folder'), '--handler', tiny]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file or folder');
    const bad = await runCli(['--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: workmail-rules replay');
  });
});
