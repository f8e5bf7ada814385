/**
 * `workmail-rules replay [paths...]`: replays every event through the functions that serve it (the
 * CDK configuration's functions, or `--handler`) against one local WorkMail, loading each handler
 * module once, and prints a table (or JSON lines) per event and function. Exit codes: see EXIT_CODES
 * in ./args (the other events still run).
 */
import * as path from 'node:path';
import type { FlowDirection } from '../../workmail/types';
import { isAvailabilityFile, replayAvailabilityFile } from '../availability/cli';
import { applyEnv } from '../env';
import { article, replay, siblingMessage, type ReplayResult } from '../replay';
import { startLocalWorkMail, type LocalWorkMail } from '../workmail';
import { parseReplayArgs, UsageError, USAGE, type ReplayCommandOptions } from './args';
import { collectEventFiles, directionHint, loadEventFile } from './events';
import { formatEvent, paint } from './format';
import { HandlerCache } from './handler-cache';
import { progressLine } from './progress';
import { buildReport, jsonLine } from './report';
import { claimedBy, defaultFunctions, eventSpecRoot, functionsFor, matchesEventSpec, type ReplayFunction } from './targets';

export interface CommandIO {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
}

export interface ReplaySetup {
  /** The functions of the CDK configuration (absolute paths); default handlers/inbound.ts and handlers/outbound.ts. */
  functions?: ReplayFunction[];
}

const defaultIO = (): CommandIO => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });

export async function runReplayCommand(argv: string[], io: CommandIO = defaultIO(), setup: ReplaySetup = {}): Promise<number> {
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
  if (options.update && /^(1|true)$/i.test(io.env.CI ?? '')) {
    io.stderr.write(
      'workmail-rules replay: --update is refused under CI=true: expectations are written on a developer machine and reviewed, CI only checks them (--check)\n',
    );
    return 2;
  }
  let exitCode = 0;
  const fail = (code: number) => {
    exitCode = Math.max(exitCode, code);
  };
  const rel = (f: string) => path.relative(io.cwd, path.resolve(io.cwd, f)) || f;
  const functions = setup.functions ?? defaultFunctions(io.cwd);

  const paths = options.paths.length ? options.paths : ['events', ...functions.flatMap((f) => (f.events ?? []).map(eventSpecRoot))];
  const { files: found, missing } = collectEventFiles([...new Set(paths.map((p) => path.resolve(io.cwd, p)))]);
  // By default: everything under events/, and what each function's "events" folder or glob matches.
  const eventsDir = path.resolve(io.cwd, 'events');
  const files = options.paths.length ? found : found.filter((f) => matchesEventSpec(f, eventsDir) || claimedBy(f, functions).length > 0);
  for (const m of missing) {
    if (!options.paths.length && m !== path.resolve(io.cwd, 'events')) continue;
    io.stderr.write(`workmail-rules replay: ${rel(m)}: no such file or folder\n`);
    if (options.paths.length) fail(2);
  }
  if (files.length === 0) {
    io.stderr.write(
      `workmail-rules replay: no events (*.json) under ${paths.join(', ')}${options.check ? ': --check has nothing to check' : ''}\n`,
    );
    return options.paths.length || options.check ? 2 : exitCode;
  }

  const progress = io.stderr.isTTY === true && !options.json ? progressLine(io.stderr, files.length) : undefined;
  const say = (text: string) => {
    progress?.clear();
    io.stderr.write(`${text}\n`);
  };
  let warnings = 0;
  const warn = (text: string) => {
    warnings++;
    say(text);
    fail(2);
  };
  const handlers = new HandlerCache(io.cwd, rel, (level, text) => {
    if (level === 'warning') return warn(text);
    say(text);
    fail(2);
  });
  const p = paint(options.color ?? (io.stdout.isTTY === true && !io.env.NO_COLOR));
  const fixed: ReplayFunction | undefined =
    options.handler !== undefined
      ? { name: '', entry: path.resolve(io.cwd, options.handler), direction: 'INBOUND', rule: 'sync' }
      : undefined;
  let fixedDirection: FlowDirection | undefined;
  if (fixed) {
    const h = await handlers.get(fixed.entry);
    if (h.ok) fixedDirection = h.description?.direction;
  }

  let wm: LocalWorkMail | undefined;
  let restoreEnv: (() => void) | undefined;
  const started = performance.now();
  let replayed = 0;
  const eventsReplayed = new Set<string>();
  let differences = 0;
  let skipped = 0;
  let unexpected = 0;
  try {
    for (const [i, file] of files.entries()) {
      progress?.show(i, rel(file));
      if (isAvailabilityFile(file)) {
        // a Custom Availability Provider request (docs/availability.md)
        progress?.clear();
        const cap = await replayAvailabilityFile(file, {
          cwd: io.cwd,
          handler: fixed?.entry,
          json: options.json,
          check: options.check,
          update: options.update,
          paint: p,
        });
        io.stdout.write(cap.stdout);
        io.stderr.write(cap.stderr);
        fail(cap.exitCode);
        if (cap.replayed) {
          replayed++;
          eventsReplayed.add(file);
        }
        differences += cap.differences;
        if (cap.withoutExpectation) unexpected++;
        continue;
      }
      const claimed = claimedBy(file, functions);
      const loaded = loadEventFile(file, fixedDirection ?? claimed[0]?.direction ?? (fixed ? 'INBOUND' : undefined));
      if (!loaded.ok) {
        const hint = loaded.issues.some((x) => x.path === 'flowDirection' && x.message.startsWith('is required'))
          ? '\n  (put the event under an inbound/ or outbound/ folder, give its function an "events" folder in cdk.json, or pass --handler)'
          : '';
        say(`${rel(file)}: invalid event\n${loaded.issues.map((x) => `  ${x.path || '(root)'}: ${x.message}`).join('\n')}${hint}`);
        fail(2);
        continue;
      }
      const direction = loaded.event.flowDirection;
      const folder = directionHint(file);
      if (folder && folder !== direction) {
        warn(
          `${rel(file)}: warning: ${article(direction)} ${direction} event in an ${folder.toLowerCase()}/ folder: ` +
            `move it under ${direction.toLowerCase()}/, or fix its flowDirection (it is replayed as ${direction})`,
        );
      }
      const targets = fixed ? [fixed] : functionsFor(file, direction, functions);
      if (targets.length === 0) {
        say(`${rel(file)}: no synchronous ${direction} function serves this event: add one to the cdk.json functions, or pass --handler`);
        fail(1);
        continue;
      }
      if (options.update && targets.length > 1) {
        say(
          `${rel(file)}: --update skipped: ${targets.map((t) => t.name).join(' and ')} both serve this event; give each function its own "events" folder`,
        );
        fail(1);
      }
      for (const target of targets) {
        const handler = await handlers.get(target.entry);
        if (!handler.ok) {
          skipped++;
          continue;
        }
        const declared = handler.description?.direction;
        if (declared && declared !== direction) {
          say(directionMismatch(rel(file), direction, rel(handler.file), declared, fixed ? undefined : target));
          fail(1);
          continue;
        }
        if (!wm) {
          wm = await startLocalWorkMail();
          restoreEnv = applyEnv(wm.env);
        }
        let result: ReplayResult;
        try {
          const message = await siblingMessage(file);
          result = await replay(handler.fn, loaded.raw, {
            workmail: wm,
            explain: options.explain,
            direction,
            ...(message ? { message } : {}),
          });
        } catch (err) {
          say(`${rel(file)}: ${(err as Error).message}`);
          fail(1);
          continue;
        }
        replayed++;
        eventsReplayed.add(file);
        const { report, expectError } = await buildReport({
          file,
          shown: rel,
          handler: handler.file,
          ...(fixed ? {} : { functionName: target.name }),
          event: loaded.event,
          eventNotes: loaded.notes,
          result,
          options: targets.length > 1 ? { ...options, update: false } : options,
          cwd: io.cwd,
        });
        if (expectError) {
          say(expectError);
          fail(2);
        }
        if (report.check && !report.check.expectFile) unexpected++;
        if (report.check && report.check.differences.length > 0) {
          differences++;
          fail(1);
        }
        progress?.clear();
        if (options.json) io.stdout.write(JSON.stringify(jsonLine(report, result)) + '\n');
        else io.stdout.write(formatEvent(report, p) + '\n\n');
      }
    }
  } finally {
    progress?.clear();
    restoreEnv?.();
    await wm?.stop();
  }
  if (options.check && eventsReplayed.size === 0) {
    io.stderr.write('workmail-rules replay: no event was replayed, so --check checked nothing (see the messages above)\n');
    fail(2);
  }
  if (options.check && options.requireExpectations && unexpected > 0) fail(1);
  if (!options.json) {
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const checkNote = options.check
      ? `, ${differences} with check differences, ${unexpected} without expectations${unexpected && options.requireExpectations ? ' (--require-expectations: exit 1)' : ''}`
      : '';
    const warnNote = warnings ? `, ${warnings} warning(s) (exit status 2)` : '';
    const skipNote = skipped ? `, ${skipped} skipped (handler not loaded)` : '';
    const replaysNote = replayed > eventsReplayed.size ? `, ${replayed} replays (several functions serve some events)` : '';
    io.stdout.write(
      p.dim(`${eventsReplayed.size} of ${files.length} event(s) replayed in ${seconds} s${checkNote}${replaysNote}${skipNote}${warnNote}`) +
        '\n',
    );
  }
  return exitCode;
}

/** The handler's rules are for the other direction: from cdk.json, the function's direction key is what to fix. */
function directionMismatch(
  file: string,
  direction: FlowDirection,
  handler: string,
  declared: FlowDirection,
  target?: ReplayFunction,
): string {
  const head = `${file}: ${article(direction)} ${direction} event, but ${handler} handles ${declared} mail (its rules are written for ${declared})`;
  if (target?.name && target.direction !== declared) {
    return `${head}: cdk.json gives function "${target.name}" direction ${target.direction}; set direction "${declared}" (workmail.functions.${target.name}.direction), or give it ${article(target.direction)} ${target.direction} rule set`;
  }
  return `${head}: replay it through ${article(direction)} ${direction} function, or fix the event's flowDirection`;
}
