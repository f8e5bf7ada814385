/**
 * The worker's half: definitions made while the worker imports the handler's module register here
 * (by their site), and calls from the supervisor run against them. Each definition kind gives the
 * operations it offers (`decide`, `when`, `edit`, `lookup`, …).
 */
import { parentPort } from 'node:worker_threads';
import { thrownFacts } from '../../engine/runaway-thrown';
import type { Logger } from '../log';
import { isTransient } from '../transient';
import { appendProgress } from './progress-log';
import type { ContextCopy, FromWorker, ToWorker } from './protocol';

/** What an operation is handed in the worker. */
export interface WorkerCall {
  input: unknown;
  context: ContextCopy & { getRemainingTimeInMillis(): number };
  /** The raw message, asked of the supervisor once per call (it fetches it, within its deadline). */
  loadMessage(): Promise<Buffer>;
  log: Logger;
  /** Tell the supervisor what is done so far (each recipient's decision): kept if the deadline comes first. */
  progress(value: unknown): void;
}

export type Operations = Record<string, (call: WorkerCall) => unknown | Promise<unknown>>;

const definitions = new Map<string, Operations>();
const reads = new Map<number, { ok(b: Buffer): void; ko(e: unknown): void }>();
let listening = false;

const post = (m: FromWorker, transfer?: ArrayBuffer[]) => parentPort?.postMessage(m, transfer);

/** Register the operations of the definition at `key` (called by the definition itself, in the worker). */
export function registerDefinition(key: string, ops: Operations): void {
  definitions.set(key, ops);
  if (listening || !parentPort) return;
  listening = true;
  parentPort.on('message', (m: ToWorker) => {
    if (m.type === 'call') void run(m);
    else if (m.type === 'bytes') reads.get(m.id)?.ok(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
    else if (m.type === 'unreadable')
      reads.get(m.id)?.ko(Object.assign(new Error('the message could not be read'), { name: m.error.type, code: m.error.code }));
  });
}

export const definitionCount = (): number => definitions.size;
// The boot script reads the count through the global: it cannot import this module's copy.
(globalThis as Record<symbol, unknown>)[Symbol.for('workmail-rules.supervisor-registry')] = definitionCount;

/** The definition at `key`; a module evaluated again (jest's module registry) numbers its definitions on, hence the modulo. */
function find(key: string): Operations | undefined {
  return definitions.get(key) ?? (definitions.size ? definitions.get(String(Number(key) % definitions.size)) : undefined);
}

/** The progress logs the supervisor shared, by slot (each buffer crosses once). */
const progressLogs = new Map<number, SharedArrayBuffer>();

function callOf(m: Extract<ToWorker, { type: 'call' }>): WorkerCall {
  if (m.progressSlot !== undefined && m.progressLog) progressLogs.set(m.progressSlot, m.progressLog);
  const log = m.progressSlot === undefined ? undefined : progressLogs.get(m.progressSlot);
  let bytes: Promise<Buffer> | undefined;
  const at = (level: 'info' | 'warn' | 'error') => (fields: Record<string, unknown>) => post({ type: 'log', id: m.id, level, fields });
  return {
    input: m.input,
    context: { ...m.context, getRemainingTimeInMillis: () => Math.max(0, Math.floor(m.context.deadlineEpochMs - Date.now())) },
    loadMessage: () =>
      (bytes ??= new Promise<Buffer>((ok, ko) => {
        reads.set(m.id, { ok, ko });
        post({ type: 'read', id: m.id });
      })),
    log: { info: at('info'), warn: at('warn'), error: at('error') },
    // shared memory first (no message per decision); a message when the log is full
    progress: (value) => {
      if (!log || !appendProgress(log, value)) post({ type: 'progress', id: m.id, value });
    },
  };
}

async function run(m: Extract<ToWorker, { type: 'call' }>): Promise<void> {
  try {
    const op = find(m.key)?.[m.op];
    if (!op) throw Object.assign(new Error(`no definition at ${m.key} offers ${m.op}`), { code: 'SUPERVISOR_DEFINITION' });
    const output = await op(callOf(m));
    // A whole buffer moves; a slice of a shared pool is copied (moving it would detach its neighbours).
    const whole = output instanceof Uint8Array && output.byteOffset === 0 && output.byteLength === output.buffer.byteLength;
    const transfer = whole ? [output.buffer as ArrayBuffer] : undefined;
    try {
      post({ type: 'done', id: m.id, output }, transfer);
    } catch (e) {
      post({ type: 'failed', id: m.id, error: thrownFacts(e) }); // not cloneable (a function, a Proxy)
    }
  } catch (e) {
    post({ type: 'failed', id: m.id, error: { ...thrownFacts(e), ...(isTransient(e) ? { transient: true } : {}) } });
  } finally {
    reads.delete(m.id);
  }
}
