/**
 * The sandbox under load: `connections` concurrent SMTP connections (nodemailer, one connection
 * each) send `messages` messages in all to 127.0.0.1, through the repo's sample rules. Then every
 * accepted message must have exactly one record, each recipient exactly one outcome, and the files
 * on disk must match both the records and the log lines. Used by the bounded test and the benchmark.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { functionsFromCdkJson } from '../../bin/commands/replay';
import { startSandbox, type SandboxRecord } from '../../lib/local';

const ROOT = path.resolve(__dirname, '..', '..');

export interface LoadResult {
  accepted: number;
  refused: number;
  seconds: number;
  messagesPerSecond: number;
  /** DATA end → decision, ms. */
  p50Ms: number;
  p99Ms: number;
  outcomes: number;
  filesOnDisk: number;
  /** Problems found by the accounting (empty when nothing was lost or doubled). */
  problems: string[];
}

/** The n-th message: a mix that exercises every outcome of the sample rules. */
function mailFor(n: number): SendMailOptions {
  const subject = `load ${n}`;
  switch (n % 6) {
    case 0:
      return { from: 'a@corp.example', to: [`u${n % 40}@corp.example`, `v${n % 7}@corp.example`], subject, text: 'internal' };
    case 1:
      return { from: 'x@outside.example', to: `u${n % 40}@corp.example`, subject, text: 'external, rewritten' };
    case 2:
      return { from: 'spam@mx.bad.example', to: `u${n % 40}@corp.example`, subject, text: 'bounced' };
    case 3:
      return { from: 'x@outside.example', to: ['contractor@corp.example', `u${n % 40}@corp.example`], subject, text: 'one dropped' };
    case 4:
      return {
        from: 'list@outside.example',
        to: 'ceo@corp.example',
        subject,
        text: 'junk',
        headers: { 'List-Unsubscribe': '<mailto:u@outside.example>' },
      };
    default:
      return { from: 'x@outside.example', to: 'ceo@corp.example', subject, text: 'copied to legal' };
  }
}

function filesUnder(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) n += filesUnder(p);
    else if (path.basename(dir) === 'new') n++;
  }
  return n;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export async function runSandboxLoad(options: { messages: number; connections: number }): Promise<LoadResult> {
  const mailroot = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-load-'));
  const logs: Record<string, unknown>[] = [];
  const sandbox = await startSandbox({
    root: ROOT,
    functions: functionsFromCdkJson(ROOT),
    smtpPort: 0,
    httpPort: 0,
    mailroot,
    keep: options.messages + 10,
    log: (l) => logs.push(l),
  });
  try {
    const transports = Array.from({ length: options.connections }, () =>
      nodemailer.createTransport({
        host: '127.0.0.1',
        port: sandbox.smtpPort,
        secure: false,
        ignoreTLS: true,
        pool: true,
        maxConnections: 1,
        maxMessages: Infinity,
      }),
    );
    let next = 0;
    const accepted = new Set<string>();
    let refused = 0;
    const started = performance.now();
    await Promise.all(
      transports.map(async (tr) => {
        for (let n = next++; n < options.messages; n = next++) {
          try {
            await tr.sendMail(mailFor(n));
            accepted.add(`load ${n}`);
          } catch {
            refused++;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const tr of transports) tr.close();
    await sandbox.idle();

    const problems: string[] = [];
    const records = sandbox.store.list() as SandboxRecord[];
    const bySubject = new Map<string, SandboxRecord[]>();
    for (const r of records) bySubject.set(r.subject, [...(bySubject.get(r.subject) ?? []), r]);
    for (const s of accepted) if (bySubject.get(s)?.length !== 1) problems.push(`${s}: ${bySubject.get(s)?.length ?? 0} records`);
    let outcomes = 0;
    let expectedFiles = 0;
    for (const r of records) {
      const seen = new Set<string>();
      for (const o of r.outcomes) {
        if (seen.has(o.recipient)) problems.push(`${r.subject}: two outcomes for one recipient`);
        seen.add(o.recipient);
        if ((o.file !== undefined) !== ['inbox', 'junk', 'outbox'].includes(o.placement))
          problems.push(`${r.subject}: ${o.placement} with file ${o.file}`);
      }
      for (const rcpt of r.recipients) if (!seen.has(rcpt)) problems.push(`${r.subject}: no outcome for a recipient`);
      outcomes += r.outcomes.length;
      expectedFiles += r.outcomes.filter((o) => o.file).length + (r.dsnFile ? 1 : 0);
    }
    const lines = logs.filter((l) => l['eventName'] === 'SANDBOX_MESSAGE');
    if (lines.length !== accepted.size) problems.push(`${lines.length} log lines for ${accepted.size} accepted messages`);
    const logged = lines.reduce(
      (n, l) =>
        n +
        (l['outcomes'] as { placement: string; count?: number }[])
          .filter((o) => ['inbox', 'junk', 'outbox'].includes(o.placement))
          .reduce((k, o) => k + (o.count ?? 1), 0) +
        (l['dsn'] ? 1 : 0),
      0,
    );
    const filesOnDisk = filesUnder(mailroot);
    if (filesOnDisk !== expectedFiles) problems.push(`${filesOnDisk} files on disk, the records say ${expectedFiles}`);
    if (filesOnDisk !== logged) problems.push(`${filesOnDisk} files on disk, the log says ${logged}`);
    const latencies = records.map((r) => r.decisionMs).sort((a, b) => a - b);
    return {
      accepted: accepted.size,
      refused,
      seconds: Math.round(seconds * 100) / 100,
      messagesPerSecond: Math.round((accepted.size / seconds) * 10) / 10,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      outcomes,
      filesOnDisk,
      problems,
    };
  } finally {
    await sandbox.stop();
    fs.rmSync(mailroot, { recursive: true, force: true });
  }
}
