/**
 * Supervisor benchmark: the same rule sets decided in the handler's thread (built-in conditions only)
 * and in the supervisor's worker (one `custom` predicate added), in the same run: warm per-invocation
 * time, the first call's added time (the worker starts and loads the module: outside Lambda it starts
 * there; in Lambda during init), the worker's memory, and when a predicate that loops for 30 s is
 * answered relative to the deadline the handler computes.
 */
import { createLocalContext } from '../../lib/local/context';
import { budgetMs } from '../../lib/runtime/deadline';
import { measureAsync, type InProcessFigure, type InProcessOptions } from '../decide/measure';
import { makeEvent } from '../decide/inputs';
import { target, type Target } from '../lib/results';
import { ratio, rounded, summarize, type Summary } from '../lib/stats';
import * as H from './handlers';

type Handler = typeof H.worker1;

export interface SupervisorSection {
  method: string;
  cells: { recipients: number; rules: number; threadMs: InProcessFigure; workerMs: InProcessFigure; overheadMs: number; ratio: number }[];
  firstCallMs: number;
  workerRssMiB: number;
  /** Answer time minus the handler's deadline, ms, over the runaway runs. */
  pastDeadlineMs: Summary;
}

const call = (h: Handler, event: ReturnType<typeof makeEvent>, budgetMs = 15_000) =>
  h(structuredClone(event), createLocalContext({ budgetMs }));
const round = (f: InProcessFigure): InProcessFigure => ({ ...rounded(f, 4), batch: f.batch });

async function pair(thread: Handler, worker: Handler, recipients: number, timing: InProcessOptions) {
  const event = makeEvent(recipients);
  const threadMs = round(await measureAsync(() => call(thread, event), timing));
  const workerMs = round(await measureAsync(() => call(worker, event), timing));
  return {
    threadMs,
    workerMs,
    overheadMs: Math.round((workerMs.median - threadMs.median) * 1e4) / 1e4,
    ratio: ratio(workerMs.median, threadMs.median),
  };
}

/** The runaway predicate under a 2 000 ms context (deadline 1 000 ms, after the default 1 000 ms margin). */
async function pastDeadline(runs: number): Promise<SupervisorSection['pastDeadlineMs']> {
  const past: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = Date.now();
    const ctx = createLocalContext({ budgetMs: 2_000 });
    const deadlineAt = started + budgetMs(ctx);
    await H.spins(makeEvent(2), ctx);
    past.push(Date.now() - deadlineAt);
    await new Promise((r) => setTimeout(r, 300)); // the next worker starts after the answer
  }
  return rounded(summarize(past), 1);
}

export async function runSupervisorBench(opts: {
  quick?: boolean;
  log?: (s: string) => void;
}): Promise<{ section: SupervisorSection; targets: Target[] }> {
  const log = opts.log ?? (() => {});
  const timing: InProcessOptions = opts.quick
    ? { runs: 7, minRunMs: 2, warmupMs: 150, budgetMs: 800 }
    : { runs: 31, minRunMs: 5, warmupMs: 500, budgetMs: 4000 };
  const event = makeEvent(1);
  const rssBefore = process.memoryUsage().rss;
  const thread1 = H.inThread(H.RULES_1);
  const thread500 = H.inThread(H.RULES_500);
  await call(thread1, event);
  const t0 = performance.now();
  await call(H.worker1, event);
  const firstCallMs = Math.round((performance.now() - t0) * 10) / 10;
  const workerRssMiB = Math.round(((process.memoryUsage().rss - rssBefore) / 2 ** 20) * 10) / 10;
  log(`supervisor: first call ${firstCallMs} ms, +${workerRssMiB} MiB`);
  const one = await pair(thread1, H.worker1, 1, timing);
  const big = await pair(thread500, H.worker500, 500, timing);
  const pastDeadlineMs = await pastDeadline(opts.quick ? 3 : 10);
  const cells = [
    { recipients: 1, rules: 1, ...one },
    { recipients: 500, rules: 200, ...big },
  ];
  const section: SupervisorSection = {
    method:
      'syncHandler(event, context) in process, warm: the same rule set (its rules plus one `custom` predicate that never holds) decided in the handler thread (a handler made after its module loaded: unsupervised, the path before the supervisor) and in the supervisor worker; one process, one run.',
    cells,
    firstCallMs,
    workerRssMiB,
    pastDeadlineMs,
  };
  const targets = [
    target('supervisor.warm-1', 'supervisor warm overhead, 1 recipient envelope rules', one.overheadMs, 0.3, 'ms'),
    target('supervisor.warm-500x200', 'supervisor warm overhead, 500 × 200', big.ratio, 1.1, '× thread'),
    target('supervisor.first-call', 'first call with the worker started (outside Lambda; at init in Lambda)', firstCallMs, 25, 'ms'),
    target('supervisor.memory', 'worker memory', workerRssMiB, 30, 'MiB'),
    target('supervisor.past-deadline', 'runaway predicate: answer after the deadline (max)', pastDeadlineMs.max, 200, 'ms'),
  ];
  return { section, targets };
}
