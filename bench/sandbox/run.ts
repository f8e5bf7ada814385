/**
 * Sandbox: 50 concurrent SMTP connections send 2 000 messages (200 in --quick) to the local mail
 * sandbox on 127.0.0.1, through the repo's sample rules; messages per second, the DATA→decision
 * latency (p50, p99), and the accounting (nothing lost or doubled, disk = log).
 */
import { formatTarget, target, type Target } from '../lib/results';
import { runSandboxLoad, type LoadResult } from './load';

export interface SandboxSection {
  method: string;
  messages: number;
  connections: number;
  result: LoadResult;
}

export async function runSandboxBench(opts: {
  quick?: boolean;
  log?: (s: string) => void;
}): Promise<{ section: SandboxSection; targets: Target[] }> {
  const log = opts.log ?? (() => {});
  const messages = opts.quick ? 200 : 2000;
  const connections = 50;
  const result = await runSandboxLoad({ messages, connections });
  log(
    `  ${result.accepted} messages over ${connections} connections in ${result.seconds} s: ${result.messagesPerSecond} messages/s, DATA→decision p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms; ${result.outcomes} outcomes, ${result.filesOnDisk} files`,
  );
  const targets = [
    target(
      'sandbox.lost',
      `sandbox ${messages} messages: messages lost, doubled or miscounted (disk vs log)`,
      result.problems.length + result.refused,
      0,
      'problems',
      result.problems.slice(0, 3).join('; ') || undefined,
    ),
    target('sandbox.p99', `sandbox ${messages} messages over ${connections} connections: p99 DATA→decision`, result.p99Ms, 2000, 'ms'),
  ];
  for (const t of targets) log(`  ${formatTarget(t)}`);
  return {
    section: {
      method: `${connections} nodemailer SMTP connections (one each) send ${messages} messages to the sandbox on 127.0.0.1 (the repo's cdk.json functions and sample rules: delivered, rewritten, bounced with a DSN, dropped, junked, copied). Latency is from the end of DATA to the decision (before delivery), measured in the sandbox; throughput is accepted messages over the sending wall time. The sandbox answers 250 after delivery, so each connection waits for its message to be decided and written.`,
      messages,
      connections,
      result,
    },
    targets,
  };
}
