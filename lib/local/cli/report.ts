/** One event's report: the table data, the rewrite, notes, the `--check` comparison and the `--update` write. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LambdaEventData } from '../../workmail/types';
import type { ReplayResult } from '../replay';
import { summarizeRewrite } from '../rewrite-summary';
import type { ReplayCommandOptions } from './args';
import {
  compareWithExpectation,
  expectationChanges,
  expectationFrom,
  expectFileOf,
  readExpectation,
  writeExpectation,
  type Expectation,
} from './expect';
import type { EventReport } from './format';

export interface ReportInput {
  file: string;
  shown: (f: string) => string;
  handler: string;
  functionName?: string;
  event: LambdaEventData;
  eventNotes: string[];
  result: ReplayResult;
  options: ReplayCommandOptions;
  cwd: string;
}

/** Builds the report; a broken expectation file comes back in `expectError` (exit 2), never thrown. */
export async function buildReport(input: ReportInput): Promise<{ report: EventReport; expectError?: string }> {
  const { file, result, options, cwd } = input;
  const report: EventReport = {
    file: input.shown(file),
    handler: input.shown(input.handler),
    ...(input.functionName ? { function: input.functionName } : {}),
    direction: input.event.flowDirection,
    durationMs: result.durationMs,
    decisions: result.decisions,
    notes: [...input.eventNotes, ...result.notes],
    responseProblems: result.responseProblems,
    ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
  };
  if (result.rewritten) {
    report.rewrite = summarizeRewrite(result.original, result.rewritten);
    if (options.out) {
      const relative = path.relative(cwd, file);
      const name = (relative.startsWith('..') ? path.basename(file) : relative).replace(/\.json$/i, '') + '.eml';
      const target = path.resolve(cwd, options.out, name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, result.rewritten);
      report.rewrittenPath = path.relative(cwd, target);
    }
  } else if (result.rewrite && result.rewrite.status !== 'rewritten') {
    report.rewriteNote = `${result.rewrite.status}${result.rewrite.reason ? ` (${result.rewrite.reason})` : ''}`;
  }
  if (options.explain) report.trace = result.decision?.trace ?? {};
  if (!options.check && !options.update) return { report };

  const expectFile = input.shown(expectFileOf(file));
  let expected: Expectation | undefined;
  try {
    expected = readExpectation(file);
  } catch (err) {
    return { report, expectError: (err as Error).message };
  }
  const outcome = { event: input.event, decisions: result.decisions, rewritten: result.rewritten };
  if (options.check) {
    const differences = result.responseProblems.map((x) => `invalid response: ${x}`);
    if (expected) differences.push(...(await compareWithExpectation(outcome, expected)));
    report.check = { ...(expected ? { expectFile } : {}), differences };
  }
  if (options.update) {
    const next = await expectationFrom(outcome, path.dirname(file));
    const changes = expectationChanges(expected, next);
    if (!expected || changes.length) writeExpectation(file, next, expected);
    report.update = { expectFile, created: !expected, changes };
  }
  return { report };
}

export function jsonLine(r: EventReport, result: ReplayResult): Record<string, unknown> {
  return {
    event: r.file,
    direction: r.direction,
    handler: r.handler,
    ...(r.function ? { function: r.function } : {}),
    response: result.response,
    decisions: r.decisions,
    rewritten: r.rewrite ?? null,
    ...(r.rewrittenPath ? { rewrittenPath: r.rewrittenPath } : {}),
    ...(r.fallbackReason ? { fallbackReason: r.fallbackReason } : {}),
    ...(r.notes.length ? { notes: r.notes } : {}),
    ...(r.responseProblems.length ? { responseProblems: r.responseProblems } : {}),
    ...(r.trace ? { trace: r.trace } : {}),
    ...(r.check ? { check: { ok: r.check.differences.length === 0, ...r.check } } : {}),
    ...(r.update ? { update: r.update } : {}),
    durationMs: r.durationMs,
    logs: result.logs,
    metrics: result.metrics,
  };
}
