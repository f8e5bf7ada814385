/**
 * Whole-process measurement, hyperfine-like: run a command repeatedly (warm-up runs first), each
 * run timed from spawn to exit in this process, peak RSS read through GNU time when it is installed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { summarize, type Summary } from './stats';

const GNU_TIME = '/usr/bin/time';

export interface CommandSpec {
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Per-run input: called before each run with the run index (warm-ups included), returns extra args. */
  argsFor?: (run: number) => string[];
}

export interface ProcessFigure {
  /** Wall time from spawn to exit, ms. */
  wallMs: Summary;
  /** Peak resident set size, MiB (absent when GNU time is not installed). */
  peakRssMiB?: Summary;
  command: string;
}

export class ProcessBenchError extends Error {
  readonly code = 'BENCH_PROCESS' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ProcessBenchError';
  }
}

export const hasGnuTime = (): boolean => fs.existsSync(GNU_TIME);

export interface OneRun {
  wallMs: number;
  peakRssKiB?: number;
  stdout: string;
  stderr: string;
}

/** Run a command once; throws with its output when it exits non-zero. */
export function runOnce(spec: CommandSpec, extraArgs: string[] = [], timeoutMs = 600_000): OneRun {
  const useTime = hasGnuTime();
  const rssFile = useTime ? path.join(os.tmpdir(), `bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`) : '';
  const [cmd, args] = useTime
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, spec.command, ...spec.args, ...extraArgs]]
    : [spec.command, [...spec.args, ...extraArgs]];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd: spec.cwd,
    env: spec.env ? (spec.env as NodeJS.ProcessEnv) : process.env,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  let peakRssKiB: number | undefined;
  if (useTime) {
    try {
      const text = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
      const n = Number(text[text.length - 1]);
      if (Number.isFinite(n) && n > 0) peakRssKiB = n;
    } catch {
      // the run failed before GNU time wrote its report; the status check below reports it
    }
    fs.rmSync(rssFile, { force: true });
  }
  if (r.error) throw new ProcessBenchError(`${describe(spec)}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new ProcessBenchError(
      `${describe(spec)} exited with ${r.status ?? r.signal}:\n${(r.stdout ?? '').slice(-2000)}\n${(r.stderr ?? '').slice(-2000)}`,
    );
  }
  return { wallMs, ...(peakRssKiB !== undefined ? { peakRssKiB } : {}), stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function describe(spec: CommandSpec): string {
  const short = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}...` : s);
  return [spec.command, ...spec.args].map((a) => (/\s/.test(a) ? JSON.stringify(short(a)) : short(a))).join(' ');
}

/**
 * `warmup` unmeasured runs, then `runs` measured ones. `check` sees each run's output (warm-ups too)
 * and throws when the program did not do its work, so a fast failure is never reported as speed.
 */
export function measureCommand(spec: CommandSpec, opts: { runs: number; warmup: number; check?: (run: OneRun) => void }): ProcessFigure {
  if (opts.runs < 1) throw new ProcessBenchError(`runs must be at least 1, got ${opts.runs}`);
  const walls: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const run = runOnce(spec, spec.argsFor?.(i) ?? []);
    opts.check?.(run);
    if (i < opts.warmup) continue;
    walls.push(run.wallMs);
    if (run.peakRssKiB !== undefined) rss.push(run.peakRssKiB / 1024);
  }
  return {
    wallMs: summarize(walls),
    ...(rss.length === walls.length ? { peakRssMiB: summarize(rss) } : {}),
    command: describe(spec),
  };
}

export interface NamedCommand extends CommandSpec {
  check?: (run: OneRun) => void;
}

/**
 * Several commands measured round-robin (run i of each before run i+1 of any), so slow drift of the
 * machine affects all of them alike and their ratios stay fair.
 */
export function measureInterleaved(
  specs: Record<string, NamedCommand>,
  opts: { runs: number; warmup: number },
): Record<string, ProcessFigure> {
  if (opts.runs < 1) throw new ProcessBenchError(`runs must be at least 1, got ${opts.runs}`);
  const walls: Record<string, number[]> = {};
  const rss: Record<string, number[]> = {};
  for (const name of Object.keys(specs)) {
    walls[name] = [];
    rss[name] = [];
  }
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    for (const [name, spec] of Object.entries(specs)) {
      const run = runOnce(spec, spec.argsFor?.(i) ?? []);
      spec.check?.(run);
      if (i < opts.warmup) continue;
      walls[name]!.push(run.wallMs);
      if (run.peakRssKiB !== undefined) rss[name]!.push(run.peakRssKiB / 1024);
    }
  }
  const out: Record<string, ProcessFigure> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = {
      wallMs: summarize(walls[name]!),
      ...(rss[name]!.length === walls[name]!.length ? { peakRssMiB: summarize(rss[name]!) } : {}),
      command: describe(spec),
    };
  }
  return out;
}
