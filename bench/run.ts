/**
 * The benchmark harness: `npm run bench [-- --quick] [-- --check] [-- --only decide,cold-start]`.
 * Runs each section, prints every target beside its figure, writes bench/results.json and
 * regenerates BENCHMARKS.md from it (bench/report.ts). `--check` exits 1 when a target is missed or
 * a section failed; `--only` reruns some sections and keeps the others' last results.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runColdStartBench } from './cold-start/run';
import { runCdkSizes } from './cold-start/cdk-sizes';
import { runContentBench } from './content/run';
import { runDecideBench } from './decide/run';
import { runSupervisorBench } from './supervisor/run';
import { describeMachine } from './lib/machine';
import { formatTarget, readResults, writeResults, type Results, type Target } from './lib/results';
import { runReplayBench } from './replay/run';
import { runSamplesBench } from './samples/run';
import { runSandboxBench } from './sandbox/run';
import { writeReport } from './report';

const HERE = __dirname;
const RESULTS = path.join(HERE, 'results.json');

export const SECTIONS = ['decide', 'supervisor', 'cold-start', 'samples', 'content', 'rewrite', 'replay', 'sandbox', 'cdk'] as const;
type SectionName = (typeof SECTIONS)[number];

interface SectionOutput {
  section: unknown;
  targets: Target[];
  notes?: string[];
}
type Runner = (opts: { quick: boolean; log: (s: string) => void }) => Promise<SectionOutput | { skipped: string }>;

class HarnessError extends Error {
  readonly code = 'BENCH_USAGE' as const;
}

const log = (s: string) => process.stdout.write(s + '\n');

/** The rewriter's own harness entry, when it exists (bench/rewrite/run.ts, owned by the rewriter). */
async function rewriteRunner(quick: boolean): Promise<SectionOutput | { skipped: string }> {
  if (!fs.existsSync(path.join(HERE, 'rewrite', 'run.ts'))) return { skipped: 'bench/rewrite/run.ts does not exist yet' };
  const mod = (await import('./rewrite/run')) as { runRewriteBench?: (o: { quick?: boolean }) => Promise<unknown> };
  if (typeof mod.runRewriteBench !== 'function') return { skipped: 'bench/rewrite/run.ts exports no runRewriteBench' };
  const r = (await mod.runRewriteBench({ quick })) as { targets?: Target[]; notes?: string[] };
  const targets = Array.isArray(r.targets) ? r.targets.filter((t) => typeof t?.pass === 'boolean' && typeof t.id === 'string') : [];
  for (const t of targets) log(`  ${formatTarget(t)}`);
  return { section: r, targets, notes: (r.notes ?? []).map((n) => `Rewrite: ${n}`) };
}

const RUNNERS: Record<SectionName, Runner> = {
  decide: ({ quick, log }) => runDecideBench({ quick, log }),
  supervisor: ({ quick, log }) => runSupervisorBench({ quick, log }),
  'cold-start': ({ quick, log }) => runColdStartBench({ quick, log }),
  samples: ({ quick, log }) => runSamplesBench({ quick, log }),
  content: ({ quick, log }) => runContentBench({ quick, log }),
  rewrite: ({ quick }) => rewriteRunner(quick),
  replay: ({ quick, log }) => runReplayBench({ quick, log }),
  sandbox: ({ quick, log }) => runSandboxBench({ quick, log }),
  cdk: async ({ quick, log }) =>
    quick ? { skipped: 'cdk synth takes ~20 s: skipped in --quick' } : { section: await runCdkSizes({ log }), targets: [] },
};

function parse(argv: string[]): { quick: boolean; check: boolean; only?: SectionName[] } {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
    },
  });
  let only: SectionName[] | undefined;
  if (values.only) {
    only = values.only
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean) as SectionName[];
    const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
    if (unknown.length) throw new HarnessError(`--only: unknown section ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`);
  }
  return { quick: values.quick === true, check: values.check === true, ...(only ? { only } : {}) };
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\nusage: npm run bench -- [--quick] [--check] [--only ${SECTIONS.join('|')}]\n`);
    return 2;
  }
  const started = process.hrtime.bigint();
  const loadStart = os.loadavg();
  const previous = args.only && fs.existsSync(RESULTS) ? readResults(RESULTS) : undefined;
  const sections: Record<string, unknown> = { ...(previous?.sections ?? {}) };
  let targets: Target[] = previous ? previous.targets.filter((t) => !args.only!.some((s) => ownsTarget(s, t.id))) : [];
  const notes: string[] = previous ? previous.notes.filter((n) => !args.only!.some((s) => n.startsWith(notePrefix(s)))) : [];
  const failures: string[] = [];
  /** Targets measured by this invocation (with --only, the others come from earlier runs and are not checked). */
  const fresh: Target[] = [];
  const mode = args.quick ? 'quick' : 'full';
  log(
    `workmail-rules benchmarks (${mode}${args.only ? `, only ${args.only.join(', ')}` : ''}) on ${describeMachine().cpuModel}, ${os.availableParallelism()} cores, Node ${process.version}`,
  );

  for (const name of args.only ?? SECTIONS) {
    log(`\n== ${name}`);
    const t0 = process.hrtime.bigint();
    try {
      const out = await RUNNERS[name]({ quick: args.quick, log });
      const seconds = Math.round(Number(process.hrtime.bigint() - t0) / 1e8) / 10;
      if ('skipped' in out) {
        log(`  skipped: ${out.skipped}`);
        sections[name] = { skipped: true, reason: out.skipped, mode };
        continue;
      }
      sections[name] = { mode, generatedAt: new Date().toISOString(), durationSeconds: seconds, ...(out.section as object) };
      targets.push(...out.targets);
      fresh.push(...out.targets);
      notes.push(...(out.notes ?? []));
      log(`  (${seconds} s)`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      failures.push(`${name}: ${message}`);
      sections[name] = { failed: true, error: message.slice(0, 2000), mode };
      log(`  FAILED: ${message}`);
    }
  }
  targets = targets.sort((a, b) => order(a.id) - order(b.id));
  const results: Results = {
    generatedAt: new Date().toISOString(),
    mode,
    ...(args.only ? { only: args.only } : {}),
    machine: { ...describeMachine(), loadAverage1m: { start: round2(loadStart[0]!), end: round2(os.loadavg()[0]!) } },
    durationSeconds: Math.round(Number(process.hrtime.bigint() - started) / 1e8) / 10,
    sections,
    targets,
    notes,
  };
  writeResults(RESULTS, results);
  const md = await writeReport(results);
  log(`\n== targets`);
  for (const t of targets) log(`  ${formatTarget(t)}`);
  for (const f of failures) log(`  FAILED  ${f}`);
  log(`\nwrote ${path.relative(process.cwd(), RESULTS)} and ${path.relative(process.cwd(), md)} in ${results.durationSeconds} s`);
  const missed = fresh.filter((t) => !t.pass).length + failures.length;
  return args.check && missed > 0 ? 1 : 0;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
/** The target ids each section writes (the rewrite section runs the linear-time and deadline figures too). */
const TARGET_PREFIXES: Record<SectionName, readonly string[]> = {
  decide: ['decide.'],
  supervisor: ['supervisor.'],
  'cold-start': ['coldStart.'],
  samples: ['samples.'],
  content: ['content.'],
  rewrite: ['rewrite.', 'linear.', 'deadline.'],
  replay: ['replay.'],
  sandbox: ['sandbox.'],
  cdk: ['cdk.'],
};
const ownsTarget = (s: SectionName, id: string) => TARGET_PREFIXES[s].some((p) => id.startsWith(p));
const notePrefix = (s: SectionName) =>
  ({
    decide: 'Decide:',
    supervisor: 'Supervisor:',
    'cold-start': 'Cold start:',
    samples: 'Samples:',
    content: 'Content:',
    rewrite: 'Rewrite:',
    replay: 'Replay:',
    sandbox: 'Sandbox:',
    cdk: 'CDK:',
  })[s];
const order = (id: string) => {
  const i = SECTIONS.findIndex((s) => ownsTarget(s, id));
  return i < 0 ? SECTIONS.length : i;
};

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
