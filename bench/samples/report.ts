/** The samples section of BENCHMARKS.md, from bench/results.json (bench/report.ts puts it in place). */
import { diagnosis, kib, msf, num, sectionState, stamp, table, targetLines, targetsOf, type Meta } from '../lib/markdown';
import type { Results } from '../lib/results';
import type { SamplesSection } from './run';

const rss = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(1));

export function samplesReport(r: Results): string {
  const s = r.sections['samples'] as (SamplesSection & Meta) | undefined;
  const state = sectionState('samples', s);
  const out = ['## The same work as the AWS sample (workmail-update-email)', ''];
  if (state || !s) return [...out, state ?? ''].join('\n');
  out.push(stamp(s), '', s.method, '', `Python: ${s.python}.`, '');
  const sizes = Object.entries(s.sizes);
  out.push(
    '**Cold** (a fresh process per run, spawn to exit; baseline: the Python sample):',
    '',
    table(
      ['message', 'ours median ms', 'min', 'Python median ms', 'min', 'ratio', 'peak RSS ours MiB', 'peak RSS Python MiB', 'runs'],
      sizes.map(([name, f]) => [
        `${name} (${kib(f.bytes)})`,
        msf(f.cold.ours.wallMs.median),
        msf(f.cold.ours.wallMs.min),
        msf(f.cold.python.wallMs.median),
        msf(f.cold.python.wallMs.min),
        `${num(f.cold.ratio)}×`,
        rss(f.cold.ours.peakRssMiB?.median),
        rss(f.cold.python.peakRssMiB?.median),
        f.cold.ours.wallMs.runs,
      ]),
    ),
    '',
    '**Warm** (one long-lived process per side; baseline: the Python sample; floor: the three calls alone with each SDK):',
    '',
    table(
      [
        'message',
        'ours ms / invocation',
        'ours / s',
        'Python ms / invocation',
        'Python / s',
        'time ratio',
        'throughput ratio',
        'floor, SDK for JavaScript ms',
        'floor, boto3 ms',
        'peak RSS ours MiB',
        'peak RSS Python MiB',
        'invocations',
      ],
      sizes.map(([name, f]) => [
        name,
        msf(f.warm.ours.medianMs),
        num(f.warm.ours.perSecond),
        msf(f.warm.python.medianMs),
        num(f.warm.python.perSecond),
        `${num(f.warm.ratio)}×`,
        `${num(Math.round((f.warm.python.medianMs / f.warm.ours.medianMs) * 100) / 100)}×`,
        f.floorMs ? msf(f.floorMs.node) : '',
        f.floorMs ? msf(f.floorMs.python) : '',
        rss(f.warm.ours.peakRssMiB),
        rss(f.warm.python.peakRssMiB),
        f.warm.invocations,
      ]),
    ),
    '',
  );
  if (s.largest.length) {
    out.push(
      '**The largest messages WorkMail allows**, through our rewriting bundle end to end (one fresh process each; limit: the function’s 1 024 MB):',
      '',
      table(
        ['message', 'bytes', 'expected', 'outcome', 'wall ms', 'peak RSS MiB', 'rewrite events logged'],
        s.largest.map((l) => [l.description, l.bytes, l.expect, l.outcome, l.wallMs, l.peakRssMiB, l.events.join(', ') || 'none']),
      ),
      '',
    );
  }
  out.push(targetLines(targetsOf(r, 'samples.')), diagnosis(s));
  return out.join('\n');
}
