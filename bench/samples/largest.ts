/**
 * The largest messages WorkMail allows (40 MB MIME) through our rewriting bundle, end to end against
 * the local emulators, one fresh process each: wall time and peak RSS against the function's 1 024 MB.
 * Two cases: a message just under the limit (the edits fit: it must be rewritten and put back) and one
 * exactly at it (the footer pushes the result over: the rewrite must fail and the stored original stay
 * byte for byte as it was, which the emulator process compares at the end).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LIMITS } from '../../lib/workmail/limits';
import { startEmulatorProcess } from '../cold-start/emulator-process';
import { runOnce } from '../lib/proc';
import { generateMessage } from '../rewrite/generate';
import { eventFor } from './run';

const REPO = path.resolve(__dirname, '..', '..');
const WARM_RUNNER = path.join(__dirname, 'warm-runner.mjs');

export interface LargestFigure {
  name: string;
  description: string;
  bytes: number;
  expect: 'rewritten' | 'untouched';
  outcome: 'rewritten' | 'untouched' | 'unknown';
  asExpected: boolean;
  wallMs: number;
  peakRssMiB: number;
  /** The rewrite events the handler logged (eventName only: no message text). */
  events: string[];
}

const CASES = [
  { name: 'under40MB', bytes: LIMITS.maxMimeBytes - 8 * 1024, expect: 'rewritten' as const, description: '40 MB message (40 MiB − 8 KiB)' },
  {
    name: 'at40MB',
    bytes: LIMITS.maxMimeBytes,
    expect: 'untouched' as const,
    description: '40 MiB message, rewritten result over the limit',
  },
];

export async function runLargest(opts: {
  dir: string;
  bundle: string;
  base: Record<string, string>;
  log: (s: string) => void;
}): Promise<LargestFigure[]> {
  const out: LargestFigure[] = [];
  for (const c of CASES) {
    const raw = generateMessage(c.bytes);
    const file = path.join(opts.dir, `${c.name}.eml`);
    fs.writeFileSync(file, raw);
    const id = `bench-${c.name.toLowerCase()}-0`;
    const events = path.join(opts.dir, `${c.name}.jsonl`);
    fs.writeFileSync(events, JSON.stringify(eventFor(id)) + '\n');
    const emulator = await startEmulatorProcess(REPO, file, [id]);
    let run: ReturnType<typeof runOnce>;
    let rewritten = -1;
    try {
      run = runOnce({ command: process.execPath, args: [WARM_RUNNER, opts.bundle, events, '0'], env: { ...opts.base, ...emulator.env } });
    } finally {
      rewritten = (await emulator.stop().catch(() => ({ rewritten: -1 }))).rewritten;
    }
    const logged = [...run.stdout.matchAll(/"eventName":"([A-Z_]+)"/g)].map((m) => m[1]!);
    const outcome = rewritten === 1 ? 'rewritten' : rewritten === 0 ? 'untouched' : 'unknown';
    const f: LargestFigure = {
      name: c.name,
      description: c.description,
      bytes: raw.length,
      expect: c.expect,
      outcome,
      asExpected: outcome === c.expect,
      wallMs: Math.round(run.wallMs),
      peakRssMiB: Math.round(((run.peakRssKiB ?? 0) / 1024) * 10) / 10,
      events: [...new Set(logged)],
    };
    opts.log(
      `  ${c.description}: ${f.outcome} in ${f.wallMs} ms, peak RSS ${f.peakRssMiB} MiB (logged ${f.events.join(', ') || 'nothing'})`,
    );
    out.push(f);
  }
  return out;
}
