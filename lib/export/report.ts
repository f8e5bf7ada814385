/** The fidelity report as text: one line per rule, with what differs or why it is left out. */
import type { RuleFidelity } from './types';

const MARK: Record<RuleFidelity['status'], string> = { exact: 'exact', approximate: 'approximate', 'not exported': 'not exported' };

export function formatReport(title: string, report: readonly RuleFidelity[]): string {
  const width = Math.max(0, ...report.map((r) => r.rule.length));
  const lines = [title];
  for (const r of report) {
    lines.push(`  ${r.rule.padEnd(width)}  ${MARK[r.status]}${r.note ? ` (${r.note})` : ''}`);
    for (const d of r.differences) lines.push(`  ${' '.repeat(width)}    - ${d}`);
  }
  return `${lines.join('\n')}\n`;
}
