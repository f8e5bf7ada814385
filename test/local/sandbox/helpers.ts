/** Shared by the sandbox tests: a sandbox on port 0 with a fresh mailroot, and Maildir readers. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { functionsFromCdkJson } from '../../../bin/commands/replay';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../lib/local';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(__dirname, 'fixtures');

export interface TestSandbox {
  sandbox: Sandbox;
  logs: Record<string, unknown>[];
  mailroot: string;
  cleanup(): Promise<void>;
}

/** The repo's own project (cdk.json functions, rules/) unless `functions` says otherwise. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const mailroot = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-test-'));
  const logs: Record<string, unknown>[] = [];
  const sandbox = await startSandbox({
    root: ROOT,
    functions: functionsFromCdkJson(ROOT),
    smtpPort: 0,
    httpPort: 0,
    mailroot,
    log: (l) => logs.push(l),
    ...options,
  });
  return {
    sandbox,
    logs,
    mailroot,
    async cleanup() {
      await sandbox.stop();
      fs.rmSync(mailroot, { recursive: true, force: true });
    },
  };
}

/** The messages in a Maildir's new/ (`folder`: '' for the inbox, '.Junk'), oldest first. */
export function maildir(mailroot: string, mailbox: string, folder = ''): Buffer[] {
  const dir = path.join(mailroot, mailbox, folder, 'new');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f)));
}

/** Every file under any new/ of the mailroot. */
export function allDelivered(mailroot: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (path.basename(d) === 'new') out.push(path.relative(mailroot, p));
    }
  };
  walk(mailroot);
  return out.sort();
}

export const smtpOptions = (sandbox: Sandbox, auth?: string) => ({
  host: '127.0.0.1',
  port: sandbox.smtpPort,
  secure: false,
  ignoreTLS: true,
  ...(auth ? { auth: { user: auth, pass: sandbox.password } } : {}),
});

export async function api<T = unknown>(sandbox: Sandbox, p: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${sandbox.httpPort}${p}`);
  if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
  return (await res.json()) as T;
}
