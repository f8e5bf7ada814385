/**
 * CAP requests in `workmail-rules replay`: recognised by shape, replayed through the availability
 * handler (package.json "workmail-rules".handlers.AVAILABILITY, default handlers/availability.ts),
 * printed as a per-mailbox table or one JSON line, and checked against `<name>.expect.json`:
 * `{"mailboxes": {"<mailbox>": "<error>" | {"events"?: n, "busyTypes"?: [...], "workingDays"?: [...]}}}`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MailboxAnswer } from '../../workmail/availability/types';
import { isAvailabilityRequest, replayAvailability, type AvailabilityReplayResult } from './replay';
import { schemaProblems, schemaRef } from '../cli/schemas';
import { resolveHandlerPath } from '../handler-module';

export interface Painter {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
}
export interface AvailabilityFileOptions {
  cwd: string;
  handler?: string;
  json: boolean;
  check: boolean;
  /** Write `<name>.expect.json` from the answer (as for Message Flow events). */
  update?: boolean;
  paint: Painter;
}
export interface AvailabilityFileOutcome {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
  replayed: boolean;
  differences: number;
  /** --check ran and the request has no `<name>.expect.json`. */
  withoutExpectation?: boolean;
}

/** True when the file holds a CAP request (it is then replayed by replayAvailabilityFile). */
export function isAvailabilityFile(file: string): boolean {
  try {
    return isAvailabilityRequest(JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')));
  } catch {
    return false;
  }
}

/** The CAP handler: package.json "workmail-rules".handlers.AVAILABILITY (nearest package.json), else handlers/availability.ts. */
export function availabilityHandlerPath(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      let configured: string | undefined;
      try {
        configured = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { 'workmail-rules'?: { handlers?: { AVAILABILITY?: string } } })[
          'workmail-rules'
        ]?.handlers?.AVAILABILITY;
      } catch {
        /* defaults */
      }
      return path.resolve(dir, configured ?? 'handlers/availability.ts');
    }
    if (path.dirname(dir) === dir) return path.resolve(cwd, 'handlers/availability.ts');
  }
}

type Expected = string | { events?: number; busyTypes?: string[]; workingDays?: string[] };

/** The expectation the answer satisfies (what --update writes): an error code, or the counts and types per mailbox. */
export function availabilityExpectationFrom(result: AvailabilityReplayResult): { mailboxes: Record<string, Expected> } {
  const mailboxes: Record<string, Expected> = {};
  for (const m of result.response.mailboxes ?? []) {
    if ('error' in m) mailboxes[m.mailbox] = m.error;
    else
      mailboxes[m.mailbox] = {
        events: m.events.length,
        busyTypes: m.events.map((e) => e.busyType),
        workingDays: m.workingHours.workingPeriods.flatMap((p) => p.days),
      };
  }
  return { mailboxes };
}

/** Differences between the answer and `<name>.expect.json`; empty when it matches (or there is none). */
export function compareAvailability(result: AvailabilityReplayResult, expectFile: string): string[] {
  if (!fs.existsSync(expectFile)) return [];
  let expected: { mailboxes: Record<string, Expected> };
  try {
    expected = JSON.parse(fs.readFileSync(expectFile, 'utf8'));
  } catch (err) {
    return [`${expectFile} is not valid JSON: ${(err as Error).message}`];
  }
  const invalid = schemaProblems('availability-expect', expected);
  if (invalid.length) return invalid.map((x) => `${expectFile}: ${x} (schema: schemas/availability-expect.schema.json)`);
  const diffs: string[] = [];
  for (const [mailbox, want] of Object.entries(expected.mailboxes)) {
    const got = result.response.mailboxes?.find((m) => m.mailbox?.toLowerCase() === mailbox.toLowerCase());
    if (!got) {
      diffs.push(`${mailbox}: expected an entry, got none`);
      continue;
    }
    if (typeof want === 'string') {
      if (!('error' in got) || got.error !== want) diffs.push(`${mailbox}: expected error ${want}, got ${describe(got)}`);
      continue;
    }
    if ('error' in got) {
      diffs.push(`${mailbox}: expected events, got error ${got.error}`);
      continue;
    }
    const busy = got.events.map((e) => e.busyType);
    if (want.events !== undefined && got.events.length !== want.events)
      diffs.push(`${mailbox}: expected ${want.events} event(s), got ${got.events.length}`);
    if (want.busyTypes && busy.join(',') !== want.busyTypes.join(','))
      diffs.push(`${mailbox}: expected busy types ${want.busyTypes.join(', ') || '(none)'}, got ${busy.join(', ') || '(none)'}`);
    const days = got.workingHours.workingPeriods.flatMap((p) => p.days);
    if (want.workingDays && days.join(',') !== want.workingDays.join(','))
      diffs.push(`${mailbox}: expected working days ${want.workingDays.join(', ')}, got ${days.join(', ')}`);
  }
  return diffs;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function describe(m: MailboxAnswer): string {
  if ('error' in m) return `error ${m.error}`;
  return `${m.events.length} event(s)`;
}

/** The per-mailbox table: mailbox, events, busy types, working hours. */
export function formatAvailability(file: string, handler: string, r: AvailabilityReplayResult, p: Painter, differences?: string[]): string {
  const list: unknown[] = Array.isArray(r.response?.mailboxes) ? r.response.mailboxes : [];
  const rows = list.map((entry) => {
    const m = entry as MailboxAnswer;
    if (
      !m ||
      typeof m !== 'object' ||
      ('error' in m
        ? typeof m.error !== 'string'
        : !Array.isArray(m.events) || !Array.isArray(m.workingHours?.workingPeriods) || !m.workingHours.timezone)
    ) {
      return [String((m as { mailbox?: unknown })?.mailbox ?? '?'), p.red('invalid entry'), '', JSON.stringify(entry)?.slice(0, 60) ?? ''];
    }
    if ('error' in m) return [m.mailbox, p.red(`error ${m.error}`), '', ''];
    const busy = [...new Set(m.events.map((e) => e.busyType))].join(', ') || '-';
    const wh = m.workingHours.workingPeriods.map((w) => `${w.days.join(',')} ${hhmm(w.startMinutes)}-${hhmm(w.endMinutes)}`).join('; ');
    return [m.mailbox, `${m.events.length} event(s)`, busy, `${wh} ${m.workingHours.timezone.name} (bias ${m.workingHours.timezone.bias})`];
  });
  const head = ['mailbox', 'events', 'busy types', 'working hours'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.replace(/\u001b\[\d+m/g, '').length)));
  const line = (cells: string[]) =>
    '  ' +
    cells
      .map((c, i) => c + ' '.repeat(widths[i]! - c.replace(/\u001b\[\d+m/g, '').length))
      .join('  ')
      .trimEnd();
  const out = [`${p.bold(file)}  ${p.dim(`availability · ${handler} · ${r.durationMs} ms`)}`, line(head.map(p.dim)), ...rows.map(line)];
  for (const x of r.responseProblems) out.push(p.red(`  invalid response: ${x.path || '(root)'}: ${x.message}`));
  if (differences) out.push(differences.length ? differences.map((d) => p.red(`  check: ${d}`)).join('\n') : p.dim('  check: ok'));
  return out.join('\n');
}

/** Replays one CAP request file for the replay command. */
export async function replayAvailabilityFile(file: string, o: AvailabilityFileOptions): Promise<AvailabilityFileOutcome> {
  const rel = (f: string) => path.relative(o.cwd, f) || f;
  let handler: string;
  let result: AvailabilityReplayResult;
  try {
    handler = o.handler ?? resolveHandlerPath(availabilityHandlerPath(o.cwd), o.cwd);
    result = await replayAvailability(handler, file);
  } catch (err) {
    return { exitCode: 1, stdout: '', stderr: `${rel(file)}: ${(err as Error).message}\n`, replayed: false, differences: 0 };
  }
  const expectFile = file.replace(/\.json$/i, '') + '.expect.json';
  const problems = result.responseProblems.map((x) => `invalid response: ${x.path}: ${x.message}`);
  // An invalid response is compared only when it is valid enough to read.
  const hadExpectation = fs.existsSync(expectFile);
  const differences = o.check ? [...problems, ...(problems.length ? [] : compareAvailability(result, expectFile))] : undefined;
  const notes: string[] = [];
  if (o.check && !hadExpectation)
    notes.push(`check: no expectation (${rel(expectFile)}): nothing was checked; write one with replay --update`);
  if (o.update && problems.length === 0) {
    const written = { $schema: schemaRef('availability-expect', path.dirname(file)), ...availabilityExpectationFrom(result) };
    fs.writeFileSync(expectFile, JSON.stringify(written, null, 2) + '\n');
    notes.push(`update: ${hadExpectation ? 'rewrote' : 'created'} ${rel(expectFile)}`);
  }
  const stdout = o.json
    ? JSON.stringify({
        event: rel(file),
        kind: 'availability',
        handler: rel(handler),
        response: result.response,
        ...(result.responseProblems.length ? { responseProblems: result.responseProblems } : {}),
        ...(differences
          ? { check: { ok: differences.length === 0, ...(fs.existsSync(expectFile) ? { expectFile: rel(expectFile) } : {}), differences } }
          : {}),
        durationMs: result.durationMs,
        logs: result.logs,
        metrics: result.metrics,
      }) + '\n'
    : [
        formatAvailability(rel(file), rel(handler), result, o.paint, hadExpectation || problems.length ? differences : undefined),
        ...notes.map((n) => o.paint.dim(`  ${n}`)),
      ].join('\n') + '\n\n';
  const failed = (differences?.length ?? 0) > 0 || result.responseProblems.length > 0;
  return {
    exitCode: failed ? 1 : 0,
    stdout,
    stderr: o.json ? notes.map((n) => `${rel(file)}: ${n}\n`).join('') : '',
    replayed: true,
    differences: differences?.length ? 1 : 0,
    ...(o.check && !hadExpectation ? { withoutExpectation: true } : {}),
  };
}
