/**
 * `workmail-rules replay [paths...]`: replays every event against one local WorkMail, loading each
 * handler module once, and prints a table (or JSON lines) per event. Exit 0 ok, 1 a check
 * difference or handler failure, 2 an unreadable/invalid event or bad usage (other events still run).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEnv } from '../env';
import { resolveHandlerPath } from '../handler-module';
import { replay, siblingMessage, type ReplayResult } from '../replay';
import { summarizeRewrite } from '../rewrite-summary';
import { startLocalWorkMail, type LocalWorkMail } from '../workmail';
import { parseReplayArgs, UsageError, USAGE, type ReplayCommandOptions } from './args';
import { collectEventFiles, handlersByDirection, loadEventFile } from './events';
import { compareWithExpectation, expectFileOf, readExpectation } from './expect';
import { formatEvent, paint, type EventReport } from './format';

export interface CommandIO {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
}

const defaultIO = (): CommandIO => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });

export async function runReplayCommand(argv: string[], io: CommandIO = defaultIO()): Promise<number> {
  let options: ReplayCommandOptions;
  try {
    options = parseReplayArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`workmail-rules replay: ${err.message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  let exitCode = 0;
  const fail = (code: number) => {
    exitCode = Math.max(exitCode, code);
  };
  const rel = (f: string) => path.relative(io.cwd, path.resolve(io.cwd, f)) || f;

  const { files, missing } = collectEventFiles(options.paths.map((p) => path.resolve(io.cwd, p)));
  for (const m of missing) {
    io.stderr.write(`workmail-rules replay: ${rel(m)}: no such file or folder\n`);
    fail(2);
  }
  if (files.length === 0) {
    if (missing.length === 0) io.stderr.write(`workmail-rules replay: no events (*.json) under ${options.paths.join(', ')}\n`);
    return exitCode;
  }

  let fixedHandler: string | undefined;
  try {
    fixedHandler = options.handler !== undefined ? resolveHandlerPath(options.handler, io.cwd) : undefined;
  } catch (err) {
    io.stderr.write(`workmail-rules replay: ${(err as Error).message}\n`);
    return 2;
  }
  const byDirection = handlersByDirection(io.cwd);
  const colour = options.color ?? (io.stdout.isTTY === true && !io.env.NO_COLOR);
  const p = paint(colour);
  const progress = io.stderr.isTTY === true && !options.json ? progressLine(io, files.length) : undefined;

  let wm: LocalWorkMail | undefined;
  let restoreEnv: (() => void) | undefined;
  const started = performance.now();
  let replayed = 0;
  let differences = 0;
  try {
    for (const [i, file] of files.entries()) {
      progress?.(i, rel(file));
      const loaded = loadEventFile(file, fixedHandler ? 'INBOUND' : undefined);
      if (!loaded.ok) {
        const hint = loaded.issues.some((x) => x.path === 'flowDirection' && x.message.startsWith('is required'))
          ? '\n  (put the event under an inbound/ or outbound/ folder, or pass --handler)'
          : '';
        io.stderr.write(`${rel(file)}: invalid event\n${loaded.issues.map((x) => `  ${x.path || '(root)'}: ${x.message}`).join('\n')}${hint}\n`);
        fail(2);
        continue;
      }
      const direction = loaded.event.flowDirection;
      const handler = fixedHandler ?? byDirection[direction];
      if (!wm) {
        wm = await startLocalWorkMail();
        restoreEnv = applyEnv(wm.env);
      }
      let result: ReplayResult;
      try {
        const message = await siblingMessage(file);
        result = await replay(handler, loaded.raw, {
          workmail: wm,
          explain: options.explain,
          direction,
          ...(message ? { message } : {}),
        });
      } catch (err) {
        io.stderr.write(`${rel(file)}: ${(err as Error).message}\n`);
        fail(1);
        continue;
      }
      replayed++;
      const report = buildReport(file, rel(file), rel(handler), direction, result, options, io.cwd);
      if (report.check && report.check.differences.length > 0) {
        differences++;
        fail(1);
      }
      if (options.json) io.stdout.write(JSON.stringify(jsonLine(report, result)) + '\n');
      else io.stdout.write(formatEvent(report, p) + '\n\n');
    }
  } finally {
    progress?.(files.length, '');
    restoreEnv?.();
    await wm?.stop();
  }
  if (!options.json) {
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const checkNote = options.check ? `, ${differences} with check differences` : '';
    io.stdout.write(p.dim(`${replayed} of ${files.length} event(s) replayed in ${seconds} s${checkNote}`) + '\n');
  }
  return exitCode;
}

function buildReport(
  file: string,
  shownFile: string,
  handler: string,
  direction: string,
  result: ReplayResult,
  options: ReplayCommandOptions,
  cwd: string,
): EventReport {
  const report: EventReport = {
    file: shownFile,
    handler,
    direction,
    durationMs: result.durationMs,
    decisions: result.decisions,
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
  if (options.check) {
    const differences = result.responseProblems.map((x) => `invalid response: ${x}`);
    let expectFile: string | undefined;
    try {
      const expected = readExpectation(file);
      if (expected) {
        expectFile = path.relative(cwd, expectFileOf(file));
        differences.push(...compareWithExpectation(result.decisions, expected));
      }
    } catch (err) {
      expectFile = path.relative(cwd, expectFileOf(file));
      differences.push((err as Error).message);
    }
    report.check = { ...(expectFile ? { expectFile } : {}), differences };
  }
  return report;
}

function jsonLine(r: EventReport, result: ReplayResult): Record<string, unknown> {
  return {
    event: r.file,
    direction: r.direction,
    handler: r.handler,
    response: result.response,
    decisions: r.decisions,
    rewritten: r.rewrite ?? null,
    ...(r.rewrittenPath ? { rewrittenPath: r.rewrittenPath } : {}),
    ...(r.fallbackReason ? { fallbackReason: r.fallbackReason } : {}),
    ...(r.responseProblems.length ? { responseProblems: r.responseProblems } : {}),
    ...(r.trace ? { trace: r.trace } : {}),
    ...(r.check ? { check: { ok: r.check.differences.length === 0, ...r.check } } : {}),
    durationMs: r.durationMs,
    logs: result.logs,
  };
}

/** A single self-overwriting progress line on stderr (TTY only), at most ~10 updates a second. */
function progressLine(io: CommandIO, total: number): (done: number, file: string) => void {
  let last = 0;
  return (done, file) => {
    const now = Date.now();
    if (done >= total) {
      io.stderr.write('\r\u001b[K');
      return;
    }
    if (now - last < 100) return;
    last = now;
    io.stderr.write(`\r\u001b[K[${done + 1}/${total}] ${file}`);
  };
}

