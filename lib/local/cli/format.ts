/** Text output of `workmail-rules replay`: a table per event, colour only when asked. */
import type { ObservedTraceEntry as TraceEntry } from '../types';
import { decisionRows, type ReplayDecision } from '../decisions';
import { formatRewriteSummary, type RewriteSummary } from '../rewrite-summary';

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  action(type: string, s: string): string;
}

const code = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const ACTION_COLOURS: Record<string, number> = { BOUNCE: 31, DROP: 35, MOVE_TO_JUNK: 33, BYPASS_SPAM_CHECK: 36, DEFAULT: 32 };

export function paint(colour: boolean): Paint {
  if (!colour) {
    const id = (s: string) => s;
    return { bold: id, dim: id, red: id, green: id, yellow: id, action: (_t, s) => s };
  }
  return {
    bold: code(1, 22),
    dim: code(2, 22),
    red: code(31, 39),
    green: code(32, 39),
    yellow: code(33, 39),
    action: (t, s) => (ACTION_COLOURS[t] ? code(ACTION_COLOURS[t]!, 39)(s) : s),
  };
}

export interface EventReport {
  file: string;
  handler: string;
  /** The cdk.json function the handler belongs to, when the configuration chose it. */
  function?: string;
  direction: string;
  /** Decision notes and event notes (a generated messageId, content that could not be read, …). */
  notes: string[];
  durationMs: number;
  decisions: ReplayDecision[];
  rewrite?: RewriteSummary;
  rewrittenPath?: string;
  rewriteNote?: string;
  fallbackReason?: string;
  responseProblems: string[];
  trace?: Record<string, TraceEntry[]>;
  check?: { expectFile?: string; differences: string[] };
  update?: { expectFile: string; created: boolean; changes: string[] };
}

export function formatEvent(r: EventReport, p: Paint): string {
  const lines: string[] = [];
  lines.push(
    `${p.bold(r.file)}  ${p.dim(`${r.direction} · ${r.function ? `${r.function} (${r.handler})` : r.handler} · ${r.durationMs} ms`)}`,
  );
  const rows = decisionRows(r.decisions).map((d) => [d.recipient, d.action, d.rule, d.type]);
  const head = ['recipient', 'action', 'rule'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  lines.push(
    '  ' +
      p.dim(
        head
          .map((h, i) => h.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      ),
  );
  for (const row of rows) {
    lines.push(`  ${row[0]!.padEnd(widths[0]!)}  ${p.action(row[3]!, row[1]!.padEnd(widths[1]!))}  ${row[2]}`.trimEnd());
  }
  if (rows.length === 0) lines.push('  (no decisions)');
  if (r.fallbackReason) lines.push(`  ${p.yellow(`fallback: ${r.fallbackReason}`)}`);
  for (const note of r.notes) lines.push(`  ${p.yellow(`note: ${note}`)}`);
  for (const problem of r.responseProblems) lines.push(`  ${p.red(`invalid response: ${problem}`)}`);
  if (r.rewrite) {
    lines.push(`  rewrite: ${formatRewriteSummary(r.rewrite)}${r.rewrittenPath ? ` → ${r.rewrittenPath}` : ''}`);
  } else if (r.rewriteNote) {
    lines.push(`  rewrite: ${r.rewriteNote}`);
  }
  if (r.trace) {
    for (const [recipient, entries] of Object.entries(r.trace)) {
      lines.push(
        `  trace ${recipient}: ${entries.map((e) => `${e.rule} ${e.outcome}${e.mode === 'audit' ? ' (audit)' : ''}`).join(', ') || '(no rules)'}`,
      );
    }
  }
  if (r.check) {
    if (!r.check.expectFile) lines.push(`  ${p.dim('check: no .expect.json')}`);
    else if (r.check.differences.length === 0) lines.push(`  ${p.green('check: ok')}`);
    else for (const d of r.check.differences) lines.push(`  ${p.red(`check: ${d}`)}`);
  }
  if (r.update) {
    if (r.update.created) lines.push(`  ${p.green(`update: wrote ${r.update.expectFile}`)}`);
    else if (r.update.changes.length === 0) lines.push(`  ${p.dim(`update: ${r.update.expectFile} unchanged`)}`);
    else for (const c of r.update.changes) lines.push(`  ${p.yellow(`update: ${r.update.expectFile}: ${c}`)}`);
  }
  return lines.join('\n');
}
