/**
 * Replay: 1 000 generated events (with messages and expectations) through
 * `npx tsx bin/cli.ts replay --check <dir>` in one process; whole-process wall time and peak RSS.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { busiestProfile, type ProfileSummary } from '../lib/profile';
import { measureCommand, runOnce, type OneRun, type ProcessFigure } from '../lib/proc';
import { formatTarget, target, type Target } from '../lib/results';
import { rounded } from '../lib/stats';
import { generateReplayEvents } from './generate';

const REPO = path.resolve(__dirname, '..', '..');

export interface ReplaySection {
  method: string;
  events: number;
  figure: ProcessFigure;
  /** Seconds the CLI reports for its own replay loop (after start-up), median. */
  cliReportedSeconds: number[];
  /** CPU profile of the replaying process (one extra run, full mode, only when the target is missed). */
  profile?: ProfileSummary;
  diagnosis: string[];
}

class ReplayBenchError extends Error {
  readonly code = 'BENCH_REPLAY' as const;
}

export async function runReplayBench(opts: {
  quick?: boolean;
  log?: (s: string) => void;
}): Promise<{ section: ReplaySection; targets: Target[] }> {
  const log = opts.log ?? (() => {});
  const count = 1000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-replay-'));
  try {
    const folder = generateReplayEvents(dir, count);
    const reported: number[] = [];
    const check = (run: OneRun) => {
      const m = /(\d+) of (\d+) event\(s\) replayed in ([\d.]+) s, (\d+) with check differences/.exec(run.stdout);
      if (!m) throw new ReplayBenchError(`replay printed no summary line:\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`);
      if (Number(m[1]) !== count || Number(m[4]) !== 0) throw new ReplayBenchError(`replay --check: ${m[0]}`);
      reported.push(Number(m[3]));
    };
    const runs = opts.quick ? 1 : 3;
    const figure = measureCommand(
      {
        command: 'npx',
        args: ['tsx', 'bin/cli.ts', 'replay', '--check', '--no-color', folder],
        cwd: REPO,
        env: { ...process.env, NO_COLOR: '1' },
      },
      { runs, warmup: 0, check },
    );
    const rounded2: ProcessFigure = {
      ...figure,
      command: figure.command.replace(folder, '<tmp>/inbound'),
      wallMs: rounded(figure.wallMs, 1),
      ...(figure.peakRssMiB ? { peakRssMiB: rounded(figure.peakRssMiB, 1) } : {}),
    };
    log(
      `  replay ${count} events: ${(figure.wallMs.median / 1000).toFixed(2)} s wall (CLI loop ${reported.join(', ')} s)${figure.peakRssMiB ? `, peak RSS ${figure.peakRssMiB.median.toFixed(0)} MiB` : ''}`,
    );
    const t = target('replay.1000', `replay --check of ${count} events, whole process`, Math.round(figure.wallMs.median) / 1000, 10, 's');
    log(`  ${formatTarget(t)}`);
    const diagnosis: string[] = [];
    let profile: ProfileSummary | undefined;
    if (!t.pass) {
      const loop = reported.sort((a, b) => a - b)[reported.length >> 1]!;
      const wall = figure.wallMs.median / 1000;
      diagnosis.push(
        `Of ${wall.toFixed(1)} s, the CLI's replay loop takes ${loop.toFixed(1)} s (${((loop * 1000) / count).toFixed(1)} ms per event: write the message to the local ` +
          'Message Flow API, invoke the handler, which reads it back, decides, and for external senders rewrites, stages it in the local S3 (in memory) ' +
          `and puts it back; then the check); start-up (npx, tsx, loading the project) takes the other ${(wall - loop).toFixed(1)} s.`,
      );
      if (!opts.quick) {
        const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-replay-prof-'));
        try {
          // Node 20 refuses --cpu-prof in NODE_OPTIONS: run the CLI under node directly (tsx as an import hook).
          runOnce({
            command: process.execPath,
            args: ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--import', 'tsx', 'bin/cli.ts', 'replay', '--check', '--no-color', folder],
            cwd: REPO,
            env: { ...process.env, NO_COLOR: '1' },
          });
          profile = busiestProfile(profDir, 'bin/cli.ts');
        } catch (err) {
          diagnosis.push(`(the profiled run failed: ${(err as Error).message.split('\n')[0]})`);
        } finally {
          fs.rmSync(profDir, { recursive: true, force: true });
        }
        if (profile) {
          diagnosis.push(
            `CPU profile of the replaying process (one extra run; ${profile.totalMs.toFixed(0)} ms of CPU self time): by module ${profile.byModule
              .slice(0, 7)
              .map((h) => `${h.name} ${h.percent}%`)
              .join(', ')}; ` +
              `top functions ${profile.byFunction
                .slice(0, 5)
                .map((h) => `${h.name} ${h.percent}%`)
                .join(', ')}.`,
          );
          const di = profile.dynamicImports;
          if (di.totalMs > 0.05 * profile.totalMs) {
            diagnosis.push(
              `${di.totalMs.toFixed(0)} ms of CPU (${((100 * di.totalMs) / profile.totalMs).toFixed(0)}%) is spent inside import() calls, which under tsx go through the ` +
                'module loader hooks (off-thread resolve, a message round trip) on every call, even for modules already loaded. Callers: ' +
                `${di.byCaller
                  .slice(0, 5)
                  .map((h) => `${h.name} ${h.selfMs.toFixed(0)} ms`)
                  .join(', ')}. ` +
                "Keeping each lazy import's promise in a module-level variable would make the second and later calls free.",
            );
          }
        }
      }
      t.reason = 'See the replay diagnosis below.';
    }
    return {
      section: {
        method:
          `${count} events generated by bench/replay/generate.ts (ten scenarios against rules/inbound.ts, each with its .eml and an .expect.json ` +
          'written from the scenario), replayed by `npx tsx bin/cli.ts replay --check <dir>` in one process against the local WorkMail; ' +
          `the run must report ${count} of ${count} replayed with 0 check differences. Whole-process wall time (npx start-up and TypeScript ` +
          `loading included), peak RSS by GNU time; ${runs} run(s), no warm-up.`,
        events: count,
        figure: rounded2,
        cliReportedSeconds: reported,
        ...(profile ? { profile } : {}),
        diagnosis,
      },
      targets: [t],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
