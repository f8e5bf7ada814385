/**
 * The rewrite benchmark: rewriteMessage (tagSubject + appendFooter) against the AWS samples' method,
 * Python's standard `email` library, on generated messages of 100 KB, 1 MB, 10 MB and 25 MB.
 *   - in process: each side timed inside its own process after warm-up, GC between runs;
 *   - whole process: read, rewrite, write, in a fresh process: wall time and peak RSS (GNU time);
 *   - bytes outside the edits preserved, for both outputs.
 * CLI: `npx tsx bench/rewrite/run.ts [--quick] [--json]`.
 */
import { runLinearBench, type LinearResult } from './linear';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measureCommand, runOnce, hasGnuTime, type ProcessFigure } from '../lib/proc';
import { summarize, type Summary } from '../lib/stats';
import { target, formatTarget, type Target } from '../lib/results';
import { generateMessage, SIZES } from './generate';
import { preservation, type Preservation } from './preserve';

const HERE = __dirname;
const MiB = 1024 * 1024;

export interface RewriteBenchSize {
  name: string;
  bytes: number;
  inProcess: { tsMs: Summary; pythonMs: Summary; tsFirstMs: number; pythonFirstMs: number; speedup: number; splitJoinMs: Summary };
  wholeProcess: { ts: ProcessFigure; python: ProcessFigure; peakLimitMiB: number };
  preserved: { ts: Preservation; python: Preservation };
}

export interface RewriteBenchResult {
  sizes: RewriteBenchSize[];
  linear: LinearResult;
  targets: Target[];
  notes: string[];
  /** Why the figures are what they are, computed from this run (shown by bench/report.ts). */
  diagnosis: string[];
  reproduce: string;
}

async function bundleChild(outDir: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = path.join(outDir, 'child-ts.cjs');
  await esbuild.build({
    entryPoints: [path.join(HERE, 'child-ts.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

function parseJsonLine<T>(stdout: string, who: string): T {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`${who} printed no JSON result: ${stdout.slice(-500)}`);
  }
}

export async function runRewriteBench(opts: { quick?: boolean } = {}): Promise<RewriteBenchResult> {
  const quick = opts.quick ?? false;
  const outDir = path.join(os.tmpdir(), 'workmail-rules-bench-rewrite');
  mkdirSync(outDir, { recursive: true });
  const child = await bundleChild(outDir);
  const python = path.join(HERE, 'child.py');
  const names = quick ? ['100KB', '1MB'] : Object.keys(SIZES);
  const iterations: Record<string, number> = quick ? { '100KB': 10, '1MB': 5 } : { '100KB': 30, '1MB': 20, '10MB': 10, '25MB': 7 };
  const sizes: RewriteBenchSize[] = [];
  const targets: Target[] = [];
  const notes: string[] = [];
  if (!hasGnuTime()) notes.push('GNU time is not installed: whole-process peak RSS is not measured');

  for (const name of names) {
    const file = path.join(outDir, `${name}.eml`);
    const raw = generateMessage(SIZES[name]!);
    writeFileSync(file, raw);
    const n = String(iterations[name]);

    const ts = parseJsonLine<{ firstMs: number; times: number[]; splitJoin: number[]; gc: boolean }>(
      runOnce({ command: process.execPath, args: ['--expose-gc', child, 'time', file, n] }).stdout,
      'the TypeScript runner',
    );
    const py = parseJsonLine<{ firstMs: number; times: number[] }>(
      runOnce({ command: 'python3', args: [python, 'time', file, n] }).stdout,
      'the Python runner',
    );

    const outTs = path.join(outDir, `${name}.ts.out.eml`);
    const outPy = path.join(outDir, `${name}.py.out.eml`);
    const check = (who: string, out: string) => (run: { stdout: string }) => {
      parseJsonLine<{ bytes: number }>(run.stdout, who);
      const head = readFileSync(out).subarray(0, 4096).toString('latin1');
      if (!/\nSubject: \[EXTERNAL\]/.test(head)) throw new Error(`${who} wrote ${out} without the tagged Subject: it did not do its work`);
    };
    const wholeRuns = quick ? 2 : 3;
    const tsWhole = measureCommand(
      { command: process.execPath, args: [child, 'oneshot', file, outTs] },
      { runs: wholeRuns, warmup: 1, check: check('TypeScript', outTs) },
    );
    const pyWhole = measureCommand(
      { command: 'python3', args: [python, 'oneshot', file, outPy] },
      { runs: wholeRuns, warmup: 1, check: check('Python', outPy) },
    );

    const tsMs = summarize(ts.times);
    const pythonMs = summarize(py.times);
    const speedup = Math.round((pythonMs.median / tsMs.median) * 10) / 10;
    const peakLimitMiB = Math.round((100 + (1.5 * raw.length) / MiB) * 10) / 10;
    const preserved = {
      ts: await preservation(raw, readFileSync(outTs)),
      python: await preservation(raw, readFileSync(outPy)),
    };
    sizes.push({
      name,
      bytes: raw.length,
      inProcess: { tsMs, pythonMs, tsFirstMs: ts.firstMs, pythonFirstMs: py.firstMs, speedup, splitJoinMs: summarize(ts.splitJoin) },
      wholeProcess: { ts: tsWhole, python: pyWhole, peakLimitMiB },
      preserved,
    });
    if (tsWhole.peakRssMiB) {
      targets.push(
        target(
          `rewrite.peak.${name}`,
          `rewrite ${name} whole-process peak RSS ≤ 100 MiB + 1.5× size`,
          Math.round(tsWhole.peakRssMiB.max * 10) / 10,
          peakLimitMiB,
          'MiB',
        ),
      );
    }
    targets.push(
      target(
        `rewrite.preserved.${name}`,
        `rewrite ${name} bytes outside the edits changed`,
        Math.round((100 - preserved.ts.percent) * 1000) / 1000,
        0,
        '%',
      ),
    );
    if (name === '25MB') {
      targets.push(
        target(
          'rewrite.speed.25MB',
          'rewriteMessage time ÷ Python email time at 25 MB ≤ 0.025 (≥ 40× faster, the bound of the evaluator and MIME redesign)',
          Math.round((tsMs.median / pythonMs.median) * 1000) / 1000,
          0.025,
          'ratio',
        ),
      );
    }
    if (!ts.gc) notes.push('the TypeScript runner ran without --expose-gc');
  }
  const linear = await runLinearBench({ quick });
  targets.push(...linear.targets);
  const [f10, f100] = linear.result.folded;
  notes.push(
    `folded header, 10 000 → 100 000 lines: checkMime ${f10!.checkMs.toFixed(1)} → ${f100!.checkMs.toFixed(1)} ms, header reader ${f10!.headersMs.toFixed(1)} → ${f100!.headersMs.toFixed(1)} ms, rewrite ${f10!.rewriteMs.toFixed(1)} → ${f100!.rewriteMs.toFixed(1)} ms (linear: ratio near 10; each timed call after a full garbage collection; before, checkMime took 30.5 s at 100 000)`,
    `the deadline guard (node:vm timeout) adds ${linear.result.guard.addedUs} µs per guarded step: once per invocation for deciding, once more when rewriting`,
  );
  return {
    sizes,
    linear: linear.result,
    targets,
    notes,
    diagnosis: diagnose(sizes, statSync(child).size),
    reproduce: `npx tsx bench/rewrite/run.ts${quick ? ' --quick' : ''}`,
  };
}

const ms = (v: number) => `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ms`;

/** Plain-words reading of the figures, every number from this run. */
function diagnose(sizes: RewriteBenchSize[], bundleBytes: number): string[] {
  const big = sizes[sizes.length - 1]!;
  const small = sizes[0]!;
  const out = [
    `At ${big.name}, rewriteMessage takes ${ms(big.inProcess.tsMs.median)}, while a plain mailsplit Splitter → Joiner pass over the same message takes ${ms(big.inProcess.splitJoinMs.median)} in the same process: the rewriter finds the parts by jumping between lines that start with \`--\` (Buffer#indexOf; base64 has no \`-\`), reads header blocks with mailsplit's MimeNode, decodes only the text parts it edits, and copies everything else as byte ranges.`,
    `The first call in a fresh process takes ${ms(big.inProcess.tsFirstMs)} at ${big.name}: the MIME modules load lazily on that call, and the new output buffer's pages are touched for the first time; later calls (GC between them) reuse that memory.`,
    `Bytes outside the edits kept at ${big.name}: rewriteMessage ${big.preserved.ts.percent}%, Python ${big.preserved.python.percent}% (with the sample's policy, refold_source='none', as_bytes re-serialises the parts it rebuilds and keeps the rest).`,
    `Whole-process wall time of the TypeScript side grows little with the message: ${ms(small.wholeProcess.ts.wallMs.median)} at ${small.name}, ${ms(big.wholeProcess.ts.wallMs.median)} at ${big.name} (Python: ${ms(small.wholeProcess.python.wallMs.median)}, ${ms(big.wholeProcess.python.wallMs.median)}); Node start-up and loading the ${(bundleBytes / MiB).toFixed(1)} MiB bundle (iconv-lite's tables, libmime, mailsplit, nodemailer's helpers) dominate.`,
  ];
  const slow = sizes.filter((s) => s.inProcess.speedup < 10);
  if (slow.length) {
    out.push(
      `The speed-up is below 10× at ${slow.map((s) => `${s.name} (${s.inProcess.speedup}×)`).join(', ')}: both sides take only milliseconds there and the text parts, which are decoded and edited, are a larger share of the message; the 10× target is stated for 25 MB.`,
    );
  }
  return out;
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

/** A Markdown table of the result, as BENCHMARKS.md shows it. */
export function rewriteTable(r: RewriteBenchResult): string {
  const rows = [
    '| message | rewriteMessage median (min) | Python email median (min) | speed-up | TS first call | whole process TS: wall / peak RSS | whole process Python: wall / peak RSS | peak limit | bytes outside edits kept: TS / Python |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of r.sizes) {
    const w = (f: ProcessFigure) => `${fmt(f.wallMs.median)} ms / ${f.peakRssMiB ? `${f.peakRssMiB.max.toFixed(1)} MiB` : 'n/a'}`;
    rows.push(
      `| ${s.name} (${s.bytes} B) | ${fmt(s.inProcess.tsMs.median)} ms (${fmt(s.inProcess.tsMs.min)}) | ${fmt(s.inProcess.pythonMs.median)} ms (${fmt(s.inProcess.pythonMs.min)}) | ${s.inProcess.speedup}× | ${fmt(s.inProcess.tsFirstMs)} ms | ${w(s.wholeProcess.ts)} | ${w(s.wholeProcess.python)} | ${s.wholeProcess.peakLimitMiB} MiB | ${s.preserved.ts.percent}% / ${s.preserved.python.percent}% |`,
    );
  }
  return rows.join('\n');
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  runRewriteBench({ quick })
    .then((r) => {
      if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        process.stdout.write(rewriteTable(r) + '\n\n' + r.targets.map(formatTarget).join('\n') + '\n');
        for (const n of r.notes) process.stdout.write(`note: ${n}\n`);
        for (const d of r.diagnosis) process.stdout.write(`- ${d}\n`);
      }
    })
    .catch((err) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
