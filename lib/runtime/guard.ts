/**
 * The hard deadline for synchronous work. A timer cannot interrupt running JavaScript, and a
 * catastrophic regular expression (`/^(a+)+$/` on 31 characters: 90 s) or a runaway predicate never
 * yields. Node's `vm` can: a function run through `Script#runInThisContext` with `timeout` is terminated
 * by V8 when the time is up, wherever it is, inside a RegExp too. `runBefore(at, fn)` runs `fn`
 * that way and throws DeadlineError at `at`, so the handler still answers in time; the work is
 * abandoned, never resumed. No worker and no second copy of the rules: it works for rules defined
 * anywhere, in the envelope-only bundle too (node:vm is built in).
 *
 * Work that continues after an `await` (content conditions once the message is read) is outside
 * such a call; for it, `guardRegExps` makes the rule set's own RegExp objects run each match
 * through `runBefore` against the deadline of the invocation in progress.
 */
import { createContext, Script } from 'node:vm';
import { DeadlineError } from './deadline';

/**
 * The guarded function's slot on a global object. Where this module's global is the main context's
 * (Lambda, node), the script runs in this context: a new vm context costs milliseconds on a cold
 * start, and the timeout works the same in either. Inside a vm sandbox (jest) it gets a context.
 */
const SLOT = Symbol.for('workmail-rules.guarded-run');
type Slot = { [SLOT]?: () => unknown };
let script: Script | undefined;
let sandbox: ReturnType<typeof createContext> | null | undefined;
let depth = 0;

const TIMEOUT = 'ERR_SCRIPT_EXECUTION_TIMEOUT';

/** Run `fn` synchronously; if it is still running at `at` (performance.now() time), it is stopped and DeadlineError thrown. */
export function runBefore<T>(at: number, fn: () => T): T {
  if (depth > 0) return fn(); // already inside a guarded call: its timeout covers this one
  const ms = Math.floor(at - performance.now());
  if (ms <= 0) throw new DeadlineError(0);
  script ??= new Script("globalThis[Symbol.for('workmail-rules.guarded-run')]()");
  sandbox ??= new Script('globalThis').runInThisContext() === globalThis ? null : createContext({});
  const box = (sandbox ?? globalThis) as Slot;
  box[SLOT] = fn;
  depth++;
  try {
    return (sandbox ? script.runInContext(sandbox, { timeout: ms }) : script.runInThisContext({ timeout: ms })) as T;
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === TIMEOUT) throw new DeadlineError(ms);
    throw err;
  } finally {
    depth--;
    delete box[SLOT];
  }
}

/** Deadlines of the invocations in progress (one at a time in Lambda; the latest one wins locally). */
const active: number[] = [];

/** Mark an invocation's deadline as in force for guarded RegExps until the returned function is called. */
export function enterDeadline(at: number): () => void {
  active.push(at);
  return () => {
    const i = active.lastIndexOf(at);
    if (i >= 0) active.splice(i, 1);
  };
}

const nativeExec = RegExp.prototype.exec;
const GUARDED = Symbol.for('workmail-rules.guarded-regexp');

function guardedExec(this: RegExp, input: string): RegExpExecArray | null {
  const at = active[active.length - 1];
  if (at === undefined || depth > 0) return nativeExec.call(this, input);
  return runBefore(at, () => nativeExec.call(this, input));
}

/**
 * Find every RegExp reachable from `root` (a rule set, a condition: plain data) through data properties, and make its
 * matching obey the deadline in force. Each RegExp is changed once; frozen ones are left. Returns whether
 * `root` holds anything that can run for long: a RegExp, or a function (a custom condition's predicate).
 */
export function guardRegExps(root: unknown): boolean {
  let runsLong = false;
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'function') runsLong = true;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof RegExp) {
      runsLong = true;
      if (!(GUARDED in v) && Object.isExtensible(v)) {
        Object.defineProperty(v, 'exec', { value: guardedExec, configurable: true, writable: true });
        Object.defineProperty(v, GUARDED, { value: true });
      }
      continue;
    }
    // Data properties only: an accessor (a rule set's lazy `source`) holds no RegExp and is not run here.
    for (const d of Object.values(Object.getOwnPropertyDescriptors(v))) if (d.enumerable && 'value' in d) stack.push(d.value);
  }
  return runsLong;
}
