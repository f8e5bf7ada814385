/** The supervisor section of BENCHMARKS.md, from bench/results.json. */
import type { Results } from '../lib/results';
import { num, sectionState, stamp, table, targetLines, targetsOf, us, type Meta } from '../lib/markdown';
import type { SupervisorSection } from './run';

export function supervisorReport(r: Results): string {
  const s = r.sections['supervisor'] as (SupervisorSection & Meta) | undefined;
  const state = sectionState('supervisor', s);
  const out = ['## Supervisor', ''];
  if (state || !s) return [...out, state ?? ''].join('\n');
  out.push(stamp(s), '', s.method, '');
  out.push(
    table(
      ['recipients', 'rules', 'thread median µs', 'worker median µs', 'worker p99 µs', 'overhead µs', 'ratio'],
      s.cells.map((c) => [
        c.recipients,
        c.rules,
        us(c.threadMs.median),
        us(c.workerMs.median),
        us(c.workerMs.p99),
        us(c.overheadMs),
        `${num(c.ratio)}×`,
      ]),
    ),
    '',
    `First call with the worker starting (module compiled and loaded in it): ${num(s.firstCallMs)} ms; resident memory added: ${num(s.workerRssMiB)} MiB.`,
    '',
    `A predicate that loops for 30 s, ${s.pastDeadlineMs.runs} runs: answered ${num(s.pastDeadlineMs.median)} ms after the deadline (median), ${num(s.pastDeadlineMs.max)} ms at most.`,
    '',
    targetLines(targetsOf(r, 'supervisor.')),
  );
  return out.join('\n');
}
