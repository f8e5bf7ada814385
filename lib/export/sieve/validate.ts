/**
 * Every script for a Dovecot profile is compiled with Pigeonhole's `sievec` before it is written (when
 * installed, and always under CI): a script that does not compile would run no rule at all. A failure
 * is an ExportError naming the rule whose block holds the first error line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExportError } from '../types';
import type { SieveHost } from './hosts';

const SIEVEC = ['/usr/bin/sievec', '/usr/local/bin/sievec'];

export function findSievec(): string | undefined {
  return SIEVEC.find((p) => fs.existsSync(p));
}

/** The rule whose `# Rule "…"` block holds `line` (1-based), or the script's header. */
function ruleAt(script: string, line: number): string {
  const lines = script.split('\n').slice(0, line);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^# Rule "(.*?)"(?: \(| ?:|$)/.exec(lines[i]!);
    if (m) return `rule ${m[1]}`;
    if (/^# (rewrite \d+|Otherwise)/.test(lines[i]!)) return lines[i]!.slice(2).split(':')[0]!;
  }
  return 'the script header';
}

/** Compiles `script` with sievec for `host`; does nothing for hosts sievec cannot check. */
export function validateWithSievec(name: string, script: string, host: SieveHost): void {
  if (host.sievec === undefined) return;
  const sievec = findSievec();
  if (sievec === undefined) {
    if (process.env['CI'])
      throw new ExportError(
        'EXPORT_TARGET',
        `sievec is not installed, and under CI every Dovecot script is compiled: install dovecot-sieve`,
      );
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-sievec-'));
  try {
    const file = path.join(dir, 'script.sieve');
    fs.writeFileSync(file, script);
    const args = [...host.sievec.flatMap((x) => ['-x', x]), file, path.join(dir, 'script.svbin')];
    const child = spawnSync(sievec, args, { encoding: 'utf8', timeout: 30_000 });
    if (child.status === 0) return;
    const out = `${child.stderr}${child.stdout}`;
    const m = /line (\d+): error: (.*)/.exec(out);
    const where = m ? ruleAt(script, Number(m[1])) : 'the script';
    throw new ExportError(
      'EXPORT_INVALID',
      `the Sieve script ${name} for ${host.title} does not compile (sievec): ${where}: ${m?.[2] ?? out.trim().split('\n')[0]}; nothing was written`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
