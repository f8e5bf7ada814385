/** The BENCHMARKS.md section of the sandbox load benchmark (called by bench/report.ts). */
import type { SandboxSection } from './run';

export function sandboxTable(s: SandboxSection): string {
  const r = s.result;
  return [
    '| messages | connections | seconds | messages/s | p50 DATA→decision ms | p99 ms | outcomes | files on disk | problems |',
    '|---|---|---|---|---|---|---|---|---|',
    `| ${r.accepted} | ${s.connections} | ${r.seconds} | ${r.messagesPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.outcomes} | ${r.filesOnDisk} | ${r.problems.length} |`,
  ].join('\n');
}
