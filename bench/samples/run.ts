/**
 * The same work as the AWS sample workmail-update-email, side by side: the Python handler
 * (bench/samples/update_email.py: boto3 Get, `email` parse, tag + footer, as_bytes, S3 put_object,
 * put_raw_message_content) and ours (bench/samples/update-handler.ts, bundled as deployed), against
 * the same local Message Flow API and S3 (lib/local, in their own process), on the same messages.
 * Cold: a fresh process per run, spawn to exit. Warm: one long-lived process per side, invocations
 * per second. Peak RSS of every process (GNU time). Then the largest messages WorkMail allows.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSplitBundle } from '../../lib/cdk/bundling/split';
import { LIMITS } from '../../lib/workmail/limits';
import { startEmulatorProcess } from '../cold-start/emulator-process';
import { findPythonWithBoto3 } from '../lib/python';
import { measureInterleaved, runOnce, type NamedCommand, type OneRun, type ProcessFigure } from '../lib/proc';
import { formatTarget, target, type Target } from '../lib/results';
import { median, ratio, rounded } from '../lib/stats';
import { generateMessage, SIZES } from '../rewrite/generate';
import { runLargest, type LargestFigure } from './largest';

const REPO = path.resolve(__dirname, '..', '..');
const COLD_RUNNER = path.join(__dirname, '..', 'cold-start', 'runner.mjs');
const WARM_RUNNER = path.join(__dirname, 'warm-runner.mjs');
const PYTHON_HANDLER = path.join(__dirname, 'update_email.py');
const FLOOR_NODE = path.join(__dirname, 'calls-floor.mjs');
const FLOOR_PYTHON = path.join(__dirname, 'calls_floor.py');
const WARM_SIDES = ['ours', 'python', 'floorNode', 'floorPython'] as const;

export interface SizeFigures {
  bytes: number;
  cold: { ours: ProcessFigure; python: ProcessFigure; ratio: number };
  warm: {
    invocations: number;
    ours: { medianMs: number; perSecond: number; peakRssMiB?: number };
    python: { medianMs: number; perSecond: number; peakRssMiB?: number };
    /** Our time per invocation / Python's. */
    ratio: number;
  };
  /** Median ms of the three calls alone (Get, PutObject, PutRaw, the message put back unchanged), each SDK in a warm process: the floor under each side. */
  floorMs: { node: number; python: number };
  /** Stored messages replaced by a rewrite, of all the runs' (both sides must do the work). */
  rewritten: { done: number; of: number };
}

export interface SamplesSection {
  method: string;
  python: string;
  bundle: { importTimeBytes?: number; files: number };
  sizes: Record<string, SizeFigures>;
  largest: LargestFigure[];
  diagnosis: string[];
}

class SamplesError extends Error {
  readonly code = 'BENCH_SAMPLES' as const;
}

export function eventFor(messageId: string): Record<string, unknown> {
  return {
    summaryVersion: '2019-07-28',
    envelope: { mailFrom: { address: 'sender@bench.example' }, recipients: [{ address: 'recipient@corp.example' }] },
    subject: 'Quarterly report with attachments',
    messageId,
    invocationId: messageId
      .replace(/[^0-9a-f]/g, '')
      .padEnd(32, '0')
      .slice(0, 32),
    flowDirection: 'INBOUND',
    truncated: false,
  };
}

const expectResult = (run: OneRun) => {
  if (!/BENCH_RESULT \{"actions"/.test(run.stdout))
    throw new SamplesError(`no handler result:\n${run.stdout.slice(-800)}\n${run.stderr.slice(-800)}`);
};

function warmOf(run: OneRun): { times: number[]; peakRssMiB?: number } {
  const line = run.stdout.split('\n').find((l) => l.startsWith('BENCH_WARM ') || l.startsWith('BENCH_FLOOR '));
  if (!line) throw new SamplesError(`the warm runner printed no result:\n${run.stdout.slice(-800)}\n${run.stderr.slice(-800)}`);
  const parsed = JSON.parse(line.slice(line.indexOf(' ') + 1)) as { times?: number[]; total?: number[] };
  const times = parsed.times ?? parsed.total ?? [];
  return { times, ...(run.peakRssKiB ? { peakRssMiB: Math.round((run.peakRssKiB / 1024) * 10) / 10 } : {}) };
}

export async function runSamplesBench(opts: {
  quick?: boolean;
  log?: (s: string) => void;
}): Promise<{ section: SamplesSection; targets: Target[]; notes: string[] } | { skipped: string }> {
  const log = opts.log ?? (() => {});
  const python = findPythonWithBoto3(log);
  if (!python.found) return { skipped: python.note };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-samples-'));
  try {
    const bundleDir = path.join(dir, 'ours');
    runSplitBundle({ entry: path.join(__dirname, 'update-handler.ts'), outdir: bundleDir, projectRoot: REPO, sourcemap: false });
    const bundle = path.join(bundleDir, 'index.mjs');
    const base = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root' };
    const plan: Record<string, { cold: number; warm: number }> = opts.quick
      ? { '100KB': { cold: 5, warm: 20 }, '1MB': { cold: 3, warm: 8 } }
      : { '100KB': { cold: 30, warm: 60 }, '1MB': { cold: 8, warm: 25 }, '10MB': { cold: 4, warm: 8 }, '25MB': { cold: 3, warm: 8 } };
    const coldWarmup = 1;
    const warmWarmup = 2;
    const rounds = opts.quick ? 1 : 3;
    const sizes: Record<string, SizeFigures> = {};
    for (const [name, n] of Object.entries(plan)) {
      const raw = generateMessage(SIZES[name]!);
      const file = path.join(dir, `${name}.eml`);
      fs.writeFileSync(file, raw);
      const id = (side: string, kind: string, i: number) => `bench-${name}-${side}-${kind}-${i}`.toLowerCase();
      const coldIds = (side: string) => Array.from({ length: n.cold + coldWarmup }, (_, i) => id(side, 'cold', i));
      const perRound = Math.max(1, Math.ceil(n.warm / rounds));
      const warmIds = (side: string, r: number) => Array.from({ length: perRound + warmWarmup }, (_, i) => id(side, `warm${r}`, i));
      const roundList = Array.from({ length: rounds }, (_, r) => r);
      const rewrittenIds = ['ours', 'python'].flatMap((s) => [...coldIds(s), ...roundList.flatMap((r) => warmIds(s, r))]);
      const ids = [...rewrittenIds, ...['floorNode', 'floorPython'].flatMap((s) => roundList.flatMap((r) => warmIds(s, r)))];
      for (const i of rewrittenIds) fs.writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(eventFor(i)));
      const eventsFile = (side: string, r: number) => path.join(dir, `${name}-${side}-warm-${r}.jsonl`);
      for (const side of WARM_SIDES)
        for (const r of roundList)
          fs.writeFileSync(
            eventsFile(side, r),
            warmIds(side, r)
              .map((i) => JSON.stringify(eventFor(i)))
              .join('\n') + '\n',
          );
      const emulator = await startEmulatorProcess(REPO, file, ids);
      const env = { ...base, ...emulator.env };
      let rewritten = -1;
      let cold: Record<string, ProcessFigure>;
      const warm: Record<string, { times: number[]; peakRssMiB?: number }> = {};
      try {
        const specs: Record<string, NamedCommand> = {
          ours: {
            command: process.execPath,
            args: [COLD_RUNNER, bundle],
            env,
            argsFor: (i) => [path.join(dir, `${id('ours', 'cold', i)}.json`)],
            check: expectResult,
          },
          python: {
            command: python.found.executable,
            args: [PYTHON_HANDLER, 'cold'],
            env,
            argsFor: (i) => [path.join(dir, `${id('python', 'cold', i)}.json`)],
            check: expectResult,
          },
        };
        cold = measureInterleaved(specs, { runs: n.cold, warmup: coldWarmup });
        // Warm, in rounds with the four processes taking turns, so the other load on the machine falls on all alike.
        const commands: Record<(typeof WARM_SIDES)[number], (f: string) => { command: string; args: string[] }> = {
          ours: (f) => ({ command: process.execPath, args: [WARM_RUNNER, bundle, f, String(warmWarmup)] }),
          python: (f) => ({ command: python.found!.executable, args: [PYTHON_HANDLER, 'warm', f, String(warmWarmup)] }),
          floorNode: (f) => ({ command: process.execPath, args: [FLOOR_NODE, f, String(warmWarmup)] }),
          floorPython: (f) => ({ command: python.found!.executable, args: [FLOOR_PYTHON, f, String(warmWarmup)] }),
        };
        for (const r of roundList) {
          for (const side of WARM_SIDES) {
            const one = warmOf(runOnce({ ...commands[side](eventsFile(side, r)), env, cwd: REPO }));
            const acc = (warm[side] ??= { times: [] });
            acc.times.push(...one.times);
            if (one.peakRssMiB !== undefined) acc.peakRssMiB = Math.max(acc.peakRssMiB ?? 0, one.peakRssMiB);
          }
        }
      } finally {
        rewritten = (await emulator.stop().catch(() => ({ rewritten: -1 }))).rewritten;
      }
      const warmOurs = warm['ours']!;
      const warmPython = warm['python']!;
      const floors = { node: median(warm['floorNode']!.times), python: median(warm['floorPython']!.times) };
      const oursMs = median(warmOurs.times);
      const pyMs = median(warmPython.times);
      const round = (f: ProcessFigure): ProcessFigure => ({
        ...f,
        wallMs: rounded(f.wallMs, 1),
        ...(f.peakRssMiB ? { peakRssMiB: rounded(f.peakRssMiB, 1) } : {}),
      });
      sizes[name] = {
        bytes: raw.length,
        cold: {
          ours: round(cold['ours']!),
          python: round(cold['python']!),
          ratio: ratio(cold['ours']!.wallMs.median, cold['python']!.wallMs.median),
        },
        warm: {
          invocations: n.warm,
          ours: {
            medianMs: Math.round(oursMs * 100) / 100,
            perSecond: Math.round((1000 / oursMs) * 10) / 10,
            ...(warmOurs.peakRssMiB ? { peakRssMiB: warmOurs.peakRssMiB } : {}),
          },
          python: {
            medianMs: Math.round(pyMs * 100) / 100,
            perSecond: Math.round((1000 / pyMs) * 10) / 10,
            ...(warmPython.peakRssMiB ? { peakRssMiB: warmPython.peakRssMiB } : {}),
          },
          ratio: ratio(oursMs, pyMs),
        },
        floorMs: { node: Math.round(floors.node * 100) / 100, python: Math.round(floors.python * 100) / 100 },
        rewritten: { done: rewritten, of: rewrittenIds.length },
      };
      const s = sizes[name]!;
      log(
        `  ${name.padEnd(6)} cold ours ${s.cold.ours.wallMs.median.toFixed(0)} ms vs Python ${s.cold.python.wallMs.median.toFixed(0)} ms (${s.cold.ratio}×); ` +
          `warm ours ${s.warm.ours.perSecond}/s vs Python ${s.warm.python.perSecond}/s (time ${s.warm.ratio}×); ` +
          `peak RSS cold ${s.cold.ours.peakRssMiB?.median ?? '?'} vs ${s.cold.python.peakRssMiB?.median ?? '?'} MiB, warm ${s.warm.ours.peakRssMiB ?? '?'} vs ${s.warm.python.peakRssMiB ?? '?'} MiB; floor of the three calls: SDK for JavaScript ${s.floorMs.node} ms, boto3 ${s.floorMs.python} ms; rewritten ${rewritten}/${rewrittenIds.length}`,
      );
      if (rewritten !== rewrittenIds.length)
        throw new SamplesError(
          `${name}: ${rewritten} of ${rewrittenIds.length} stored messages were rewritten; every run must do the work`,
        );
    }
    const largest = opts.quick ? [] : await runLargest({ dir, bundle, base, log });

    const targets: Target[] = [];
    const diagnosis: string[] = [];
    const s100 = sizes['100KB']!;
    targets.push(
      target('samples.cold100KB', 'cold start + one rewrite at 100 KB, ours vs the Python sample', s100.cold.ratio, 0.5, '× Python'),
    );
    targets.push(
      target(
        'samples.warm100KB',
        'warm time per invocation at 100 KB, ours vs the Python sample (≥ 3× the throughput)',
        s100.warm.ratio,
        0.333,
        '× Python',
      ),
    );
    if (sizes['25MB'])
      targets.push(
        target(
          'samples.warm25MB',
          'warm time per invocation at 25 MB, ours vs the Python sample (≥ 10× the throughput)',
          sizes['25MB'].warm.ratio,
          0.1,
          '× Python',
        ),
      );
    for (const l of largest) {
      targets.push(
        target(`samples.largest.${l.name}.rss`, `${l.description}: peak RSS within the function's 1 024 MB`, l.peakRssMiB, 1024, 'MiB'),
      );
      targets.push(
        target(
          `samples.largest.${l.name}.outcome`,
          `${l.description}: ${l.expect === 'rewritten' ? 'rewritten and put back' : 'original left untouched'} (0 = as expected)`,
          l.asExpected ? 0 : 1,
          0,
          '',
          l.asExpected ? undefined : `outcome: ${l.outcome}`,
        ),
      );
    }
    for (const t of targets) {
      if (!t.pass) {
        t.reason ??= 'See the samples diagnosis below.';
        diagnosis.push(missReason(t, sizes));
      }
      log(`  ${formatTarget(t)}`);
    }
    const section: SamplesSection = {
      method:
        `Both handlers against the same local Message Flow API and S3 (lib/local, its own process on 127.0.0.1), each run on its own stored message. ` +
        `Cold: ${coldWarmup} warm-up run then the measured runs, ours and Python interleaved; a fresh process per run (node bench/cold-start/runner.mjs with the bundle, ` +
        `python3 update_email.py cold), spawn to exit, peak RSS by GNU time. Warm: one process per side, ${warmWarmup} warm-up invocations, then the median time per invocation ` +
        `(Lambda reusing its execution environment). Ours is bundled by lib/cdk's split build, as deployed. Python: the sample's method with Python's email library, ` +
        'the same tag and footer (bench/rewrite/child.py). Clean environment for every child (PATH, HOME and the emulator endpoints). ' +
        'The emulators verify every SigV4 signature and checksum; ours uploads with UNSIGNED-PAYLOAD beside the CRC32 checksum (what boto3 sends over HTTPS), ' +
        'boto3 signs the payload because the local endpoint is plain HTTP.',
      python: python.note,
      bundle: { files: fs.readdirSync(path.join(bundleDir, 'chunks')).length + 1 },
      sizes,
      largest,
      diagnosis,
    };
    return { section, targets, notes: [] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function missReason(t: Target, sizes: Record<string, SizeFigures>): string {
  if (t.id === 'samples.cold100KB') {
    const s = sizes['100KB']!;
    return `Cold at 100 KB: ours ${s.cold.ours.wallMs.median.toFixed(0)} ms (min ${s.cold.ours.wallMs.min.toFixed(0)}) against Python ${s.cold.python.wallMs.median.toFixed(0)} ms (min ${s.cold.python.wallMs.min.toFixed(0)}); the cold-start section breaks our start into node start-up, import and the first call.`;
  }
  if (t.id.startsWith('samples.warm')) {
    const name = t.id === 'samples.warm100KB' ? '100KB' : '25MB';
    const s = sizes[name]!;
    const own = (s.warm.ours.medianMs - s.floorMs.node).toFixed(1);
    const pyOwn = (s.warm.python.medianMs - s.floorMs.python).toFixed(1);
    const budget = Math.round(s.warm.python.medianMs * t.limit * 10) / 10;
    const floorBound =
      s.floorMs.node >= budget
        ? ` The target allows ${budget} ms per invocation (${t.limit} × Python's), less than the three calls alone take with either SDK: no handler that makes these calls can meet it against these emulators.`
        : ` The target allows ${budget} ms per invocation (${t.limit} × Python's); the calls alone leave ${(budget - s.floorMs.node).toFixed(1)} ms for the handler's own work.`;
    return (
      `Warm at ${name}: ours ${s.warm.ours.medianMs} ms per invocation against Python ${s.warm.python.medianMs} ms. The three calls alone ` +
      `(Get, PutObject, PutRaw against the same emulators, message put back unchanged, each SDK making them as its handler does) take ${s.floorMs.node} ms with the AWS SDK for JavaScript ` +
      `and ${s.floorMs.python} ms with boto3: beyond its calls our handler spends ${own} ms (edit, MIME checks, deadline guard, logging) ` +
      `and the Python sample ${pyOwn} ms (parse, edit, as_bytes).${floorBound}`
    );
  }
  return `${t.description}: ${t.value} ${t.unit} (limit ${t.limit}).`;
}

/** How many of `LIMITS.maxMimeBytes` a message of `bytes` is, for the report. */
export const ofLimit = (bytes: number) => Math.round((bytes / LIMITS.maxMimeBytes) * 1000) / 10;
