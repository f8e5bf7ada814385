/**
 * BENCHMARKS.md, generated from bench/results.json: `npx tsx bench/report.ts` (the harness runs it
 * after every run). Nothing in the Markdown is typed by hand: every figure comes from the results.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DecideSection } from './decide/run';
import type { ColdStartSection } from './cold-start/run';
import type { CdkSection } from './cold-start/cdk-sizes';
import type { ContentSection } from './content/run';
import type { ReplaySection } from './replay/run';
import { samplesReport } from './samples/report';
import { supervisorReport } from './supervisor/report';
import { sandboxTable } from './sandbox/report';
import type { SandboxSection } from './sandbox/run';
import type { ProcessFigure } from './lib/proc';
import { readResults, type Results } from './lib/results';
import { diagnosis, kib, msf, num, sectionState, stamp, table, targetLines, targetsOf, us, type Meta } from './lib/markdown';

const ROOT = path.resolve(__dirname, '..');
export const REPORT_FILE = path.join(ROOT, 'BENCHMARKS.md');

function decide(r: Results): string {
  const s = r.sections['decide'] as (DecideSection & Meta) | undefined;
  const state = sectionState('decide', s);
  const out = ['## Decide', ''];
  if (state || !s) return [...out, state ?? ''].join('\n');
  out.push(stamp(s), '', s.method, '');
  out.push(
    table(
      [
        'recipients',
        'rules',
        'pipeline median µs',
        'pipeline p99 µs',
        'floor median µs',
        'ratio to floor',
        'ns per recipient×rule',
        'runs × batch',
      ],
      s.cells.map((c) => [
        c.recipients,
        c.rules,
        us(c.pipelineMs.median),
        us(c.pipelineMs.p99),
        us(c.floorMs.median),
        `${num(c.ratio)}×`,
        num(c.nsPerRecipientRule),
        `${c.pipelineMs.runs} × ${c.pipelineMs.batch}`,
      ]),
    ),
    '',
  );
  const recips = [...new Set(s.cells.map((c) => c.recipients))];
  const rules = [...new Set(s.cells.map((c) => c.rules))];
  out.push('Growth: cost above the floor per recipient×rule pair, ns (a linear cost keeps this row/column flat):', '');
  out.push(
    table(
      ['recipients \\ rules', ...rules.map(String)],
      recips.map((n) => [n, ...rules.map((k) => num(s.cells.find((c) => c.recipients === n && c.rules === k)?.nsPerRecipientRule ?? NaN))]),
    ),
    '',
  );
  out.push(
    `Over ${s.linearity.over}: ${num(s.linearity.nsPerRecipientRuleMin)} to ${num(s.linearity.nsPerRecipientRuleMax)} ns per pair.`,
    '',
  );
  const big = Object.entries(s.breakdown);
  if (big.length) {
    const last = s.cells[s.cells.length - 1]!;
    out.push(`Steps at ${last.recipients} × ${last.rules}, median per call: ${big.map(([k, v]) => `${k} ${us(v)} µs`).join(', ')}.`, '');
  }
  out.push(targetLines(targetsOf(r, 'decide.')), diagnosis(s));
  return out.join('\n');
}

function figRow(name: string, f: ProcessFigure, baseline?: { name: string; ms: number }): (string | number)[] {
  return [
    name,
    msf(f.wallMs.median),
    msf(f.wallMs.min),
    msf(f.wallMs.max),
    f.wallMs.runs,
    f.peakRssMiB ? f.peakRssMiB.median.toFixed(1) : 'n/a',
    baseline ? `${num(Math.round((f.wallMs.median / baseline.ms) * 1000) / 1000)}× ${baseline.name}` : '',
  ];
}

function coldStart(r: Results): string {
  const s = r.sections['cold-start'] as (ColdStartSection & Meta) | undefined;
  const state = sectionState('cold-start', s);
  const out = ['## Cold start', ''];
  if (state || !s) return [...out, state ?? ''].join('\n');
  out.push(stamp(s), '', s.method, '', `Python: ${s.python}.`, '');
  out.push(
    table(
      ['bundle', 'entry', 'index.mjs', 'gzip -9', 'parsed at import', 'chunks on demand', 'heaviest inputs (whole asset)'],
      Object.entries(s.bundles).map(([k, b]) => [
        k,
        `\`${b.entry}\``,
        kib(b.bytes),
        kib(b.gzipBytes),
        b.importTimeBytes !== undefined ? kib(b.importTimeBytes) : '',
        b.onDemandBytes !== undefined ? kib(b.onDemandBytes) : '',
        b.topModules
          .slice(0, 5)
          .map((m) => `${m.module} ${kib(m.bytes)}`)
          .join(', '),
      ]),
    ),
    '',
  );
  const dups = Object.entries(s.bundles).flatMap(([k, b]) =>
    (b.duplicates ?? [])
      .filter((d) => d.copies.reduce((x, c) => x + c.bytes, 0) > 4096)
      .map((d) => `${k}: ${d.module} (${d.copies.map((c) => `\`${c.path}\` ${kib(c.bytes)}`).join(' + ')})`),
  );
  if (dups.length) out.push('Packages bundled more than once: ' + dups.join('; ') + '.', '');
  const f = s.figures;
  const bare = f['bareNode'] ? { name: 'bare node', ms: f['bareNode'].wallMs.median } : undefined;
  const py = f['pythonBoto3'] ? { name: 'Python', ms: f['pythonBoto3'].wallMs.median } : undefined;
  const rows: (string | number)[][] = [];
  const labels: Record<string, [string, typeof bare]> = {
    bareNode: ['bare `node -e 0`', undefined],
    noopHandler: ['the runner with a handler that does nothing (its own floor)', bare],
    inTimeFloor: ['the runner with a handler that only keeps the deadline (timer, AbortSignal, one vm-guarded call)', bare],
    envelopeOnly: ['envelope-only handler, one event', bare],
    headerRules: ['header-rule handler, one event (Get, headers read, deliver)', bare],
    rewriteCapable: ['rewrite-capable handler, one event (Get, decide, rewrite, PutObject, Put)', py ?? bare],
    rewriteCapableWithSourceMaps: ['same, with source map and `NODE_OPTIONS=--enable-source-maps` (as deployed)', py ?? bare],
    pythonBoto3: ['Python: import boto3, two clients', undefined],
  };
  for (const [k, [label, base]] of Object.entries(labels)) if (f[k]) rows.push(figRow(label, f[k], base));
  out.push(table(['process', 'wall median ms', 'min', 'max', 'runs', 'peak RSS MiB', 'ratio'], rows), '');
  const ph = Object.entries(s.phases ?? {});
  if (ph.length) {
    out.push(
      'Inside the runner (medians, ms): ' +
        ph
          .map(
            ([k, p]) =>
              `${k}: node start-up to the runner ${msf(p.bootMs)}, import of the bundle ${msf(p.importMs)}` +
              (p.defineMs !== undefined ? ` (of which defining the rules and creating the handler ${msf(p.defineMs)})` : '') +
              `, handler call ${msf(p.handleMs)}`,
          )
          .join('; ') +
        '.',
      '',
    );
  }
  out.push(targetLines(targetsOf(r, 'coldStart.')), diagnosis(s));
  return out.join('\n');
}

function content(r: Results): string {
  const s = r.sections['content'] as (ContentSection & Meta) | undefined;
  const state = sectionState('content', s);
  const out = ['## Content conditions', ''];
  if (state || !s) return [...out, state ?? ''].join('\n');
  out.push(stamp(s), '', s.method, '');
  const sizes = Object.keys(s.messages);
  out.push(
    table(
      ['condition', ...sizes.map((n) => `${n} (${s.messages[n]} B) median ms (min–max)`), 'ratio largest / smallest'],
      Object.entries(s.figures).map(([cond, bySize]) => [
        s.labels?.[cond] ?? cond,
        ...sizes.map((n) => `${msf(bySize[n]!.median)} (${msf(bySize[n]!.min)}–${msf(bySize[n]!.max)})`),
        `${num(bySize[sizes[sizes.length - 1]!]!.median / bySize[sizes[0]!]!.median)}×`,
      ]),
    ),
    '',
  );
  out.push(targetLines(targetsOf(r, 'content.')), diagnosis(s));
  return out.join('\n');
}

async function rewrite(r: Results): Promise<string> {
  const s = r.sections['rewrite'] as Meta | undefined;
  const state = sectionState('rewrite', s);
  const out = ['## Rewrite', ''];
  if (state || !s) return [...out, state ?? ''].join('\n');
  out.push(stamp(s), '');
  const mod = (await import('./rewrite/run').catch(() => undefined)) as { rewriteTable?: (x: unknown) => string } | undefined;
  const rr = s as unknown as { reproduce?: string; notes?: string[] };
  out.push(
    "`tagSubject` + `appendFooter` by `rewriteMessage`, against the AWS samples' method (Python's standard `email`: `message_from_bytes`, " +
      "`replace_header`, `as_bytes`), on messages generated by bench/rewrite/generate.ts; measured by bench/rewrite/run.ts (the rewriter's harness entry). " +
      "In-process times are taken inside each side's own process after the first call and 5 untimed warm-up calls (the same on both sides); whole-process figures read the file, rewrite it and write the result.",
    '',
  );
  if (mod?.rewriteTable) out.push(mod.rewriteTable(s), '');
  else out.push('```json', JSON.stringify(s, null, 2).slice(0, 4000), '```', '');
  if (rr.reproduce) out.push(`Reproduce alone: \`${rr.reproduce}\`.`, '');
  out.push(targetLines(targetsOf(r, 'rewrite.')), diagnosis(s));
  return out.join('\n');
}

function replay(r: Results): string {
  const s = r.sections['replay'] as (ReplaySection & Meta) | undefined;
  const state = sectionState('replay', s);
  const out = ['## Replay', ''];
  if (state || !s) return [...out, state ?? ''].join('\n');
  out.push(stamp(s), '', s.method, '');
  out.push(
    table(
      ['process', 'wall median s', 'min', 'max', 'runs', 'peak RSS MiB', 'replay loop (CLI-reported) s'],
      [
        [
          `\`${s.figure.command}\``,
          (s.figure.wallMs.median / 1000).toFixed(2),
          (s.figure.wallMs.min / 1000).toFixed(2),
          (s.figure.wallMs.max / 1000).toFixed(2),
          s.figure.wallMs.runs,
          s.figure.peakRssMiB ? s.figure.peakRssMiB.median.toFixed(0) : 'n/a',
          s.cliReportedSeconds.join(', '),
        ],
      ],
    ),
    '',
  );
  out.push(targetLines(targetsOf(r, 'replay.')), diagnosis(s));
  return out.join('\n');
}

function sandbox(r: Results): string {
  const s = r.sections['sandbox'] as (SandboxSection & Meta) | undefined;
  const state = sectionState('sandbox', s);
  const out = ['## Local mail sandbox', ''];
  if (state || !s) return [...out, state ?? ''].join('\n');
  out.push(stamp(s), '', s.method, '', sandboxTable(s), '', targetLines(targetsOf(r, 'sandbox.')));
  return out.join('\n');
}

function cdk(r: Results): string {
  const s = r.sections['cdk'] as (CdkSection & Meta) | undefined;
  const state = sectionState('cdk', s);
  const out = ['## CDK bundles', ''];
  if (state || !s) return [...out, state ?? ''].join('\n');
  out.push(stamp(s), '', s.method, `Synth took ${s.synthSeconds} s.`, '');
  const rows = Object.values(s.stacks)
    .flat()
    .map((b) => [b.functionName, kib(b.bundleBytes), kib(b.bundleGzipBytes), kib(b.sourceMapBytes)]);
  out.push(table(['function', 'bundle', 'gzip -9', 'source map'], rows), '');
  return out.join('\n');
}

/** Hand-kept before/after comparisons of redesigns (bench/history.md), copied in as written. */
function history(): string {
  const file = path.join(ROOT, 'bench', 'history.md');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

export async function renderReport(r: Results): Promise<string> {
  const m = r.machine;
  const missed = r.targets.filter((t) => !t.pass);
  const parts = [
    '# Benchmarks',
    '',
    `Generated by \`bench/report.ts\` from \`bench/results.json\` (${r.mode} run${r.only ? ` of ${r.only.join(', ')}; other sections from earlier runs` : ''}, ${r.generatedAt}, ${r.durationSeconds} s). ` +
      'Do not edit by hand: run `npm run bench` (everything, then this file is rewritten), `npm run bench -- --quick` (under two minutes), ' +
      '`npm run bench -- --only decide` (one section), `npm run bench -- --check` (exit 1 when a target is missed).',
    '',
    '## Machine',
    '',
    table(
      ['CPU', 'cores', 'memory', 'OS', 'kernel', 'Node', 'load (1 min) start → end'],
      [
        [
          m.cpuModel,
          m.cores,
          `${m.memoryGiB} GiB`,
          m.os,
          m.kernel,
          `${m.node} (V8 ${m.v8})`,
          m.loadAverage1m ? `${m.loadAverage1m.start} → ${m.loadAverage1m.end}` : 'n/a',
        ],
      ],
    ),
    '',
    '## Method',
    '',
    '- Every comparison is a ratio to a baseline measured in the same run, on the same machine: absolute times drift between machines and runs; ratios much less so.',
    '- In-process figures (decide, content conditions) use `process.hrtime.bigint()`: warm-up first, then batches sized so one measured run lasts at least a few milliseconds, at least 5 measured runs; median, p99 (nearest rank; the maximum when there are fewer than 100 runs), min and max per call.',
    "- Whole-process figures (cold start, replay) time a fresh process from spawn to exit, hyperfine-like: warm-up runs, then repeated measured runs, commands interleaved; peak RSS by GNU time (`/usr/bin/time -f %M`). Every run's output is checked (a valid WorkMail response, the message really rewritten, the replay check passing), so a fast failure is never counted as speed.",
    '- Inputs are generated by scripts in `bench/` with fixed seeds; nothing large is committed.',
    '- Benchmarks are not tests: jest asserts no timing.',
    '',
    '## Targets',
    '',
    table(
      ['target', 'figure', 'limit', 'result'],
      r.targets.map((t) => [t.description, `${num(t.value)} ${t.unit}`, `${t.limit} ${t.unit}`, t.pass ? 'met' : '**missed**']),
    ),
    '',
    missed.length
      ? `${missed.length} of ${r.targets.length} targets missed; each section below says why.`
      : `All ${r.targets.length} targets met.`,
    '',
    ...(r.notes.length ? ['Notes:', '', ...r.notes.map((n) => `- ${n}`), ''] : []),
    decide(r),
    '',
    supervisorReport(r),
    '',
    coldStart(r),
    '',
    samplesReport(r),
    '',
    content(r),
    '',
    await rewrite(r),
    '',
    replay(r),
    '',
    sandbox(r),
    '',
    cdk(r),
    '',
    history(),
  ];
  return parts.join('\n').replace(/\n{3,}/g, '\n\n');
}

export async function writeReport(r: Results, file = REPORT_FILE): Promise<string> {
  fs.writeFileSync(file, await renderReport(r));
  // Laid out as the repository's formatter lays out Markdown tables, so `biome ci` passes on it.
  spawnSync(process.execPath, [require.resolve('@biomejs/biome/bin/biome'), 'format', '--write', file], { cwd: ROOT, stdio: 'ignore' });
  return file;
}

if (require.main === module) {
  writeReport(readResults(path.join(__dirname, 'results.json'))).then(
    (f) => process.stdout.write(`wrote ${path.relative(process.cwd(), f)}\n`),
    (err: unknown) => {
      process.stderr.write(`report: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
