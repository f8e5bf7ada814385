/** Markdown pieces shared by the generated report's sections (bench/report.ts and the sections' own report files). */
import type { Results, Target } from './results';

export type Meta = {
  mode?: string;
  generatedAt?: string;
  durationSeconds?: number;
  skipped?: boolean;
  failed?: boolean;
  reason?: string;
  error?: string;
  diagnosis?: string[];
};

export const us = (ms: number) =>
  ms * 1000 < 10 ? (ms * 1000).toFixed(2) : ms * 1000 < 100 ? (ms * 1000).toFixed(1) : (ms * 1000).toFixed(0);
export const msf = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
export const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
export const num = (v: number) => (Number.isInteger(v) ? String(v) : v >= 100 ? v.toFixed(1) : v.toFixed(3).replace(/\.?0+$/, ''));

export function table(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function sectionState(name: string, s: Meta | undefined): string | undefined {
  if (!s) return `_Not measured in this results file (run \`npm run bench -- --only ${name}\`)._`;
  if (s.skipped) return `_Skipped: ${s.reason}._`;
  if (s.failed) return `**The ${name} benchmark failed:** \`${(s.error ?? '').split('\n')[0]}\``;
  return undefined;
}

export function stamp(s: Meta): string {
  return `_${s.mode} run, ${s.generatedAt}, ${s.durationSeconds} s._`;
}

export function targetsOf(r: Results, prefix: string): Target[] {
  return r.targets.filter((t) => t.id.startsWith(prefix));
}

export function targetLines(ts: Target[]): string {
  return ts
    .map(
      (t) =>
        `- **${t.pass ? 'Met' : 'Missed'}:** ${t.description}: ${num(t.value)} ${t.unit} (target ≤ ${t.limit} ${t.unit}).${t.reason ? ` ${t.reason}` : ''}`,
    )
    .join('\n');
}

export function diagnosis(s: Meta): string {
  return s.diagnosis?.length ? `\nWhy (measured in the same run):\n\n${s.diagnosis.map((d) => `- ${d}`).join('\n')}\n` : '';
}
