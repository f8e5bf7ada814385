/**
 * The supervisor: the handler's thread hands the rule set's code to a worker thread and stays free to
 * answer. A call settles with the worker's result, or at the deadline with DeadlineError; then the
 * worker is terminated (V8 stops it wherever it is, inside a RegExp match too) and a fresh one is
 * started after the answer, for the next invocation. One worker per handler module, started when the
 * first handler of that module is defined, with heap limits so unbounded allocation ends the worker,
 * not the function.
 */
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { thrownFacts, type ThrownFacts } from '../../engine/runaway-thrown';
import { DeadlineError } from '../deadline';
import type { Logger } from '../log';
import type { ContextCopy, FromWorker, ToWorker } from './protocol';
import { workerLimits } from './limits';
import { newProgressLog, readProgress, resetProgress } from './progress-log';
import { UserCodeError, WorkerFailedError } from './errors';

/**
 * How the worker loads the module. A deployed bundle is JavaScript and is imported as it is. A
 * TypeScript module (tests, replay) is compiled file by file with esbuild (a peer dependency) into
 * CommonJS, its `import()` calls included, so the lazy imports of the library resolve as require() does.
 */
const BOOT = `
const { workerData, parentPort } = require('node:worker_threads');
globalThis[Symbol.for('workmail-rules.supervisor-worker')] = true;
(async () => {
  // NODE_OPTIONS' --import preloads (instrumentation, loaders): Node runs --require ones in a worker, not these
  for (const spec of workerData.imports) await import(spec);
  if (workerData.esbuild) {
    const esbuild = require(workerData.esbuild);
    const Module = require('node:module');
    const fs = require('node:fs');
    const options = { format: 'cjs', platform: 'node', target: 'node20', supported: { 'dynamic-import': false } };
    const compile = (module, filename) => {
      const loader = filename.endsWith('x') ? 'tsx' : 'ts';
      const out = esbuild.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, loader, sourcefile: filename });
      module._compile(out.code, filename);
    };
    for (const ext of ['.ts', '.cts', '.mts', '.tsx']) Module._extensions[ext] = compile;
    require(workerData.file);
  }
  else await import(workerData.url);
  const registry = globalThis[Symbol.for('workmail-rules.supervisor-registry')];
  parentPort.postMessage({ type: 'loaded', definitions: registry ? registry() : 0 });
})().catch((e) => parentPort.postMessage({ type: 'load-failed', error: String((e && e.stack) || e).slice(0, 2000) }));
`;

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  load?: () => Promise<Buffer>;
  log?: Logger;
  progress?: (value: unknown) => void;
}

/** esbuild's entry, resolved from the module, the working directory or this package, for a TypeScript module. */
function esbuildFor(file: string): string | undefined {
  if (!/\.[cm]?tsx?$/.test(file)) return undefined;
  for (const paths of [[file], [process.cwd()], undefined]) {
    try {
      return require.resolve('esbuild', paths ? { paths } : undefined);
    } catch {
      // next place
    }
  }
  return undefined;
}

/** The modules NODE_OPTIONS preloads with --import (as URLs or specifiers; relative paths from the working directory). */
function nodeOptionImports(): string[] {
  const words = (process.env['NODE_OPTIONS'] ?? '').split(/\s+/).filter(Boolean);
  const out: string[] = [];
  words.forEach((w, i) => {
    const spec = w === '--import' ? words[i + 1] : w.startsWith('--import=') ? w.slice(9) : undefined;
    if (spec) out.push(/^[./]/.test(spec) ? pathToFileURL(path.resolve(spec)).href : spec);
  });
  return out;
}

class WorkerHandle {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  readonly pending = new Map<number, Pending>();
  dead = false;

  constructor(file: string) {
    this.worker = new Worker(BOOT, {
      eval: true,
      workerData: { file, url: pathToFileURL(file).href, esbuild: esbuildFor(file), imports: nodeOptionImports() },
      resourceLimits: workerLimits(),
      stdout: false,
      stderr: false,
    });
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (m: FromWorker) => {
        if (m.type === 'loaded') resolve();
        else if (m.type === 'load-failed') {
          this.dead = true;
          reject(new WorkerFailedError(`the handler module could not be loaded in the worker: ${m.error}`));
        } else this.onMessage(m);
      });
      const fail = (e: unknown) => {
        this.dead = true;
        const err = new WorkerFailedError(`the worker stopped (${thrownFacts(e).code ?? thrownFacts(e).type})`, thrownFacts(e));
        reject(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      };
      this.worker.on('error', fail);
      this.worker.on('exit', (code) => fail(Object.assign(new Error('exit'), { code: `EXIT_${code}` })));
    });
    this.ready.catch(() => undefined);
    // After the listeners (a 'message' listener refs the worker again): an idle worker never keeps
    // the process alive; a call in flight does (add/remove).
    this.worker.unref();
  }

  /** Progress logs already shared with this worker, and the free ones (a buffer crosses once per slot). */
  private readonly logs: SharedArrayBuffer[] = [];
  private readonly freeLogs: number[] = [];

  /** A cleared progress log, and the buffer to send when the worker has not seen this slot yet. */
  takeLog(): { slot: number; log: SharedArrayBuffer; send?: SharedArrayBuffer } {
    const reused = this.freeLogs.pop();
    if (reused !== undefined) {
      const log = this.logs[reused]!;
      resetProgress(log);
      return { slot: reused, log };
    }
    const log = newProgressLog();
    this.logs.push(log);
    return { slot: this.logs.length - 1, log, send: log };
  }

  releaseLog(slot: number): void {
    if (!this.dead) this.freeLogs.push(slot);
  }

  add(id: number, p: Pending): void {
    this.pending.set(id, p);
    this.worker.ref();
  }

  remove(id: number): Pending | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    return p;
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'loaded' || m.type === 'load-failed') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'done') {
      this.remove(m.id);
      p.resolve(m.output);
    } else if (m.type === 'failed') {
      this.remove(m.id);
      p.reject(
        m.error.code === 'SUPERVISOR_DEFINITION'
          ? new WorkerFailedError('the handler definition was not found in the worker', m.error)
          : new UserCodeError(m.error),
      );
    } else if (m.type === 'log') p.log?.[m.level](m.fields);
    else if (m.type === 'progress') p.progress?.(m.value);
    else if (m.type === 'read') this.read(m.id, p);
  }

  private read(id: number, p: Pending): void {
    const send = (m: ToWorker, transfer?: ArrayBuffer[]): void => {
      if (!this.dead) this.worker.postMessage(m, transfer);
    };
    if (!p.load) {
      send({ type: 'unreadable', id, error: { type: 'Error', code: 'NO_MESSAGE' } });
      return;
    }
    p.load().then(
      // A copy moves to the worker; the supervisor's Buffer stays whole for the rewrite's upload.
      (buf) => {
        const bytes = new Uint8Array(buf.byteLength);
        bytes.set(buf);
        send({ type: 'bytes', id, bytes }, [bytes.buffer]);
      },
      (e: unknown) => send({ type: 'unreadable', id, error: thrownFacts(e) }),
    );
  }
}

let nextId = 1;

export interface CallOptions {
  /** performance.now() time at which the call is abandoned. */
  deadlineAt: number;
  /** Fires at the deadline (the invocation's own signal). */
  signal: AbortSignal;
  context: Omit<ContextCopy, 'deadlineEpochMs'>;
  load?: () => Promise<Buffer>;
  log?: Logger;
  /** Receives what the call reports as done so far. */
  progress?: (value: unknown) => void;
}

/** The supervisor of one handler module: one worker at a time, replaced when it is terminated or dies. */
export class Supervisor {
  private handle: WorkerHandle | undefined;

  constructor(readonly file: string) {}

  /** Start the worker now if none runs (at definition, so the first invocation finds it loading or ready). */
  warm(): void {
    if (!this.handle || this.handle.dead) this.handle = new WorkerHandle(this.file);
  }

  /** Run operation `op` of the definition at `key` in the worker; rejects with DeadlineError at the deadline. */
  call(key: string, op: string, input: unknown, o: CallOptions): Promise<unknown> {
    this.warm();
    const handle = this.handle!;
    const id = nextId++;
    const ms = Math.max(0, Math.round(o.deadlineAt - performance.now()));
    return new Promise<unknown>((resolve, reject) => {
      const shared = o.progress ? handle.takeLog() : undefined;
      let drained = false;
      // what the worker decided before the call ended without its result (deadline, failure)
      const drain = () => {
        if (drained || !shared) return;
        drained = true;
        for (const v of readProgress(shared.log)) o.progress!(v);
      };
      const onAbort = () => {
        drain();
        reject(new DeadlineError(ms));
        this.replace(handle);
      };
      if (o.signal.aborted) return onAbort();
      o.signal.addEventListener('abort', onAbort, { once: true });
      const settle =
        <T>(f: (v: T) => void) =>
        (v: T) => {
          o.signal.removeEventListener('abort', onAbort);
          f(v);
          if (shared) handle.releaseLog(shared.slot);
        };
      const fail = (e: unknown) => {
        drain();
        reject(e);
      };
      handle.add(id, { resolve: settle(resolve), reject: settle(fail), load: o.load, log: o.log, progress: o.progress });
      const context: ContextCopy = { ...o.context, deadlineEpochMs: performance.timeOrigin + o.deadlineAt };
      handle.ready.then(
        () =>
          !handle.dead &&
          handle.worker.postMessage({
            type: 'call',
            id,
            key,
            op,
            input,
            context,
            progressSlot: shared?.slot,
            progressLog: shared?.send,
          } satisfies ToWorker),
        settle(fail),
      );
    });
  }

  /** Terminate a worker that did not answer in time and start its successor once the answer is out. */
  private replace(handle: WorkerHandle): void {
    if (this.handle !== handle) return;
    handle.dead = true;
    this.handle = undefined;
    const err = new WorkerFailedError('the worker was replaced at the deadline of another call');
    for (const p of handle.pending.values()) p.reject(err);
    handle.pending.clear();
    void handle.worker.terminate();
    setImmediate(() => this.warm());
  }
}

const supervisors = new Map<string, Supervisor>();

/** The supervisor of the module `file` (one per module per process). */
export function supervisorFor(file: string): Supervisor {
  let s = supervisors.get(file);
  if (!s) supervisors.set(file, (s = new Supervisor(file)));
  return s;
}

export type { ThrownFacts };
