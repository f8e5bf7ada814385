/**
 * `workmail-rules serve --watch` as a user runs it (a child process, in a project folder of its
 * own): the banner, a message decided by the rules, the rules file edited, the handlers reloaded,
 * and the next message decided by the new rules; the same after atomic saves (a temporary file
 * renamed over the rules file, as editors, git checkout and sed -i do). SIGTERM stops it with exit 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import nodemailer from 'nodemailer';
import { ROOT } from './helpers';

const rules = (action: 'junk' | 'deliver') => `import { defineRules, ${action} } from ${JSON.stringify(path.join(ROOT, 'lib'))};
export default defineRules({ direction: 'INBOUND', organizationDomains: ['corp.example'], otherwise: ${action}(), rules: [] });
`;
const handler = `import { syncHandler } from ${JSON.stringify(path.join(ROOT, 'lib'))};
import rules from '../rules/inbound';
export const handler = syncHandler({ rules });
`;

let project: string;
let child: ChildProcess;
let stdout = '';
let stderr = '';

/** Resolves when `pattern` appears in the output (stdout lines or the stderr banner). */
function waitFor(stream: () => string, pattern: RegExp, ms = 20_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const m = pattern.exec(stream());
      if (m) return resolve(m);
      if (Date.now() - started > ms || child.exitCode !== null) return reject(new Error(`no ${pattern} in:\n${stream()}\n${stderr}`));
      setTimeout(poll, 50);
    };
    poll();
  });
}

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-watch-'));
  fs.mkdirSync(path.join(project, 'handlers'));
  fs.mkdirSync(path.join(project, 'rules'));
  fs.writeFileSync(path.join(project, 'handlers', 'inbound.ts'), handler);
  fs.writeFileSync(path.join(project, 'rules', 'inbound.ts'), rules('junk'));
  child = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(ROOT, 'bin', 'cli.ts'), 'serve', '--smtp', '0', '--http', '0', '--mailroot', 'mail', '--watch'],
    {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(project, { recursive: true, force: true });
});

let smtpPort = 0;
let httpPort = 0;
const messages = async () =>
  (
    (await (await fetch(`http://127.0.0.1:${httpPort}/api/messages`)).json()) as {
      messages: { subject: string; outcomes: { action: string }[] }[];
    }
  ).messages;

test('serve --watch: the edited rules decide the next message', async () => {
  const banner = await waitFor(() => stderr, /SMTP on 127\.0\.0\.1:(\d+), web page on http:\/\/127\.0\.0\.1:(\d+)\//);
  expect(stderr).toContain('organization domains: corp.example');
  expect(stderr).toContain('the password "sandbox"');
  expect(stderr).toMatch(/warning: outbound: handler module .*outbound.* not found/);
  [smtpPort, httpPort] = [Number(banner[1]), Number(banner[2])];
  const mail = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });

  await mail.sendMail({ from: 'a@outside.example', to: 'bob@corp.example', subject: 'one', text: 'x' });
  await waitFor(() => stdout, /"eventName":"SANDBOX_MESSAGE".*"action":"MOVE_TO_JUNK"/);
  expect(fs.readdirSync(path.join(project, 'mail', 'bob@corp.example', '.Junk', 'new'))).toHaveLength(1);

  fs.writeFileSync(path.join(project, 'rules', 'inbound.ts'), rules('deliver'));
  await waitFor(() => stdout, /"eventName":"SANDBOX_RELOAD","loads":2,"file":"rules\/inbound\.ts"/);
  await mail.sendMail({ from: 'a@outside.example', to: 'bob@corp.example', subject: 'two', text: 'x' });
  expect((await messages()).map((m) => [m.subject, m.outcomes[0]!.action])).toEqual([
    ['two', 'DEFAULT'],
    ['one', 'MOVE_TO_JUNK'],
  ]);
  expect(fs.readdirSync(path.join(project, 'mail', 'bob@corp.example', 'new'))).toHaveLength(1);
}, 60_000);

test('serve --watch: after each atomic save (temporary file renamed over the rules) the newest rules decide, one reload line each', async () => {
  const mail = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  const target = path.join(project, 'rules', 'inbound.ts');
  const saves: [string, 'junk' | 'deliver', string][] = [
    ['.inbound.ts.swp~', 'junk', 'MOVE_TO_JUNK'], // an editor's hidden temporary file
    ['sedX1b2c3', 'deliver', 'DEFAULT'], // what sed -i writes next to the file
  ];
  for (const [i, [temp, action, expected]] of saves.entries()) {
    fs.writeFileSync(path.join(project, 'rules', temp), rules(action));
    fs.renameSync(path.join(project, 'rules', temp), target);
    await waitFor(() => stdout, new RegExp(`"eventName":"SANDBOX_RELOAD","loads":${3 + i},"file":"rules/inbound\\.ts"`));
    await mail.sendMail({ from: 'a@outside.example', to: 'bob@corp.example', subject: `atomic ${i}`, text: 'x' });
    expect((await messages())[0]).toMatchObject({ subject: `atomic ${i}`, outcomes: [{ action: expected }] });
  }
  // one reload line per save, each naming the file, and none for the temporary files
  const reloads = stdout.split('\n').filter((l) => l.includes('"SANDBOX_RELOAD"'));
  const reloaded = reloads.map((l) => JSON.parse(l) as { eventName: string; loads: number; file: string });
  expect(reloaded.map((r) => [r.eventName, r.loads, r.file])).toEqual([
    ['SANDBOX_RELOAD', 2, 'rules/inbound.ts'],
    ['SANDBOX_RELOAD', 3, 'rules/inbound.ts'],
    ['SANDBOX_RELOAD', 4, 'rules/inbound.ts'],
  ]);
  expect(fs.readdirSync(path.join(project, 'rules'))).toEqual(['inbound.ts']);
}, 60_000);

test('serve --watch: SIGTERM stops it cleanly', async () => {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 60_000);
